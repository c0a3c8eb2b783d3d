package eval

import "strings"

// PackCases lays every case out for deciding them in order: the cases
// side by side, their lists of policies in one block, their request strings
// in one string, and their documents in one Doc per chunk of cases. A pass
// over the cases then reads memory front to back. The cases' pointers in
// the slice are replaced.
func PackCases(cases []*Case) {
	const chunk = 1024 // cases per Doc, well within its 32-bit offsets
	for len(cases) > chunk {
		packCases(cases[:chunk])
		cases = cases[chunk:]
	}
	packCases(cases)
}

func packCases(cases []*Case) {
	block := make([]Case, len(cases))
	total, levels := 0, 0
	var text strings.Builder
	for _, c := range cases {
		total += len(c.IdentityPolicies) + len(c.PermissionBoundaries) + len(c.SCPs) + len(c.RCPs)
		for _, l := range c.SCPLevels {
			total += len(l)
		}
		for _, l := range c.RCPLevels {
			total += len(l)
		}
		levels += len(c.SCPLevels) + len(c.RCPLevels)
		r := &c.Request
		for _, f := range []string{c.ID, r.Principal, r.Action, r.Resource.Resource, r.Resource.AccountID} {
			text.WriteString(f)
		}
	}
	lists := make([]Node, 0, total)
	relist := func(l []Node) []Node {
		if l == nil {
			return nil
		}
		start := len(lists)
		lists = append(lists, l...)
		return lists[start:len(lists):len(lists)]
	}
	levelBlock := make([][]Node, 0, levels)
	relevel := func(ls [][]Node) [][]Node {
		if ls == nil {
			return nil
		}
		start := len(levelBlock)
		for _, l := range ls {
			levelBlock = append(levelBlock, relist(l))
		}
		return levelBlock[start:len(levelBlock):len(levelBlock)]
	}
	all := text.String()
	cut := func(f string) string {
		s := all[:len(f)]
		all = all[len(f):]
		return s
	}
	for i, c := range cases {
		n := &block[i]
		*n = *c
		n.IdentityPolicies = relist(c.IdentityPolicies)
		n.PermissionBoundaries = relist(c.PermissionBoundaries)
		n.SCPs = relist(c.SCPs)
		n.SCPLevels = relevel(c.SCPLevels)
		n.RCPs = relist(c.RCPs)
		n.RCPLevels = relevel(c.RCPLevels)
		r := &n.Request
		n.ID = cut(c.ID)
		r.Principal, r.Action = cut(r.Principal), cut(r.Action)
		r.Resource.Resource, r.Resource.AccountID = cut(r.Resource.Resource), cut(r.Resource.AccountID)
		cases[i] = n
	}

	var slots []*Node
	add := func(l []Node) {
		for i := range l {
			slots = append(slots, &l[i])
		}
	}
	for _, c := range cases {
		add(c.IdentityPolicies)
		slots = append(slots, &c.ResourcePolicy)
		add(c.PermissionBoundaries)
		slots = append(slots, &c.SessionPolicy)
		add(c.SCPs)
		for _, l := range c.SCPLevels {
			add(l)
		}
		add(c.RCPs)
		for _, l := range c.RCPLevels {
			add(l)
		}
		slots = append(slots, &c.Request.ContextVariables)
	}
	trees := make([]*tree, len(slots))
	for i, s := range slots {
		t := s.tree()
		trees[i] = &t
	}
	for i, n := range layOut(trees) {
		*slots[i] = n
	}
}
