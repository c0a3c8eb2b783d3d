package iam

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
)

// Doc is one managed policy a split produced. Slot is its place in the
// split, stable across edits that do not change how many slots there are.
type Doc struct {
	Slot       int
	Statements []Statement
	raw        [][]byte // each statement's JSON, when the split measured it
}

// Policy returns the document as a policy.
func (d Doc) Policy() Policy { return Policy{Version: Version, Statement: d.Statements} }

// JSON is the document's policy as Policy.JSON writes it, from the
// statements' JSON the split already wrote when it has it.
func (d Doc) JSON() ([]byte, error) {
	if !d.hasRaw() {
		return d.Policy().JSON()
	}
	n := len(docHead) + len(d.raw) + 1
	for _, raw := range d.raw {
		n += len(raw)
	}
	b := bytes.NewBuffer(make([]byte, 0, n))
	d.writeRaw(b)
	return b.Bytes(), nil
}

// WriteJSON writes JSON's bytes to w (a hash, to name the document by its
// content without holding them).
func (d Doc) WriteJSON(w io.Writer) error {
	if !d.hasRaw() {
		raw, err := d.Policy().JSON()
		if err != nil {
			return err
		}
		_, err = w.Write(raw)
		return err
	}
	return d.writeRaw(w)
}

const docHead = `{"Version":"` + Version + `","Statement":[`

func (d Doc) hasRaw() bool { return len(d.raw) == len(d.Statements) && len(d.raw) > 0 }

func (d Doc) writeRaw(w io.Writer) error {
	if _, err := io.WriteString(w, docHead); err != nil {
		return err
	}
	for i, raw := range d.raw {
		if i > 0 {
			if _, err := w.Write([]byte{','}); err != nil {
				return err
			}
		}
		if _, err := w.Write(raw); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]}")
	return err
}

// Measured is a statement with its JSON, written once: a caller that puts
// the same statement in many splits (one atomic policy in many engineers'
// roles) measures it once and splits with SplitMeasured.
type Measured struct {
	Statement Statement
	JSON      []byte
	size      int // IAM's count of JSON: without whitespace
}

// Measure writes a statement's JSON for SplitMeasured.
func Measure(st Statement) (Measured, error) {
	var b bytes.Buffer
	if err := st.appendJSON(&b); err != nil {
		return Measured{}, err
	}
	return Measured{Statement: st, JSON: b.Bytes(), size: nonSpace(b.Bytes())}, nil
}

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
	ms := make([]Measured, len(stmts))
	for i, st := range stmts {
		m, err := Measure(st)
		if err != nil {
			return nil, err
		}
		ms[i] = m
	}
	return SplitMeasured(ms, limit)
}

// SplitMeasured is Split of statements already measured.
func SplitMeasured(stmts []Measured, limit int) ([]Doc, error) {
	capacity := limit - docOverhead
	type item struct {
		size int
		key  uint64
	}
	items := make([]item, len(stmts))
	total := 0
	for i, m := range stmts {
		// The statement's size is what it adds to a policy's: its JSON
		// alone, without whitespace, and hashed too when it has no Sid.
		st := m.Statement
		size := m.size
		if size == 0 { // built by hand, not by Measure
			size = nonSpace(m.JSON)
		}
		if size > capacity {
			return nil, &TooLargeError{Sid: st.Sid, Size: size + docOverhead, Max: limit}
		}
		h := fnv.New64a()
		if st.Sid != "" {
			h.Write([]byte(st.Sid))
		} else {
			h.Write([]byte(`{"Version":"","Statement":[`))
			h.Write(m.JSON)
			h.Write([]byte(`]}`))
		}
		items[i] = item{size: size + 1, key: h.Sum64()} // +1: the comma between statements
		total += size + 1
	}
	if len(items) == 0 {
		return nil, nil
	}
	// One slot's worth of commas is not needed: a document of k
	// statements has k-1 commas.
	if total-1 <= capacity {
		return []Doc{sortedDoc(0, stmts)}, nil
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
		in := make([][]Measured, n)
		for i, m := range stmts {
			in[slot[i]] = append(in[slot[i]], m)
		}
		var out []Doc
		for s, ms := range in {
			if len(ms) > 0 {
				out = append(out, sortedDoc(s, ms))
			}
		}
		return out, nil
	}
}

// sortedDoc is the document in slot of the statements, sorted by Sid (in
// their order where Sids tie).
func sortedDoc(slot int, stmts []Measured) Doc {
	order := make([]int, len(stmts)) // sorted by index: a Measured is large to move
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return stmts[order[i]].Statement.Sid < stmts[order[j]].Statement.Sid })
	d := Doc{Slot: slot, Statements: make([]Statement, len(stmts)), raw: make([][]byte, len(stmts))}
	for i, k := range order {
		d.Statements[i], d.raw[i] = stmts[k].Statement, stmts[k].JSON
	}
	return d
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
