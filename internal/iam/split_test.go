package iam

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomStatement is an atomic policy of 1 to 30 actions on 1 to 6 resources:
// from about 100 to about 2,500 characters.
func randomStatement(r *rand.Rand, name string) Statement {
	st := Statement{Sid: name, Effect: "Allow"}
	for i := 0; i < 1+r.IntN(30); i++ {
		st.Action = append(st.Action, fmt.Sprintf("s3:Action%04d", r.IntN(10000)))
	}
	for i := 0; i < 1+r.IntN(6); i++ {
		st.Resource = append(st.Resource, fmt.Sprintf("arn:aws:s3:::bucket-%d/prefix-%d/*", r.IntN(100), r.IntN(1000)))
	}
	if r.IntN(4) == 0 {
		st.Condition = map[string]Condition{"StringEquals": {"aws:ResourceTag/team": Strings(fmt.Sprintf("team%d", r.IntN(9)))}}
	}
	return st
}

func randomSet(r *rand.Rand, n int) []Statement {
	out := make([]Statement, n)
	for i := range out {
		out[i] = randomStatement(r, fmt.Sprintf("Policy%05d", r.IntN(100000)))
	}
	return dedupeSids(out)
}

func dedupeSids(s []Statement) []Statement {
	seen := map[string]bool{}
	out := s[:0]
	for _, st := range s {
		if !seen[st.Sid] {
			seen[st.Sid] = true
			out = append(out, st)
		}
	}
	return out
}

func sizeOf(stmts []Statement) int {
	total := 0
	for _, st := range stmts {
		total += Policy{Statement: []Statement{st}}.Size() - Policy{Statement: []Statement{}}.Size() + 1
	}
	return total - 1
}

// TestSplitProperties: for many random sets, every document fits, the
// documents hold exactly the input statements, and there are at most one
// more documents than the lower bound.
func TestSplitProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 500; trial++ {
		stmts := randomSet(r, r.IntN(120))
		docs, err := Split(stmts, MaxManagedPolicySize)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, d := range docs {
			if size := d.Policy().Size(); size > MaxManagedPolicySize {
				t.Fatalf("trial %d: a document is %d characters", trial, size)
			}
			// The JSON made from the split's measurements is the policy's.
			raw, err := d.JSON()
			want, _ := d.Policy().JSON()
			if err != nil || !bytes.Equal(raw, want) {
				t.Fatalf("trial %d: Doc.JSON %s, Policy().JSON %s (%v)", trial, raw, want, err)
			}
			var written bytes.Buffer
			if err := d.WriteJSON(&written); err != nil || !bytes.Equal(written.Bytes(), want) {
				t.Fatalf("trial %d: Doc.WriteJSON %s, Policy().JSON %s (%v)", trial, written.Bytes(), want, err)
			}
			for _, st := range d.Statements {
				got[st.Sid]++
			}
		}
		for _, st := range stmts {
			if got[st.Sid] != 1 {
				t.Fatalf("trial %d: statement %s appears %d times", trial, st.Sid, got[st.Sid])
			}
		}
		if len(got) != len(stmts) {
			t.Fatalf("trial %d: %d statements in, %d out", trial, len(stmts), len(got))
		}
		capacity := MaxManagedPolicySize - docOverhead
		lower := (sizeOf(stmts) + capacity - 1) / capacity
		if len(stmts) == 0 {
			lower = 0
		}
		if len(docs) > lower+1 {
			t.Fatalf("trial %d: %d documents, lower bound %d", trial, len(docs), lower)
		}
		again, _ := Split(stmts, MaxManagedPolicySize)
		if fmt.Sprint(again) != fmt.Sprint(docs) {
			t.Fatalf("trial %d: two splits of the same input differ", trial)
		}
	}
}

// TestSplitChurn: over 1,000 random single-policy edits (add one, remove
// one, or resize one), the mean number of other statements that change
// document is at most 1.
func TestSplitChurn(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	moved, edits := 0, 0
	stmts := randomSet(r, 60)
	before := slots(t, stmts)
	for edits < 1000 {
		next := append([]Statement{}, stmts...)
		changed := ""
		switch op := r.IntN(3); {
		case op == 0 || len(next) < 10:
			st := randomStatement(r, fmt.Sprintf("New%05d", edits))
			next, changed = append(next, st), st.Sid
		case op == 1:
			i := r.IntN(len(next))
			changed = next[i].Sid
			next = append(next[:i], next[i+1:]...)
		default:
			i := r.IntN(len(next))
			next[i] = randomStatement(r, next[i].Sid)
			changed = next[i].Sid
		}
		after := slots(t, next)
		for sid, s := range after {
			if prev, ok := before[sid]; ok && sid != changed && prev != s {
				moved++
			}
		}
		stmts, before = next, after
		edits++
	}
	mean := float64(moved) / float64(edits)
	t.Logf("%d statements moved over %d edits: %.3f per edit", moved, edits, mean)
	if mean > 1 {
		t.Errorf("mean statements moved per edit = %.3f, want <= 1", mean)
	}
}

func slots(t *testing.T, stmts []Statement) map[string]int {
	docs, err := Split(stmts, MaxManagedPolicySize)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, d := range docs {
		for _, st := range d.Statements {
			out[st.Sid] = d.Slot
		}
	}
	return out
}

func TestSplitErrorsAndEdges(t *testing.T) {
	if docs, err := Split(nil, MaxManagedPolicySize); err != nil || len(docs) != 0 {
		t.Errorf("empty: %v %v", docs, err)
	}
	small := []Statement{{Sid: "B", Effect: "Allow", Action: Strings("s3:GetObject"), Resource: Strings("*")},
		{Sid: "A", Effect: "Allow", Action: Strings("s3:ListBucket"), Resource: Strings("*")}}
	docs, err := Split(small, MaxManagedPolicySize)
	if err != nil || len(docs) != 1 || docs[0].Statements[0].Sid != "A" {
		t.Errorf("small set: %+v %v (want one document, sorted by Sid)", docs, err)
	}
	huge := Statement{Sid: "Huge", Effect: "Allow", Resource: Strings("*")}
	for i := 0; i < 400; i++ {
		huge.Action = append(huge.Action, fmt.Sprintf("s3:SomeLongActionName%04d", i))
	}
	_, err = Split([]Statement{huge}, MaxManagedPolicySize)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Sid != "Huge" || !strings.Contains(err.Error(), "statement Huge is") {
		t.Errorf("a statement over the limit: %v", err)
	}
}
