package sec

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
)

// model is the config resolved into IAM resources: names, rendered policies
// and who may assume what. Build and Export both read it, so the template
// and the exported JSON cannot disagree.
type model struct {
	policies []*policyRes
	groups   []*groupRes
	roles    []*roleRes // service, then assumable, then cross-account
}

type policyRes struct {
	ID, Name, LogicalID, Description string
	Doc                              iam.Policy
	Path                             string // config path, for findings
}

type inline struct {
	Name string
	Doc  iam.Policy
	// ID and Path say where it comes from: the policy template and the
	// config line that lists it (empty for the policies landform writes).
	ID, Path string
}

// attachment is a managed policy attached to a group or role: one of this
// stack's policies, or an AWS managed policy by ARN.
type attachment struct {
	Policy *policyRes
	ARN    string
}

type groupRes struct {
	Name, IAMName, LogicalID, Description, Path string
	Inline                                      []inline
	Managed                                     []attachment
	Assumes                                     []*roleRes
}

// Role kinds, as exports and inventory name them.
const (
	roleService       = "service"
	roleCrossFunction = "cross-function"
	roleElevation     = "elevation"
	roleCrossAccount  = "cross-account"
)

type roleRes struct {
	Kind, Name, IAMName, LogicalID, Description, Path string
	Trust                                             iam.Policy
	Inline                                            []inline
	Managed                                           []attachment
	MaxSession                                        int
	AssumableBy                                       []*groupRes
}

// servicePrincipals maps a service_roles[].service value to its principal.
var servicePrincipals = map[string]string{
	"sagemaker": "sagemaker.amazonaws.com",
	"lambda":    "lambda.amazonaws.com",
	"glue":      "glue.amazonaws.com",
	"codebuild": "codebuild.amazonaws.com",
	"pipeline":  "codepipeline.amazonaws.com",
}

// resolver builds the model, reporting every reference it cannot resolve.
type resolver struct {
	s        *spec
	m        *model
	fs       finding.List
	policies map[string]*policyRes
	groups   map[string]*groupRes
}

func (s *spec) resolve() (*model, finding.List) {
	r := &resolver{s: s, m: &model{}, policies: map[string]*policyRes{}, groups: map[string]*groupRes{}}
	sec := s.cfg.Security
	if on(sec.Profiles.ManagedPolicies) {
		for i, mp := range sec.ManagedPolicies {
			r.policy(i, mp)
		}
	}
	for i, g := range sec.Groups {
		r.group(i, g)
	}
	if on(sec.Profiles.ServiceRoles) {
		for i, sr := range sec.ServiceRoles {
			r.serviceRole(i, sr)
		}
	}
	if on(sec.Profiles.AssumableRoles) {
		for i, ar := range sec.AssumableRoles {
			r.assumableRole(i, ar)
		}
	}
	if on(sec.Profiles.CrossAccountRoles) {
		for i, xr := range sec.CrossAccountRoles {
			r.crossAccountRole(i, xr)
		}
	}
	return r.m, r.fs
}

func (r *resolver) errorf(rule, path, hint, format string, args ...any) {
	r.fs.Errorf(rule, r.s.doc.Pos(path), path, hint, format, args...)
}

// template renders a policy template by id, reporting an unknown id.
func (r *resolver) template(id, path string) (iam.Policy, *iam.Template, bool) {
	if !r.s.templates.Has(id) {
		hint := "run `landform list policy-templates` to see the ids"
		if m := finding.Suggest(id, r.s.templates.IDs()); m != "" {
			hint = fmt.Sprintf("did you mean `%s`?", m)
		}
		r.errorf("LF-SEC-002", path, hint, "unknown policy template %q", id)
		return iam.Policy{}, nil, false
	}
	t, err := r.s.templates.Get(id)
	if err != nil {
		r.errorf("LF-SEC-002", path, "fix the policy template file, or remove it from --assets", "%v", err)
		return iam.Policy{}, nil, false
	}
	p, err := t.Render(r.s.vars)
	if err != nil {
		r.errorf("LF-SEC-002", path, "check the policy template file", "%v", err)
		return iam.Policy{}, nil, false
	}
	return p, t, true
}

func (r *resolver) policy(i int, mp ManagedPolicy) {
	path := fmt.Sprintf("security.managed_policies[%d]", i)
	if !on(mp.Enabled) {
		return
	}
	if _, dup := r.policies[mp.Template]; dup {
		r.errorf("LF-SEC-001", path+".template", "list each template once", "managed policy %s is listed twice", mp.Template)
		return
	}
	doc, t, ok := r.template(mp.Template, path+".template")
	if !ok {
		return
	}
	desc := mp.Description
	if desc == "" {
		desc = t.Description
	}
	p := &policyRes{ID: mp.Template, Name: r.s.policyName(mp.Template), LogicalID: "Policy" + pascal(mp.Template),
		Description: desc, Doc: doc, Path: path}
	r.policies[mp.Template] = p
	r.m.policies = append(r.m.policies, p)
}

func (r *resolver) inlines(ids []string, path string) []inline {
	var out []inline
	for j, id := range ids {
		if doc, _, ok := r.template(id, fmt.Sprintf("%s.inline_policies[%d]", path, j)); ok {
			out = append(out, inline{Name: inlineName(id), Doc: doc, ID: id, Path: fmt.Sprintf("%s.inline_policies[%d]", path, j)})
		}
	}
	return out
}

func (r *resolver) attachments(refs []string, path string) []attachment {
	var out []attachment
	for j, ref := range refs {
		p := fmt.Sprintf("%s.managed_policies[%d]", path, j)
		if strings.HasPrefix(ref, "arn:") {
			out = append(out, attachment{ARN: ref})
			continue
		}
		pol, ok := r.policies[ref]
		if !ok {
			hint := "add `- template: " + ref + "` to security.managed_policies, or use inline_policies"
			if !r.s.templates.Has(ref) {
				hint = "name a template listed in security.managed_policies"
			} else if !on(r.s.cfg.Security.Profiles.ManagedPolicies) {
				hint = "security_profiles.managed_policies is false; turn it on or use inline_policies"
			}
			r.errorf("LF-SEC-003", p, hint, "managed policy %q is not created by this stack", ref)
			continue
		}
		out = append(out, attachment{Policy: pol})
	}
	return out
}

func (r *resolver) group(i int, g Group) {
	path := fmt.Sprintf("security.iam_groups[%d]", i)
	if !on(g.Enabled) {
		return
	}
	if _, dup := r.groups[g.Name]; dup {
		r.errorf("LF-SEC-001", path+".name", "give each group its own name", "group %s is defined twice", g.Name)
		return
	}
	gr := &groupRes{Name: g.Name, IAMName: r.s.groupName(g.Name), LogicalID: "Group" + pascal(g.Name),
		Description: g.Description, Path: path,
		Inline: r.inlines(g.InlinePolicies, path), Managed: r.attachments(g.ManagedPolicies, path)}
	r.groups[g.Name] = gr
	r.m.groups = append(r.m.groups, gr)
}

func (r *resolver) addRole(rr *roleRes, path string) {
	for _, x := range r.m.roles {
		if x.IAMName == rr.IAMName {
			r.errorf("LF-SEC-001", path+".name", "give each role its own name", "role %s is defined twice (also at %s)", rr.Name, x.Path)
			return
		}
	}
	r.m.roles = append(r.m.roles, rr)
}

func (r *resolver) serviceRole(i int, sr ServiceRole) {
	path := fmt.Sprintf("security.service_roles[%d]", i)
	if !on(sr.Enabled) {
		return
	}
	trust := iam.Policy{Version: iam.Version, Statement: []iam.Statement{{
		Effect: "Allow", Principal: map[string]iam.Value{"Service": iam.Strings(servicePrincipals[sr.Service])},
		Action: iam.Strings("sts:AssumeRole"),
	}}}
	r.addRole(&roleRes{Kind: roleService, Name: sr.Name, IAMName: r.s.roleName(sr.Name), LogicalID: "ServiceRole" + pascal(sr.Name),
		Description: sr.Description, Path: path, Trust: trust, MaxSession: sr.MaxSessionDuration,
		Inline: r.inlines(sr.InlinePolicies, path), Managed: r.attachments(sr.ManagedPolicies, path)}, path)
}

func (r *resolver) assumableRole(i int, ar AssumableRole) {
	path := fmt.Sprintf("security.assumable_roles[%d]", i)
	if !on(ar.Enabled) {
		return
	}
	rr := &roleRes{Name: ar.Name, IAMName: r.s.roleName(ar.Name), LogicalID: "AssumableRole" + pascal(ar.Name),
		Description: ar.Description, Path: path, MaxSession: ar.MaxSessionDuration}
	switch {
	case ar.MirrorsGroup != "" && len(ar.Permissions) > 0:
		r.errorf("LF-SEC-006", path+".permissions", "keep mirrors_group for a cross-function role, or permissions for an elevation role",
			"role %s has both mirrors_group and permissions", ar.Name)
		return
	case ar.MirrorsGroup != "":
		rr.Kind = roleCrossFunction
		g, ok := r.groups[ar.MirrorsGroup]
		if !ok {
			r.errorf("LF-SEC-004", path+".mirrors_group", r.groupHint(ar.MirrorsGroup), "mirrors_group names unknown or disabled group %q", ar.MirrorsGroup)
			return
		}
		rr.Inline = append(rr.Inline, g.Inline...)
		rr.Managed = append(rr.Managed, g.Managed...)
	case len(ar.Permissions) > 0:
		rr.Kind = roleElevation
		rr.Inline = append(rr.Inline, inline{Name: "elevation", Doc: r.permissions(ar.Permissions, path+".permissions"), Path: path + ".permissions"})
	default:
		if len(ar.InlinePolicies) == 0 && len(ar.ManagedPolicies) == 0 {
			r.errorf("LF-SEC-006", path, "add mirrors_group (a cross-function role) or permissions (an elevation role)",
				"role %s grants no permissions", ar.Name)
			return
		}
		rr.Kind = roleElevation
	}
	rr.Inline = append(rr.Inline, r.inlines(ar.InlinePolicies, path)...)
	rr.Managed = append(rr.Managed, r.attachments(ar.ManagedPolicies, path)...)
	stmt := iam.Statement{Effect: "Allow", Principal: map[string]iam.Value{"AWS": iam.Strings(accountRoot(r.s.cfg.Client.AccountID))},
		Action: iam.Strings("sts:AssumeRole")}
	if on(ar.RequireMFA) {
		stmt.Condition = map[string]iam.Condition{"Bool": {"aws:MultiFactorAuthPresent": iam.Strings("true")}}
	}
	rr.Trust = iam.Policy{Version: iam.Version, Statement: []iam.Statement{stmt}}
	for j, name := range ar.AssumableBy {
		g, ok := r.groups[name]
		if !ok {
			r.errorf("LF-SEC-005", fmt.Sprintf("%s.assumable_by[%d]", path, j), r.groupHint(name), "assumable_by names unknown or disabled group %q", name)
			continue
		}
		g.Assumes = append(g.Assumes, rr)
		rr.AssumableBy = append(rr.AssumableBy, g)
	}
	r.addRole(rr, path)
}

func (r *resolver) groupHint(name string) string {
	names := make([]string, 0, len(r.groups))
	for _, g := range r.m.groups {
		names = append(names, g.Name)
	}
	if m := finding.Suggest(name, names); m != "" {
		return fmt.Sprintf("did you mean `%s`?", m)
	}
	return "name an enabled group of security.iam_groups: " + strings.Join(names, ", ")
}

func (r *resolver) crossAccountRole(i int, xr CrossAccountRole) {
	path := fmt.Sprintf("security.cross_account_roles[%d]", i)
	if !on(xr.Enabled) {
		return
	}
	trust := iam.Policy{Version: iam.Version, Statement: []iam.Statement{{
		Effect: "Allow", Principal: map[string]iam.Value{"AWS": iam.Strings(accountRoot(xr.TrustedAccountID))},
		Action:    iam.Strings("sts:AssumeRole"),
		Condition: map[string]iam.Condition{"StringEquals": {"sts:ExternalId": iam.Strings(xr.ExternalID)}},
	}}}
	r.addRole(&roleRes{Kind: roleCrossAccount, Name: xr.Name, IAMName: r.s.xacctName(xr.Name), LogicalID: "CrossAccountRole" + pascal(xr.Name),
		Description: xr.Description, Path: path, Trust: trust, MaxSession: xr.MaxSessionDuration,
		Inline: r.inlines(xr.InlinePolicies, path), Managed: r.attachments(xr.ManagedPolicies, path)}, path)
}

// permissions renders an elevation role's custom statements, substituting the
// same placeholders policy templates use.
func (r *resolver) permissions(ps []Permission, path string) iam.Policy {
	doc := iam.Policy{Version: iam.Version}
	for i, p := range ps {
		effect := p.Effect
		if effect == "" {
			effect = "Allow"
		}
		st := iam.Statement{Sid: p.Sid, Effect: effect, Action: iam.Strings(p.Actions...)}
		for j, res := range p.Resources {
			out, err := iam.Substitute(res, r.s.vars)
			if err != nil {
				r.errorf("LF-SEC-020", fmt.Sprintf("%s[%d].resources[%d]", path, i, j), "use ${"+strings.Join(iam.Placeholders, "}, ${")+"}", "%v", err)
			}
			st.Resource = append(st.Resource, out)
		}
		if len(p.Conditions) > 0 {
			st.Condition = map[string]iam.Condition{}
			for op, kv := range p.Conditions {
				st.Condition[op] = iam.Condition{}
				for k, v := range kv {
					st.Condition[op][k] = conditionValue(v)
				}
			}
		}
		doc.Statement = append(doc.Statement, st)
	}
	return doc
}

func conditionValue(v any) iam.Value {
	if list, ok := v.([]any); ok {
		out := make(iam.Value, len(list))
		for i, x := range list {
			out[i] = fmt.Sprint(x)
		}
		return out
	}
	return iam.Value{fmt.Sprint(v)}
}
