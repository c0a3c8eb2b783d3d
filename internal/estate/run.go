package estate

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// State is what became of a node in a run.
type State string

// The states of a run's nodes.
const (
	Done       State = "ok"
	Failed     State = "failed"
	Skipped    State = "skipped"     // a stack it depends on failed
	NotStarted State = "not started" // the run was interrupted first
)

// Outcome is one node's part of a run.
type Outcome struct {
	Node     *Node
	State    State
	Err      error
	Reason   string // why it was skipped or not started
	Duration time.Duration
}

// RunOptions shape a run.
type RunOptions struct {
	Parallel int // stacks at once; less than 1 is 1
	// Reverse runs dependants first (destroy): a node starts once every
	// node that needs it is done.
	Reverse bool
	Now     func() time.Time
}

// Run calls do for every node, in launch order (reversed with Reverse),
// at most Parallel at a time. A node whose prerequisite failed or was
// skipped is skipped, and independent nodes go on. When ctx ends (Ctrl-C)
// no node starts any more; the running ones get a context that stays
// alive, so that they finish what they started. Outcomes are in launch
// order (reversed with Reverse).
func (e *Estate) Run(ctx context.Context, o RunOptions, do func(ctx context.Context, n *Node) error) []Outcome {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	parallel := max(o.Parallel, 1)
	nodes := slices.Clone(e.Nodes)
	before := func(n *Node) []*Node { return n.Needs }
	if o.Reverse {
		slices.Reverse(nodes)
		before = e.Dependants
	}
	out := map[*Node]*Outcome{}
	type result struct {
		n   *Node
		err error
		d   time.Duration
	}
	results := make(chan result)
	running := 0
	keep := context.WithoutCancel(ctx)
	for {
		// Settle what can be settled without running: skips and, once
		// interrupted, everything not started.
		for _, n := range nodes {
			if out[n] != nil {
				continue
			}
			if ctx.Err() != nil {
				out[n] = &Outcome{Node: n, State: NotStarted, Reason: "interrupted before it started"}
				continue
			}
			for _, m := range before(n) {
				if oc := out[m]; oc != nil && (oc.State == Failed || oc.State == Skipped || oc.State == NotStarted) {
					out[n] = &Outcome{Node: n, State: Skipped, Reason: fmt.Sprintf("%s %s", m.Label, oc.State)}
					break
				}
			}
		}
		for _, n := range nodes {
			if running >= parallel || ctx.Err() != nil {
				break
			}
			if out[n] != nil || !all(before(n), func(m *Node) bool { return out[m] != nil && out[m].State == Done }) {
				continue
			}
			out[n] = &Outcome{Node: n, State: "running"}
			running++
			go func(n *Node) {
				start := now()
				err := do(keep, n)
				results <- result{n, err, now().Sub(start)}
			}(n)
		}
		if running == 0 {
			break
		}
		var r result
		select {
		case r = <-results:
		case <-ctx.Done():
			r = <-results // stop starting; keep collecting the running ones
		}
		running--
		oc := out[r.n]
		oc.Duration, oc.Err, oc.State = r.d, r.err, Done
		if r.err != nil {
			oc.State = Failed
		}
	}
	list := make([]Outcome, 0, len(nodes))
	for _, n := range nodes {
		if out[n] == nil {
			// Unreachable but for a cycle, which Build reports first.
			out[n] = &Outcome{Node: n, State: NotStarted, Reason: "on a dependency cycle"}
		}
		list = append(list, *out[n])
	}
	return list
}

func all[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if !f(v) {
			return false
		}
	}
	return true
}
