package iam

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"sort"
)

// Doc is one managed policy a split produced. Slot is its place in the
// split, stable across edits that do not change how many slots there are.
type Doc struct {
	Slot       int
	Statements []Statement
}

// Policy returns the document as a policy.
func (d Doc) Policy() Policy { return Policy{Version: Version, Statement: d.Statements} }

// TooLargeError is one statement that alone exceeds a managed policy.
type TooLargeError struct {
	Sid  string
	Size int
	Max  int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("statement %s is %d characters; a managed policy holds at most %d: split its actions or resources into several atomic policies", e.Sid, e.Size, e.Max)
}

// docOverhead is {"Version":"2012-10-17","Statement":[]} without the
// statements, as IAM counts it.
var docOverhead = Policy{Version: Version, Statement: []Statement{}}.Size()

// Split packs statements into as few managed policies of at most limit
// characters (IAM's count: JSON without whitespace) as it can, keeping
// each statement where it was when the others change.
//
// The number of documents is 1 when everything fits in one, and otherwise
// one more than the lower bound ceil(total/limit): that one document of
// slack, spread over all of them, lets each statement sit in the slot its
// name hashes to (jump consistent hashing), so adding, removing or
// resizing one statement moves no other statement, except in the rare
// edits that change the number of slots, which move about 1/n of them.
// The same input always gives the same split.
func Split(stmts []Statement, limit int) ([]Doc, error) {
	capacity := limit - docOverhead
	type item struct {
		st   Statement
		size int
		key  uint64
	}
	items := make([]item, len(stmts))
	total := 0
	var raw bytes.Buffer
	for i, st := range stmts {
		// The statement's size is what it adds to a policy's: its JSON
		// alone, measured once, and hashed too when it has no Sid.
		raw.Reset()
		if err := st.appendJSON(&raw); err != nil {
			return nil, err
		}
		size := nonSpace(raw.Bytes())
		if size > capacity {
			return nil, &TooLargeError{Sid: st.Sid, Size: size + docOverhead, Max: limit}
		}
		h := fnv.New64a()
		if st.Sid != "" {
			h.Write([]byte(st.Sid))
		} else {
			h.Write([]byte(`{"Version":"","Statement":[`))
			h.Write(raw.Bytes())
			h.Write([]byte(`]}`))
		}
		items[i] = item{st: st, size: size + 1, key: h.Sum64()} // +1: the comma between statements
		total += size + 1
	}
	if len(items) == 0 {
		return nil, nil
	}
	// One slot's worth of commas is not needed: a document of k
	// statements has k-1 commas.
	if total-1 <= capacity {
		return []Doc{{Slot: 0, Statements: sortedStatements(stmts)}}, nil
	}
	lower := (total + capacity) / capacity // ceil(total / capacity), counting one comma per statement
	// Big statements first, so they find room; ties by key, for determinism.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ia, ib := items[order[a]], items[order[b]]
		if ia.size != ib.size {
			return ia.size > ib.size
		}
		return ia.key < ib.key
	})
	for n := lower + 1; ; n++ {
		used := make([]int, n)
		slot := make([]int, len(items))
		ok := true
		for _, i := range order {
			home := jump(items[i].key, n)
			placed := false
			for p := 0; p < n; p++ {
				s := (home + p) % n
				if used[s]+items[i].size <= capacity+1 {
					used[s] += items[i].size
					slot[i], placed = s, true
					break
				}
			}
			if !placed {
				ok = false
				break
			}
		}
		if !ok {
			continue // essentially never with a slot of slack; more slots always end it
		}
		docs := make([]Doc, n)
		for s := range docs {
			docs[s].Slot = s
		}
		for i, it := range items {
			docs[slot[i]].Statements = append(docs[slot[i]].Statements, it.st)
		}
		out := docs[:0]
		for _, d := range docs {
			if len(d.Statements) > 0 {
				d.Statements = sortedStatements(d.Statements)
				out = append(out, d)
			}
		}
		return out, nil
	}
}

func sortedStatements(s []Statement) []Statement {
	c := append([]Statement{}, s...)
	sort.SliceStable(c, func(i, j int) bool { return c[i].Sid < c[j].Sid })
	return c
}

// jump is Lamping and Veach's jump consistent hash: the bucket in [0, n)
// of key, such that growing n by one moves only 1/n of the keys.
func jump(key uint64, n int) int {
	var b, j int64 = -1, 0
	for j < int64(n) {
		b = j
		key = key*2862933555777941757 + 1
		j = int64(float64(b+1) * (float64(int64(1)<<31) / float64((key>>33)+1)))
	}
	return int(b)
}
