package estate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/landform/landform/internal/estate/estaterule"
	"github.com/landform/landform/internal/finding"
)

// order gives every node its level and sorts the nodes in launch order.
// Nodes on a cycle are reported, once per cycle, and kept at the end.
func (e *Estate) order() {
	for _, n := range e.Nodes {
		sort.Slice(n.Needs, func(i, j int) bool { return n.Needs[i].ID < n.Needs[j].ID })
	}
	sort.Slice(e.Nodes, func(i, j int) bool { return e.Nodes[i].ID < e.Nodes[j].ID })
	const (
		unseen = iota
		active
		done
	)
	state := map[*Node]int{}
	onCycle := map[*Node]bool{}
	var stack []*Node
	var visit func(n *Node) int
	visit = func(n *Node) int {
		switch state[n] {
		case done:
			return n.Level
		case active:
			// n is on the stack: the path from n back to n is a cycle.
			i := len(stack) - 1
			for stack[i] != n {
				i--
			}
			e.cycle(append(append([]*Node{}, stack[i:]...), n))
			for _, m := range stack[i:] {
				onCycle[m] = true
			}
			return 0
		}
		state[n] = active
		stack = append(stack, n)
		level := 0
		for _, m := range n.Needs {
			if l := visit(m) + 1; l > level {
				level = l
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		n.Level = level
		return level
	}
	for _, n := range e.Nodes {
		visit(n)
	}
	sort.SliceStable(e.Nodes, func(i, j int) bool {
		a, b := e.Nodes[i], e.Nodes[j]
		if onCycle[a] != onCycle[b] {
			return !onCycle[a]
		}
		return a.Level < b.Level
	})
}

// cycle reports path, where each node needs the next and the last is the
// first again, at the read of the first node that closes it.
func (e *Estate) cycle(path []*Node) {
	var steps []string
	for i := 0; i+1 < len(path); i++ {
		steps = append(steps, fmt.Sprintf("%s reads %s from %s", path[i].Label, path[i].Why[path[i+1]], path[i+1].Label))
	}
	first, next := path[0], path[1]
	pos, field := first.at(first.Why[next])
	e.Findings.Add(finding.Finding{Rule: estaterule.Cycle, Severity: finding.Error, Pos: pos, Path: field,
		Message: "the stacks depend on each other in a cycle: " + strings.Join(steps, "; "),
		Hint:    "break the cycle: one of these stacks must stop reading the other's parameter (declare it external and write it by hand first, or move the resource to the other stack)"})
}

// Levels are the launch order: each level's stacks can run together, once
// every earlier level has.
func (e *Estate) Levels() [][]*Node {
	var out [][]*Node
	for _, n := range e.Nodes {
		for len(out) <= n.Level {
			out = append(out, nil)
		}
		out[n.Level] = append(out[n.Level], n)
	}
	return out
}

// Dependants are the nodes that need n, directly.
func (e *Estate) Dependants(n *Node) []*Node {
	var out []*Node
	for _, m := range e.Nodes {
		if _, ok := m.Why[n]; ok {
			out = append(out, m)
		}
	}
	return out
}
