package principals

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// escalationsFull is the search over the full assume-role graph, every
// principal's edges computed and none left out: what Escalations, which
// computes only the edges a path can take, must answer.
func (w *Model) escalationsFull(ctx Context) []Path {
	admin := map[*Principal]bool{}
	for _, p := range w.Principals {
		if w.IsAdmin(p, ctx) {
			admin[p] = true
		}
	}
	g := w.graph(ctx)
	edges := map[*Principal][]escEdge{}
	for _, p := range w.Principals {
		for _, e := range g.out[p] {
			edges[p] = append(edges[p], edge(e.To, Step{Technique: "sts:AssumeRole", From: p.Display(), To: e.To.Display(), Statements: e.Statements}))
		}
		edges[p] = append(edges[p], w.escalationEdges(p, ctx, admin, g)...)
	}
	ends := func(from *Principal, e escEdge) bool { return e.to == from || admin[e.to] || e.made }
	var out []Path
	for _, start := range w.Principals {
		if admin[start] {
			continue
		}
		if found, ok := shortestPath(start, func(p *Principal) []escEdge { return edges[p] }, ends); ok {
			out = append(out, found)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Principal < out[j].Principal })
	return append(w.outsiderPaths(ctx, out), out...)
}

// TestEscalationsLazyAsFull: on every template of the escalation corpus,
// Escalations finds exactly the paths, steps and statements of the search
// over the full graph.
func TestEscalationsLazyAsFull(t *testing.T) {
	files, _ := filepath.Glob("testdata/escalation/*/*.yaml")
	if len(files) < 100 {
		t.Fatalf("%d templates", len(files))
	}
	paths := 0
	for _, f := range files {
		load := func() *Model {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src, err := ParseTemplate(f, data, "111111111111")
			if err != nil {
				t.Fatal(err)
			}
			w := New()
			if err := w.Add(src); err != nil {
				t.Fatal(err)
			}
			w.Finish()
			return w
		}
		lazy, full := load().Escalations(nil), load().escalationsFull(nil)
		a, _ := json.Marshal(lazy)
		b, _ := json.Marshal(full)
		if string(a) != string(b) {
			t.Errorf("%s:\nlazy %s\nfull %s", f, a, b)
		}
		paths += len(full)
	}
	if paths < 60 {
		t.Errorf("%d paths in all: the corpus should open one or more per technique", paths)
	}
}
