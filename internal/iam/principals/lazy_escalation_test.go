package principals

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// escalationsFull is the search over the full assume-role graph, every
// principal's edges computed: what Escalations, which computes only the
// edges a path can take, must answer.
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
	var out []Path
	for _, start := range w.Principals {
		if admin[start] {
			continue
		}
		type node struct {
			p     *Principal
			steps []Step
		}
		seen := map[*Principal]bool{start: true}
		queue := []node{{start, nil}}
		var found *Path
		for len(queue) > 0 && found == nil {
			cur := queue[0]
			queue = queue[1:]
			for _, e := range edges[cur.p] {
				steps := append(append([]Step(nil), cur.steps...), e.steps...)
				if e.to == cur.p || admin[e.to] || e.made {
					found = &Path{Principal: start.Display(), Admin: e.to.Display(), Steps: steps}
					break
				}
				if !seen[e.to] {
					seen[e.to] = true
					queue = append(queue, node{e.to, steps})
				}
			}
		}
		if found != nil {
			out = append(out, *found)
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
