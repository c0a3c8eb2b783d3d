package check

import (
	"slices"
	"strings"

	"github.com/landform/landform/internal/yamltree"
)

// cycles reports each dependency cycle once, as the chain of resources that
// forms it, at the first resource of the chain in document order.
func (c *checker) cycles() {
	const (
		unvisited = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(id string)
	reported := map[string]bool{}
	visit = func(id string) {
		state[id] = active
		stack = append(stack, id)
		deps := slices.Clone(c.deps[id])
		slices.Sort(deps)
		for _, d := range slices.Compact(deps) {
			switch state[d] {
			case unvisited:
				visit(d)
			case active:
				i := slices.Index(stack, d)
				cycle := append(slices.Clone(stack[i:]), d)
				key := canonical(cycle[:len(cycle)-1])
				if reported[key] {
					continue
				}
				reported[key] = true
				// Every member gets the finding, so each resource of the
				// cycle shows it where it is defined.
				members := slices.Clone(cycle[:len(cycle)-1])
				slices.SortFunc(members, func(a, b string) int { return slices.Index(c.order, a) - slices.Index(c.order, b) })
				for _, m := range members {
					c.errorf("LF-CFN-013", nil, yamltree.ChildPath("Resources", m), "break the cycle: remove one reference or DependsOn",
						"dependency cycle: %s", strings.Join(cycle, " -> "))
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, id := range c.order {
		if state[id] == unvisited {
			visit(id)
		}
	}
}

// canonical names a cycle independent of where it was entered.
func canonical(ids []string) string {
	s := slices.Clone(ids)
	slices.Sort(s)
	return strings.Join(s, ",")
}
