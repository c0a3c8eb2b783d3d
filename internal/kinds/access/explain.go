package access

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/yamltree"
)

var _ kinds.Explainer = (*spec)(nil)

// Explain traces a statement of an access template back to the config:
// the principal it belongs to, then, for a statement of the policy groups
// (its Sid is the atomic policy's name), the path through the policy-group
// DAG from the principal's group to the atomic policy, ending at the
// policy's definition; for the other policies landform writes, the section
// that makes them.
func (s *spec) Explain(unit string, _ map[string]any, holder, _, policy, sid string) []kinds.Step {
	account, _, _ := strings.Cut(unit, "/")
	r, u := s.principalByID(account, holder)
	var steps []kinds.Step
	var groups []groupRef
	switch {
	case r != nil:
		steps = append(steps, s.step(roleWhat(r), r.Path))
		groups = s.roleGroups(r)
	case u != nil:
		steps = append(steps, s.step("service user "+u.Name, u.Path))
		groups = []groupRef{{u.Group, u.Path + ".policy_group"}}
	default:
		return nil
	}
	switch policy {
	case "AssumeRolePolicyDocument":
		return append(steps, s.trustStep(r))
	case "assume-trusting-roles":
		return append(steps, kinds.Step{What: "the roles whose trust names it (their trusted_teams, trusted_roles or trusted_service_users)", Path: steps[0].Path, Pos: steps[0].Pos})
	case "terraform-state":
		return append(steps, s.step("the Terraform state backend", "tfstate_backend"))
	case "own-devserver", "no-personal-roles":
		return append(steps, s.step("personal_roles.launched_through", "personal_roles.launched_through"))
	}
	if r != nil {
		for j, p := range r.Extra {
			if p == sid {
				return append(steps, s.step("extra policy "+p, fmt.Sprintf("%s.extra_policies[%d]", r.Path, j)), s.atomStep(p))
			}
		}
	}
	for _, g := range groups {
		if path := s.dagPath(g.name, sid, map[string]bool{}); path != nil {
			steps = append(steps, s.step("policy group "+g.name, g.path))
			return append(append(steps, path...), s.atomStep(sid))
		}
	}
	return steps
}

// groupRef is a policy group a principal names, and where.
type groupRef struct{ name, path string }

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

// dagPath is the way down the DAG from group to the atomic policy: each
// include (policy_groups.G.groups[k]) and, last, the group's own listing
// of the policy (policy_groups.G.policies[k]); nil when it is not below.
// Groups are visited once (the DAG is acyclic; validate says so).
func (s *spec) dagPath(group, atom string, seen map[string]bool) []kinds.Step {
	if seen[group] {
		return nil
	}
	seen[group] = true
	g, ok := s.cfg.PolicyGroups[group]
	if !ok {
		return nil
	}
	base := yamltree.ChildPath("policy_groups", group)
	for k, p := range g.Policies {
		if p == atom {
			return []kinds.Step{s.step(fmt.Sprintf("policy group %s lists %s", group, atom), fmt.Sprintf("%s.policies[%d]", base, k))}
		}
	}
	for k, sub := range g.Groups {
		if rest := s.dagPath(sub, atom, seen); rest != nil {
			return append([]kinds.Step{s.step(fmt.Sprintf("policy group %s includes %s", group, sub), fmt.Sprintf("%s.groups[%d]", base, k))}, rest...)
		}
	}
	return nil
}

func (s *spec) atomStep(name string) kinds.Step {
	for i, p := range s.cfg.Policies {
		if p.Name == name {
			return s.step("atomic policy "+name, fmt.Sprintf("policies[%d]", i))
		}
	}
	return kinds.Step{What: "atomic policy " + name}
}

func (s *spec) trustStep(r *role) kinds.Step {
	for _, field := range []string{"trusted_teams", "trusted_service_users", "trusted_roles", "trusted_github_repos", "saml_login"} {
		if s.doc.Lookup(r.Path+"."+field) != nil {
			return s.step("its trust: "+field, r.Path+"."+field)
		}
	}
	return kinds.Step{What: "its trust, as landform writes it for a " + roleWhat(r), Path: r.Path, Pos: s.doc.Pos(r.Path)}
}

func (s *spec) step(what, path string) kinds.Step {
	return kinds.Step{What: what, Path: path, Pos: s.doc.Pos(path)}
}

func (s *spec) principalByID(account, id string) (*role, *user) {
	for _, r := range s.rolesIn(account) {
		if r.LogicalID == id {
			return r, nil
		}
	}
	for _, u := range s.model.users {
		if u.Account == account && (u.LogicalID == id || u.LogicalID+"Group" == id) {
			return nil, u
		}
	}
	return nil, nil
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
