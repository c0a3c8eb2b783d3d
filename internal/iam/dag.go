package iam

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Atomic is one atomic permission of the policy-group DAG: a name and the
// one statement it stands for. Its name becomes the statement's Sid.
type Atomic struct {
	Name      string
	Statement Statement
}

// Group is a node of the policy-group DAG: atomic policies and other
// groups it includes.
type Group struct {
	Name     string
	Policies []string
	Groups   []string
}

// DAG is every atomic policy and group of a config, by name.
type DAG struct {
	Policies map[string]*Atomic
	Groups   map[string]*Group
}

// RefError is a group that names a policy or group that does not exist.
type RefError struct {
	Group, Kind, Name string // Kind is "policy" or "group"
	Index             int    // position in the group's list
	Suggest           string // the closest existing name, or ""
}

func (e *RefError) Error() string {
	msg := fmt.Sprintf("policy group %s includes %s %q, which does not exist", e.Group, e.Kind, e.Name)
	if e.Suggest != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", e.Suggest)
	}
	return msg
}

// CycleError is a group that includes itself through other groups.
type CycleError struct {
	Path []string // a, b, c, a
}

func (e *CycleError) Error() string {
	return "policy groups include each other in a cycle: " + strings.Join(e.Path, " → ")
}

// Check returns every dangling reference and every cycle, in a stable
// order, so a config with several mistakes shows all of them at once.
func (d *DAG) Check(suggest func(name string, candidates []string) string) []error {
	var errs []error
	for _, g := range d.sortedGroups() {
		for i, p := range g.Policies {
			if _, ok := d.Policies[p]; !ok {
				errs = append(errs, &RefError{Group: g.Name, Kind: "policy", Name: p, Index: i, Suggest: suggest(p, keys(d.Policies))})
			}
		}
		for i, sub := range g.Groups {
			if _, ok := d.Groups[sub]; !ok {
				errs = append(errs, &RefError{Group: g.Name, Kind: "group", Name: sub, Index: i, Suggest: suggest(sub, keys(d.Groups))})
			}
		}
	}
	// Depth-first search with colours; each cycle is reported once, from
	// its smallest member, so the message does not depend on map order.
	const (
		white = iota
		grey
		black
	)
	colour := map[string]int{}
	var stack []string
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		colour[name] = grey
		stack = append(stack, name)
		g := d.Groups[name]
		for _, sub := range sortedCopy(g.Groups) {
			if _, ok := d.Groups[sub]; !ok {
				continue
			}
			switch colour[sub] {
			case white:
				visit(sub)
			case grey:
				i := indexOf(stack, sub)
				cycle := rotate(append([]string{}, stack[i:]...))
				if key := strings.Join(cycle, "\x00"); !seen[key] {
					seen[key] = true
					errs = append(errs, &CycleError{Path: append(cycle, cycle[0])})
				}
			}
		}
		stack = stack[:len(stack)-1]
		colour[name] = black
	}
	for _, g := range d.sortedGroups() {
		if colour[g.Name] == white {
			visit(g.Name)
		}
	}
	return errs
}

// Flatten returns every atomic policy the group reaches, depth-first,
// de-duplicated by name and sorted by name. Call it after Check found no
// error: it skips dangling names and stops at cycles.
func (d *DAG) Flatten(group string) []*Atomic {
	seen := map[string]bool{}
	visited := map[string]bool{}
	var out []*Atomic
	var walk func(name string)
	walk = func(name string) {
		g, ok := d.Groups[name]
		if !ok || visited[name] {
			return
		}
		visited[name] = true
		for _, p := range g.Policies {
			if a, ok := d.Policies[p]; ok && !seen[p] {
				seen[p] = true
				out = append(out, a)
			}
		}
		for _, sub := range g.Groups {
			walk(sub)
		}
	}
	walk(group)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Statements renders atomic policies as statements, Sid = name, sorted by
// name; a statement identical to an earlier one but for its Sid (the same
// permission defined twice) is emitted once.
func Statements(atoms []*Atomic) []Statement {
	var out []Statement
	seen := map[string]bool{}
	for _, a := range atoms {
		key, err := SameStatement(a)
		if err != nil {
			key = "\x00" + a.Name // cannot be encoded: kept, as nothing can equal it
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		st := a.Statement
		st.Sid = a.Name
		out = append(out, st)
	}
	return out
}

// SameStatement is the key Statements dedupes by: the atomic policy's
// statement as JSON, without a Sid.
func SameStatement(a *Atomic) (string, error) {
	st := a.Statement
	st.Sid = ""
	var b bytes.Buffer
	err := st.appendJSON(&b)
	return b.String(), err
}

func (d *DAG) sortedGroups() []*Group {
	out := make([]*Group, 0, len(d.Groups))
	for _, g := range d.Groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedCopy(s []string) []string {
	c := append([]string{}, s...)
	sort.Strings(c)
	return c
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// rotate starts a cycle at its smallest member.
func rotate(c []string) []string {
	min := 0
	for i := range c {
		if c[i] < c[min] {
			min = i
		}
	}
	return append(c[min:], c[:min]...)
}
