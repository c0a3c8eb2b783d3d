package sec

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/kinds"
)

var _ kinds.Explainer = (*spec)(nil)

// Explain traces a statement of the sec template back to the config: the
// group or role it belongs to, then the line that lists the policy
// template (inline_policies, managed_policies, security.managed_policies),
// the elevation role's permissions, or what makes the policies landform
// writes itself (assume-roles, the trust).
func (s *spec) Explain(_ string, _ map[string]any, holder, logicalID, policy, sid string) []kinds.Step {
	step := func(what, path string) kinds.Step { return kinds.Step{What: what, Path: path, Pos: s.doc.Pos(path)} }
	for _, p := range s.model.policies {
		if p.LogicalID == logicalID {
			return append(s.attachedBy(step, holder, p), step("managed policy from policy template "+p.ID, p.Path))
		}
	}
	for _, g := range s.model.groups {
		if g.LogicalID == logicalID || strings.HasPrefix(logicalID, g.LogicalID+"Inline") {
			return append([]kinds.Step{step("group "+g.Name, g.Path)}, s.explainInline(step, g.Inline, g.Path, policy, sid)...)
		}
	}
	for _, r := range s.model.roles {
		if r.LogicalID != logicalID {
			continue
		}
		steps := []kinds.Step{step(r.Kind+" role "+r.Name, r.Path)}
		if policy == "AssumeRolePolicyDocument" {
			return append(steps, kinds.Step{What: "its trust, as landform writes it for a " + r.Kind + " role", Path: r.Path, Pos: s.doc.Pos(r.Path)})
		}
		return append(steps, s.explainInline(step, r.Inline, r.Path, policy, sid)...)
	}
	return nil
}

// attachedBy is the holder's line that attaches the managed policy.
func (s *spec) attachedBy(step func(what, path string) kinds.Step, holder string, p *policyRes) []kinds.Step {
	find := func(what, path string, managed []attachment) []kinds.Step {
		for j, a := range managed {
			if a.Policy == p {
				return []kinds.Step{step(what, path), step("attaches "+p.ID, fmt.Sprintf("%s.managed_policies[%d]", path, j))}
			}
		}
		return nil
	}
	for _, g := range s.model.groups {
		if g.LogicalID == holder {
			return find("group "+g.Name, g.Path, g.Managed)
		}
	}
	for _, r := range s.model.roles {
		if r.LogicalID == holder {
			return find(r.Kind+" role "+r.Name, r.Path, r.Managed)
		}
	}
	return nil
}

// explainInline finds the inline policy (or, for a group's overflow
// managed policy, the template its Sid's prefix names) among the
// principal's.
func (s *spec) explainInline(step func(what, path string) kinds.Step, inlines []inline, path, policy, sid string) []kinds.Step {
	if policy == "assume-roles" {
		return []kinds.Step{{What: "the roles that name this group as their assumer (assumable_by)", Path: path, Pos: s.doc.Pos(path)}}
	}
	for _, in := range inlines {
		if in.Path == "" {
			continue
		}
		if in.Name == policy || in.ID != "" && strings.HasPrefix(sid, camelID(in.ID)) {
			what := "policy template " + in.ID
			if in.ID == "" {
				what = fmt.Sprintf("permission %s", sid)
			}
			return []kinds.Step{step(what, in.Path)}
		}
	}
	return nil
}
