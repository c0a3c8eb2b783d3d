package yamltree

import "testing"

// TestTrailIsTheEagerPath holds Trail.String to the path ChildPath and
// IndexPath build step by step, from an empty and a non-empty start, for
// plain keys and keys that must be quoted, and checks that Up takes back
// exactly one step.
func TestTrailIsTheEagerPath(t *testing.T) {
	keys := []string{"Resources", "a.b", "", "with space", `q"uote`, "ünï", "Fn::Sub", "x-y_9"}
	for _, base := range []string{"", "Resources.Bucket"} {
		tr := NewTrail(base)
		var walk func(eager string, depth int)
		walk = func(eager string, depth int) {
			if got := tr.String(); got != eager {
				t.Fatalf("trail from %q: got %q, want %q", base, got, eager)
			}
			if depth == 3 {
				return
			}
			for i, k := range keys {
				tr.Key(k)
				walk(ChildPath(eager, k), depth+1)
				tr.Up()
				tr.Index(i * 7)
				walk(IndexPath(eager, i*7), depth+1)
				tr.Up()
				if got := tr.String(); got != eager {
					t.Fatalf("after Up: got %q, want %q", got, eager)
				}
			}
		}
		walk(base, 0)
	}
}

// BenchmarkTrail is a walk of a 4-level tree that asks for no path (as a
// check of a clean template does) against one that builds every path.
func BenchmarkTrail(b *testing.B) {
	b.Run("trail", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lazyWalk(NewTrail("Resources.Bucket"), 0)
		}
	})
	b.Run("strings", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			eagerWalk("Resources.Bucket", 0)
		}
	})
}

func lazyWalk(t *Trail, depth int) int {
	if depth == 4 {
		return 1
	}
	n := 0
	for i := range 8 {
		n += lazyWalk(t.Key("Properties"), depth+1)
		t.Up()
		n += lazyWalk(t.Index(i), depth+1)
		t.Up()
	}
	return n
}

func eagerWalk(path string, depth int) int {
	if depth == 4 {
		return len(path)
	}
	n := 0
	for i := range 8 {
		n += eagerWalk(ChildPath(path, "Properties"), depth+1)
		n += eagerWalk(IndexPath(path, i), depth+1)
	}
	return n
}
