package sec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// Export sets of the sec kind, as `export --what` names them.
const (
	ExportOperatorPolicy  = "operator-policy"
	ExportServicePolicies = "service-policies"
	ExportGroups          = "groups"
	ExportRoles           = "roles"
)

// ExportSets lists the sets in the order `--what all` writes them.
func (s *spec) ExportSets() []string {
	return []string{ExportOperatorPolicy, ExportServicePolicies, ExportGroups, ExportRoles}
}

// Export renders one set's files. Policies in them name ARNs literally,
// since the account is known from the config.
func (s *spec) Export(set string, _ []kinds.Built) ([]kinds.File, error) {
	if s.resolved.HasErrors() {
		return nil, fmt.Errorf("config %s has errors; run landform validate", s.doc.File)
	}
	switch set {
	case ExportOperatorPolicy:
		b, err := s.OperatorPolicy().Indented()
		if err != nil {
			return nil, err
		}
		return []kinds.File{{Dir: "policies", Name: s.Stem() + "-iam-policy.json", Data: b}}, nil
	case ExportServicePolicies:
		return s.exportServicePolicies()
	case ExportGroups:
		return s.exportGroups()
	case ExportRoles:
		return s.exportRoles()
	}
	return nil, fmt.Errorf("sec cannot export %q: use one of %v or all", set, s.ExportSets())
}

// usedTemplates lists every policy template the config uses, sorted.
func (s *spec) usedTemplates() []string {
	var ids []string
	sec := s.cfg.Security
	for _, p := range s.model.policies {
		ids = append(ids, p.ID)
	}
	for _, g := range sec.Groups {
		ids = append(ids, g.InlinePolicies...)
	}
	for _, r := range sec.ServiceRoles {
		ids = append(ids, r.InlinePolicies...)
	}
	for _, r := range sec.AssumableRoles {
		ids = append(ids, r.InlinePolicies...)
	}
	for _, r := range sec.CrossAccountRoles {
		ids = append(ids, r.InlinePolicies...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func (s *spec) exportServicePolicies() ([]kinds.File, error) {
	var out []kinds.File
	for _, id := range s.usedTemplates() {
		t, err := s.templates.Get(id)
		if err != nil {
			return nil, err // Validate reports it first; Export refuses configs with errors
		}
		p, err := t.Render(s.vars)
		if err != nil {
			return nil, err
		}
		b, err := p.Indented()
		if err != nil {
			return nil, err
		}
		out = append(out, kinds.File{Dir: "policies", Name: s.policyName(id) + ".json", Data: b})
	}
	return out, nil
}

type namedPolicy struct {
	PolicyName     string     `json:"PolicyName"`
	PolicyDocument iam.Policy `json:"PolicyDocument"`
}

type groupExport struct {
	GroupName         string        `json:"GroupName"`
	Arn               string        `json:"Arn"`
	Description       string        `json:"Description,omitempty"`
	ManagedPolicyArns []any         `json:"ManagedPolicyArns"`
	Policies          []namedPolicy `json:"Policies"`
	AssumableRoleArns []any         `json:"AssumableRoleArns"`
}

type roleExport struct {
	RoleName                 string        `json:"RoleName"`
	Arn                      string        `json:"Arn"`
	Type                     string        `json:"Type"`
	Description              string        `json:"Description,omitempty"`
	AssumeRolePolicyDocument iam.Policy    `json:"AssumeRolePolicyDocument"`
	AssumableByGroups        []string      `json:"AssumableByGroups,omitempty"`
	ManagedPolicyArns        []any         `json:"ManagedPolicyArns"`
	Policies                 []namedPolicy `json:"Policies"`
	MaxSessionDuration       int           `json:"MaxSessionDuration"`
}

func (s *spec) namedPolicies(in []inline) []namedPolicy {
	out := make([]namedPolicy, 0, len(in))
	for _, p := range in {
		out = append(out, namedPolicy{PolicyName: p.Name, PolicyDocument: p.Doc})
	}
	return out
}

func (s *spec) managedARNs(att []attachment) []any {
	out := make([]any, 0, len(att))
	for _, a := range att {
		out = append(out, s.policyARN(a, literalARN))
	}
	return out
}

func (s *spec) exportGroups() ([]kinds.File, error) {
	var out []kinds.File
	for _, g := range s.model.groups {
		in, overflow, err := s.groupPolicies(g, literalARN)
		if err != nil {
			return nil, err
		}
		e := groupExport{GroupName: g.IAMName, Arn: s.arn("group", g.IAMName), Description: g.Description,
			ManagedPolicyArns: s.managedARNs(g.Managed), Policies: s.namedPolicies(in), AssumableRoleArns: []any{}}
		for _, d := range overflow {
			name, _ := overflowName(g, d)
			e.ManagedPolicyArns = append(e.ManagedPolicyArns, s.arn("policy", name))
		}
		for _, r := range g.Assumes {
			e.AssumableRoleArns = append(e.AssumableRoleArns, s.roleARN(r, literalARN))
		}
		b, err := indentJSON(e)
		if err != nil {
			return nil, err
		}
		out = append(out, kinds.File{Dir: "groups", Name: g.IAMName + ".json", Data: b})
	}
	return out, nil
}

func (s *spec) exportRoles() ([]kinds.File, error) {
	var out []kinds.File
	for _, r := range s.model.roles {
		e := roleExport{RoleName: r.IAMName, Arn: s.arn("role", r.IAMName), Type: r.Kind, Description: r.Description,
			AssumeRolePolicyDocument: r.Trust, ManagedPolicyArns: s.managedARNs(r.Managed), Policies: s.namedPolicies(r.Inline),
			MaxSessionDuration: max(r.MaxSession, 3600)}
		for _, g := range r.AssumableBy {
			e.AssumableByGroups = append(e.AssumableByGroups, g.IAMName)
		}
		b, err := indentJSON(e)
		if err != nil {
			return nil, err
		}
		out = append(out, kinds.File{Dir: "roles", Name: r.IAMName + ".json", Data: b})
	}
	return out, nil
}

func indentJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
