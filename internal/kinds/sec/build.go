package sec

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/version"
)

// arnStyle says how a policy names a role of this stack: by Fn::GetAtt in the
// template, so CloudFormation orders the resources, or as a literal ARN in
// exported JSON, which has no template to resolve against.
type arnStyle int

const (
	templateARN arnStyle = iota
	literalARN
)

func (s *spec) roleARN(r *roleRes, style arnStyle) any {
	if style == templateARN {
		return cfn.GetAtt(r.LogicalID, "Arn")
	}
	return s.arn("role", r.IAMName)
}

func (s *spec) policyARN(a attachment, style arnStyle) any {
	switch {
	case a.Policy == nil:
		return a.ARN
	case style == templateARN:
		return cfn.Ref(a.Policy.LogicalID)
	}
	return s.arn("policy", a.Policy.Name)
}

// assumePolicy lets a group's members assume the roles that name the group in
// assumable_by. It is the group's half of the trust: the roles trust the
// account, and only this policy says which people may use them.
func (s *spec) assumePolicy(g *groupRes, style arnStyle) iam.Policy {
	if len(g.Assumes) == 0 {
		return iam.Policy{}
	}
	st := iam.Statement{Sid: "AssumeRoles", Effect: "Allow", Action: iam.Strings("sts:AssumeRole")}
	for _, r := range g.Assumes {
		st.Resource = append(st.Resource, s.roleARN(r, style))
	}
	return iam.Policy{Version: iam.Version, Statement: []iam.Statement{st}}
}

// groupInline is every inline policy of a group, the assume-roles one last.
func (s *spec) groupInline(g *groupRes, style arnStyle) []inline {
	out := slices.Clone(g.Inline)
	if p := s.assumePolicy(g, style); len(p.Statement) > 0 {
		out = append(out, inline{Name: "assume-roles", Doc: p})
	}
	return out
}

// ConfigHash is the SHA-256 of the config's data in canonical JSON: it
// changes when the config means something else, not when comments or
// formatting change.
func (s *spec) ConfigHash() string {
	raw, _ := json.Marshal(s.doc.Value()) // maps encode with sorted keys
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Build returns the stack's template.
func (s *spec) Build() (*cfn.Template, error) {
	if s.resolved.HasErrors() {
		return nil, fmt.Errorf("config %s has errors; run landform validate", s.doc.File)
	}
	c := s.cfg
	t := &cfn.Template{
		Description: fmt.Sprintf("landform sec %s: IAM groups, roles and policies for %s in %s (%s)",
			s.tier.Label(), s.prefix(), c.Environment.Region, s.Stem()),
		Metadata: cfn.M("Landform", cfn.M(
			"Generator", "landform "+version.Version,
			"Kind", "sec",
			"Tier", s.tier.Label(),
			"Stem", s.Stem(),
			"ConfigSHA256", s.ConfigHash(),
		)),
	}
	for _, p := range s.model.policies {
		props := cfn.M("ManagedPolicyName", p.Name, "Description", p.Description, "PolicyDocument", p.Doc)
		if err := t.AddResource(cfn.Resource{LogicalID: p.LogicalID, Type: "AWS::IAM::ManagedPolicy", Properties: props}); err != nil {
			return nil, err
		}
	}
	for _, r := range s.model.roles {
		props := cfn.M("RoleName", r.IAMName)
		props.SetIf(r.Description != "", "Description", r.Description)
		props.Set("AssumeRolePolicyDocument", r.Trust)
		s.setPolicies(props, r.Inline, r.Managed)
		props.SetIf(r.MaxSession > 0, "MaxSessionDuration", r.MaxSession)
		props.SetIf(len(c.Tags) > 0, "Tags", s.tags())
		if err := t.AddResource(cfn.Resource{LogicalID: r.LogicalID, Type: "AWS::IAM::Role", Properties: props}); err != nil {
			return nil, err
		}
	}
	for _, g := range s.model.groups {
		props := cfn.M("GroupName", g.IAMName)
		in, overflow, err := s.groupPolicies(g, templateARN)
		if err != nil {
			return nil, err
		}
		s.setPolicies(props, in, g.Managed)
		if err := t.AddResource(cfn.Resource{LogicalID: g.LogicalID, Type: "AWS::IAM::Group", Properties: props}); err != nil {
			return nil, err
		}
		for _, d := range overflow {
			name, id := overflowName(g, d)
			if err := t.AddResource(cfn.Resource{LogicalID: id, Type: "AWS::IAM::ManagedPolicy", Properties: cfn.M(
				"ManagedPolicyName", name,
				"Description", fmt.Sprintf("Part %d of the inline policies of group %s, over IAM's %d characters per group", d.Slot+1, g.IAMName, iam.MaxGroupInlineTotal),
				"PolicyDocument", d.Policy(), "Groups", []any{cfn.Ref(g.LogicalID)})}); err != nil {
				return nil, err
			}
		}
	}
	if err := s.addOutputs(t); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *spec) setPolicies(props *cfn.Map, in []inline, managed []attachment) {
	if len(managed) > 0 {
		arns := make([]any, len(managed))
		for i, a := range managed {
			arns[i] = s.policyARN(a, templateARN)
		}
		props.Set("ManagedPolicyArns", arns)
	}
	if len(in) > 0 {
		pols := make([]any, len(in))
		for i, p := range in {
			pols[i] = cfn.M("PolicyName", p.Name, "PolicyDocument", p.Doc)
		}
		props.Set("Policies", pols)
	}
}

func (s *spec) tags() []any {
	keys := make([]string, 0, len(s.cfg.Tags))
	for k := range s.cfg.Tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = cfn.M("Key", k, "Value", s.cfg.Tags[k])
	}
	return out
}

// addOutputs exports the ARN of every group, role and policy, so other stacks
// and landform's SSM step can find them. Export names start with the stack
// name, so a test deploy under another stack name cannot collide.
func (s *spec) addOutputs(t *cfn.Template) error {
	add := func(id, desc string, value any) error {
		return t.AddOutput(cfn.Output{LogicalID: id + "Arn", Description: desc, Value: value,
			Export: cfn.Sub("${AWS::StackName}-" + id + "Arn")})
	}
	for _, p := range s.model.policies {
		if err := add(p.LogicalID, "ARN of managed policy "+p.Name, cfn.Ref(p.LogicalID)); err != nil {
			return err
		}
	}
	for _, r := range s.model.roles {
		if err := add(r.LogicalID, fmt.Sprintf("ARN of %s role %s", r.Kind, r.IAMName), cfn.GetAtt(r.LogicalID, "Arn")); err != nil {
			return err
		}
	}
	for _, g := range s.model.groups {
		if err := add(g.LogicalID, "ARN of group "+g.IAMName, cfn.GetAtt(g.LogicalID, "Arn")); err != nil {
			return err
		}
	}
	return nil
}
