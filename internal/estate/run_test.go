package estate_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/landform/landform/internal/estate"
)

// chain makes an estate by hand: edges maps a node to the nodes it needs.
func chain(labels []string, edges map[string][]string) *estate.Estate {
	byLabel := map[string]*estate.Node{}
	e := &estate.Estate{}
	for _, l := range labels {
		n := &estate.Node{ID: l, Label: l, Why: map[*estate.Node]string{}}
		byLabel[l] = n
		e.Nodes = append(e.Nodes, n)
	}
	for from, tos := range edges {
		for _, to := range tos {
			n, m := byLabel[from], byLabel[to]
			n.Needs = append(n.Needs, m)
			n.Why[m] = "/p/" + to
		}
	}
	return e
}

func states(out []estate.Outcome) map[string]estate.State {
	m := map[string]estate.State{}
	for _, o := range out {
		m[o.Node.Label] = o.State
	}
	return m
}

// A failure skips what depends on it, transitively, and lets the rest run.
func TestRunFailureStopsDependants(t *testing.T) {
	e := chain([]string{"net", "other", "sg", "ml", "ml2"}, map[string][]string{"sg": {"net"}, "ml": {"sg"}, "ml2": {"ml"}})
	var ran sync.Map
	out := e.Run(context.Background(), estate.RunOptions{Parallel: 2}, func(_ context.Context, n *estate.Node) error {
		ran.Store(n.Label, true)
		if n.Label == "sg" {
			return errors.New("boom")
		}
		return nil
	})
	got := states(out)
	want := map[string]estate.State{"net": estate.Done, "other": estate.Done, "sg": estate.Failed, "ml": estate.Skipped, "ml2": estate.Skipped}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	if _, ok := ran.Load("ml"); ok {
		t.Error("ml ran though sg failed")
	}
	for _, o := range out {
		if o.Node.Label == "ml" && o.Reason != "sg failed" {
			t.Errorf("ml's reason: %q", o.Reason)
		}
	}
}

// No node starts before what it needs is done; no more than Parallel run at
// once, and that many do when the graph allows.
func TestRunOrderAndParallel(t *testing.T) {
	labels := []string{"a", "b", "c", "d", "e", "f", "g"}
	e := chain(labels, map[string][]string{"g": {"a", "b", "c", "d", "e", "f"}})
	var running, peak atomic.Int32
	var mu sync.Mutex
	done := map[string]bool{}
	out := e.Run(context.Background(), estate.RunOptions{Parallel: 3}, func(_ context.Context, n *estate.Node) error {
		now := running.Add(1)
		for {
			p := peak.Load()
			if now <= p || peak.CompareAndSwap(p, now) {
				break
			}
		}
		mu.Lock()
		if n.Label == "g" && len(done) != 6 {
			t.Errorf("g started with %d of its 6 dependencies done", len(done))
		}
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		done[n.Label] = true
		mu.Unlock()
		running.Add(-1)
		return nil
	})
	if peak.Load() != 3 {
		t.Errorf("peak %d stacks at once, want 3", peak.Load())
	}
	if len(out) != 7 || out[6].Node.Label != "g" {
		t.Errorf("outcomes out of order: %v", out)
	}
}

// Reverse (destroy) runs dependants first and skips what a failed
// dependant still needs.
func TestRunReverse(t *testing.T) {
	e := chain([]string{"net", "sg", "ml"}, map[string][]string{"sg": {"net"}, "ml": {"sg"}})
	var order []string
	var mu sync.Mutex
	out := e.Run(context.Background(), estate.RunOptions{Parallel: 4, Reverse: true}, func(_ context.Context, n *estate.Node) error {
		mu.Lock()
		order = append(order, n.Label)
		mu.Unlock()
		return nil
	})
	if !slices.Equal(order, []string{"ml", "sg", "net"}) {
		t.Errorf("destroy order %v", order)
	}
	if out[0].Node.Label != "ml" {
		t.Errorf("outcomes not in reverse order: %v", out[0].Node.Label)
	}
	out = e.Run(context.Background(), estate.RunOptions{Reverse: true}, func(_ context.Context, n *estate.Node) error {
		if n.Label == "ml" {
			return errors.New("DELETE_FAILED")
		}
		return nil
	})
	if got := states(out); got["sg"] != estate.Skipped || got["net"] != estate.Skipped {
		t.Errorf("after ml failed to delete: %v", got)
	}
}

// Interrupting stops new starts, and the running stack finishes with a
// live context.
func TestRunInterrupted(t *testing.T) {
	e := chain([]string{"a", "b", "c"}, map[string][]string{"b": {"a"}, "c": {"b"}})
	ctx, cancel := context.WithCancel(context.Background())
	var sawCancel atomic.Bool
	out := e.Run(ctx, estate.RunOptions{}, func(ctx context.Context, n *estate.Node) error {
		cancel()
		time.Sleep(5 * time.Millisecond)
		sawCancel.Store(ctx.Err() != nil)
		return nil
	})
	got := states(out)
	if got["a"] != estate.Done || got["b"] != estate.NotStarted || got["c"] != estate.NotStarted {
		t.Errorf("%v", got)
	}
	if sawCancel.Load() {
		t.Error("the running stack's context was cancelled: it could not finish")
	}
}
