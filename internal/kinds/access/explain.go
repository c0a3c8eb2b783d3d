package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/yamltree"
)

var (
	_ kinds.Explainer         = (*spec)(nil)
	_ kinds.TemplateExplainer = Kind{}
)

// provenance is what the explanation of an access statement needs: each
// principal's place in the config and its policy groups, the policy-group
// DAG below them, and each atomic policy's place. Built from the config
// (Explain), or read from a template's Metadata.Landform.Provenance, which
// every access template carries (ExplainTemplate: the template alone).
type provenance struct {
	principals map[string]principalSource // by logical id
	groups     map[string]groupSource
	atomic     map[string]int // atomic policy → its index in policies
}

// principalSource is one principal: what it is, where the config makes it,
// its trust (the field that sets it), its policy groups and extra policies
// with where the config names them.
type principalSource struct {
	What, Path, Trust string
	Groups            []groupRef
	Extra             []string
}

// groupSource is a policy group: the groups it includes and the atomic
// policies it lists, in config order.
type groupSource struct{ Groups, Policies []string }

// groupRef is a policy group a principal names, and where.
type groupRef struct{ name, path string }

// Explain traces a statement of an access template back to the config:
// the principal it belongs to, then, for a statement of the policy groups
// (its Sid is the atomic policy's name), the path through the policy-group
// DAG from the principal's group to the atomic policy, ending at the
// policy's definition; for the other policies landform writes, the section
// that makes them. Steps carry the config lines.
func (s *spec) Explain(unit string, _ map[string]any, holder, _, policy, sid string) []kinds.Step {
	account, _, _ := strings.Cut(unit, "/")
	p := s.provenance(account, []string{holder})
	return p.explain(holder, policy, sid, s.doc.Pos)
}

// ExplainTemplate is Explain from the template alone: the config paths its
// Metadata records, without lines.
func (Kind) ExplainTemplate(template map[string]any, holder, _, policy, sid string) []kinds.Step {
	p, ok := provenanceOf(template)
	if !ok {
		return nil
	}
	return p.explain(holder, policy, sid, func(string) finding.Pos { return finding.Pos{} })
}

func (p *provenance) explain(holder, policy, sid string, pos func(string) finding.Pos) []kinds.Step {
	step := func(what, path string) kinds.Step { return kinds.Step{What: what, Path: path, Pos: pos(path)} }
	src, ok := p.principals[holder]
	if !ok {
		return nil
	}
	steps := []kinds.Step{step(src.What, src.Path)}
	switch policy {
	case "AssumeRolePolicyDocument":
		if src.Trust != "" {
			return append(steps, step("its trust: "+src.Trust[strings.LastIndexByte(src.Trust, '.')+1:], src.Trust))
		}
		return append(steps, step("its trust, as landform writes it for a "+src.What, src.Path))
	case "assume-trusting-roles":
		return append(steps, step("the roles whose trust names it (their trusted_teams, trusted_roles or trusted_service_users)", src.Path))
	case "terraform-state":
		return append(steps, step("the Terraform state backend", "tfstate_backend"))
	case "own-devserver", "no-personal-roles":
		return append(steps, step("personal_roles.launched_through", "personal_roles.launched_through"))
	}
	if j := slices.Index(src.Extra, sid); j >= 0 {
		return append(steps, step("extra policy "+sid, fmt.Sprintf("%s.extra_policies[%d]", src.Path, j)), p.atomStep(sid, step))
	}
	for _, g := range src.Groups {
		if path := p.dagPath(g.name, sid, map[string]bool{}, step); path != nil {
			steps = append(steps, step("policy group "+g.name, g.path))
			return append(append(steps, path...), p.atomStep(sid, step))
		}
	}
	return steps
}

// dagPath is the way down the DAG from group to the atomic policy: each
// include (policy_groups.G.groups[k]) and, last, the group's own listing
// of the policy (policy_groups.G.policies[k]); nil when it is not below.
// Groups are visited once (the DAG is acyclic; validate says so).
func (p *provenance) dagPath(group, atom string, seen map[string]bool, step func(what, path string) kinds.Step) []kinds.Step {
	if seen[group] {
		return nil
	}
	seen[group] = true
	g, ok := p.groups[group]
	if !ok {
		return nil
	}
	base := yamltree.ChildPath("policy_groups", group)
	if k := slices.Index(g.Policies, atom); k >= 0 {
		return []kinds.Step{step(fmt.Sprintf("policy group %s lists %s", group, atom), fmt.Sprintf("%s.policies[%d]", base, k))}
	}
	for k, sub := range g.Groups {
		if rest := p.dagPath(sub, atom, seen, step); rest != nil {
			return append([]kinds.Step{step(fmt.Sprintf("policy group %s includes %s", group, sub), fmt.Sprintf("%s.groups[%d]", base, k))}, rest...)
		}
	}
	return nil
}

func (p *provenance) atomStep(name string, step func(what, path string) kinds.Step) kinds.Step {
	if i, ok := p.atomic[name]; ok {
		return step("atomic policy "+name, fmt.Sprintf("policies[%d]", i))
	}
	return kinds.Step{What: "atomic policy " + name}
}

// provenance is the provenance of the principals with the given logical
// ids in an account, and of the groups and atomic policies below them.
func (s *spec) provenance(account string, ids []string) *provenance {
	p := &provenance{principals: map[string]principalSource{}, groups: map[string]groupSource{}, atomic: map[string]int{}}
	var groups []string
	roles, users := map[string]*role{}, map[string]*user{}
	for _, r := range s.rolesIn(account) {
		roles[r.LogicalID] = r
	}
	for _, u := range s.model.users {
		if u.Account == account {
			users[u.LogicalID], users[u.LogicalID+"Group"] = u, u
		}
	}
	index := make(map[string]int, len(s.cfg.Policies))
	for i, pol := range s.cfg.Policies {
		if _, dup := index[pol.Name]; !dup {
			index[pol.Name] = i
		}
	}
	addAtom := func(name string) {
		if i, ok := index[name]; ok {
			p.atomic[name] = i
		}
	}
	for _, id := range ids {
		r, u := roles[id], users[id]
		var src principalSource
		switch {
		case r != nil:
			src = principalSource{What: roleWhat(r), Path: r.Path, Trust: s.trustField(r), Groups: s.roleGroups(r), Extra: r.Extra}
		case u != nil:
			src = principalSource{What: "service user " + u.Name, Path: u.Path, Groups: []groupRef{{u.Group, u.Path + ".policy_group"}}}
		default:
			continue
		}
		p.principals[id] = src
		for _, g := range src.Groups {
			groups = append(groups, g.name)
		}
		for _, e := range src.Extra {
			addAtom(e)
		}
	}
	for len(groups) > 0 {
		name := groups[0]
		groups = groups[1:]
		g, ok := s.cfg.PolicyGroups[name]
		if _, done := p.groups[name]; done || !ok {
			continue
		}
		p.groups[name] = groupSource{Groups: g.Groups, Policies: g.Policies}
		groups = append(groups, g.Groups...)
		for _, a := range g.Policies {
			addAtom(a)
		}
	}
	return p
}

// trustField is the config path of the field that sets a role's trust, or
// "" when landform writes it from the role's kind alone.
func (s *spec) trustField(r *role) string {
	if r == nil {
		return ""
	}
	for _, field := range []string{"trusted_teams", "trusted_service_users", "trusted_roles", "trusted_github_repos", "saml_login"} {
		if s.doc.Lookup(r.Path+"."+field) != nil {
			return r.Path + "." + field
		}
	}
	return ""
}

// roleGroups are the policy groups a role names, with their config paths.
func (s *spec) roleGroups(r *role) []groupRef {
	var out []groupRef
	for j, g := range r.Groups {
		path := fmt.Sprintf("%s.policy_groups[%d]", r.Path, j)
		if r.Kind == kindPersonal {
			path = r.Path + ".policy_group"
		}
		out = append(out, groupRef{g, path})
	}
	return out
}

func roleWhat(r *role) string {
	switch r.Kind {
	case kindPersonal:
		return "engineer " + r.Name
	case kindTeam:
		return "team " + r.Name
	case kindState:
		return "state role " + r.Name
	}
	return "team role " + r.Name
}
