package check

import (
	"fmt"
	"maps"
	"slices"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/yamltree"
)

// policyProps says, per resource type, which properties hold a policy
// document and of which kind. "Policies" is a list of {PolicyName,
// PolicyDocument} and counts against the owner's inline quota.
var policyProps = map[string]map[string]iam.DocKind{
	"AWS::IAM::Role":          {"AssumeRolePolicyDocument": iam.Trust, "Policies": iam.Identity},
	"AWS::IAM::Group":         {"Policies": iam.Identity},
	"AWS::IAM::User":          {"Policies": iam.Identity},
	"AWS::IAM::ManagedPolicy": {"PolicyDocument": iam.Identity},
	"AWS::IAM::Policy":        {"PolicyDocument": iam.Identity},
	"AWS::IAM::RolePolicy":    {"PolicyDocument": iam.Identity},
	"AWS::IAM::GroupPolicy":   {"PolicyDocument": iam.Identity},
	"AWS::IAM::UserPolicy":    {"PolicyDocument": iam.Identity},
	"AWS::S3::BucketPolicy":   {"PolicyDocument": iam.ResourceBased},
	"AWS::SQS::QueuePolicy":   {"PolicyDocument": iam.ResourceBased},
	"AWS::SNS::TopicPolicy":   {"PolicyDocument": iam.ResourceBased},
	"AWS::KMS::Key":           {"KeyPolicy": iam.ResourceBased},
	"AWS::ECR::Repository":    {"RepositoryPolicyText": iam.ResourceBased},

	"AWS::SecretsManager::ResourcePolicy": {"ResourcePolicy": iam.ResourceBased},
}

// inlineQuota is IAM's limit on all inline policies of one identity together.
var inlineQuota = map[string]int{
	"AWS::IAM::Role":  iam.MaxRoleInlineTotal,
	"AWS::IAM::Group": iam.MaxGroupInlineTotal,
	"AWS::IAM::User":  iam.MaxUserInlineTotal,
}

func (c *checker) policies() {
	lint := iam.Linter{Catalog: catalog.Default()}
	for _, id := range c.order {
		r := c.resources[id]
		typ, _ := r.Get("Type").String()
		props := r.Get("Properties")
		for _, prop := range slices.Sorted(maps.Keys(policyProps[typ])) {
			kind := policyProps[typ][prop]
			path := fmt.Sprintf("Resources.%s.Properties.%s", id, prop)
			n := props.Get(prop)
			if n == nil {
				continue
			}
			if prop != "Policies" {
				c.fs = append(c.fs, lint.Lint(n, path, kind)...)
				c.quota(typ, prop, props, n, path)
				continue
			}
			total := 0
			for i, p := range cfn.Values(n) {
				pp := yamltree.IndexPath(path, i)
				doc := p.Get("PolicyDocument")
				if doc == nil && !cfn.IsIntrinsic(p) {
					c.errorf("LF-IAM-001", p, pp, "add PolicyName and PolicyDocument", "inline policy has no PolicyDocument")
					continue
				}
				c.fs = append(c.fs, lint.Lint(doc, pp+".PolicyDocument", kind)...)
				if doc != nil {
					total += iam.NodeSize(doc)
				}
			}
			if max := inlineQuota[typ]; total > max {
				c.errorf("LF-IAM-006", n, path, "move policies into managed policies", "inline policies total %d characters; IAM allows %d for an %s", total, max, typ)
			}
		}
	}
}

// quota applies IAM's size limit to one policy document: 2,048 for a trust
// policy, 6,144 for a managed policy, and for an inline policy written as
// its own resource the inline quota of the identity it belongs to (the
// smallest, when an AWS::IAM::Policy is attached to several kinds).
func (c *checker) quota(typ, prop string, props, n *yamltree.Node, path string) {
	max := 0
	switch {
	case prop == "AssumeRolePolicyDocument":
		max = iam.MaxTrustPolicySize
	case typ == "AWS::IAM::ManagedPolicy":
		max = iam.MaxManagedPolicySize
	case typ == "AWS::IAM::RolePolicy":
		max = iam.MaxRoleInlineTotal
	case typ == "AWS::IAM::GroupPolicy":
		max = iam.MaxGroupInlineTotal
	case typ == "AWS::IAM::UserPolicy":
		max = iam.MaxUserInlineTotal
	case typ == "AWS::IAM::Policy":
		max = iam.MaxRoleInlineTotal
		if props.Get("Groups") != nil {
			max = iam.MaxGroupInlineTotal
		}
		if props.Get("Users") != nil {
			max = iam.MaxUserInlineTotal
		}
	}
	if size := iam.NodeSize(n); max > 0 && size > max {
		c.errorf("LF-IAM-006", n, path, "split the policy, or shorten it", "policy is %d characters; IAM allows %d", size, max)
	}
}
