package sec

import (
	"fmt"
	"slices"

	"github.com/landform/landform/internal/iam"
)

// OperatorPolicy is the least-privilege policy for the identity that deploys
// this config: CloudFormation on this stack (and its test copies, whose names
// start with the stack name), IAM on the names this stack creates, SSM under
// /security/{stem}/, and S3 under the template prefix.
func (s *spec) OperatorPolicy() iam.Policy {
	c := s.cfg
	acct, region := c.Client.AccountID, c.Environment.Region
	stack := fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s*/*", region, acct, s.StackName())
	st := []iam.Statement{
		{Sid: "ManageStack", Effect: "Allow", Action: iam.Strings(
			"cloudformation:CreateChangeSet", "cloudformation:CreateStack", "cloudformation:DeleteChangeSet",
			"cloudformation:DeleteStack", "cloudformation:DescribeChangeSet", "cloudformation:DescribeStackEvents",
			"cloudformation:DescribeStackResource", "cloudformation:DescribeStackResourceDrifts",
			"cloudformation:DescribeStackResources", "cloudformation:DescribeStacks", "cloudformation:DetectStackDrift",
			"cloudformation:DetectStackResourceDrift", "cloudformation:ExecuteChangeSet", "cloudformation:GetTemplate",
			"cloudformation:GetTemplateSummary", "cloudformation:ListChangeSets", "cloudformation:ListStackResources",
			"cloudformation:TagResource", "cloudformation:UpdateStack", "cloudformation:UpdateTerminationProtection"),
			Resource: iam.Strings(stack)},
		// These two actions have no resource-level permission: Resource must be "*".
		{Sid: "ValidateAndDriftStatus", Effect: "Allow", Action: iam.Strings(
			"cloudformation:DescribeStackDriftDetectionStatus", "cloudformation:ValidateTemplate"),
			Resource: iam.Strings("*")},
		{Sid: "ManageGroups", Effect: "Allow", Action: iam.Strings(
			"iam:AttachGroupPolicy", "iam:CreateGroup", "iam:DeleteGroup", "iam:DeleteGroupPolicy",
			"iam:DetachGroupPolicy", "iam:GetGroup", "iam:GetGroupPolicy", "iam:ListAttachedGroupPolicies",
			"iam:ListGroupPolicies", "iam:PutGroupPolicy", "iam:UpdateGroup"),
			Resource: iam.Strings(s.arn("group", s.prefix()+"-group-*"))},
		{Sid: "ManageRoles", Effect: "Allow", Action: iam.Strings(
			"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
			"iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
			"iam:ListRoleTags", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
			"iam:UpdateRole", "iam:UpdateRoleDescription"),
			Resource: iam.Strings(s.arn("role", s.prefix()+"-role-*"), s.arn("role", s.prefix()+"-xacct-*"))},
		{Sid: "ManagePolicies", Effect: "Allow", Action: iam.Strings(
			"iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
			"iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions"),
			Resource: iam.Strings(s.arn("policy", s.prefix()+"-policy-*"))},
		{Sid: "StoreOutputs", Effect: "Allow", Action: iam.Strings(
			"ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:DeleteParameters", "ssm:GetParameter",
			"ssm:GetParameters", "ssm:GetParametersByPath", "ssm:ListTagsForResource", "ssm:PutParameter"),
			Resource: iam.Strings(
				fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/security/%s", region, acct, s.Stem()),
				fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/security/%s/*", region, acct, s.Stem()))},
	}
	// Attaching is allowed only for the policies this config attaches.
	attach := []string{s.arn("policy", s.prefix()+"-policy-*")}
	for _, g := range s.model.groups {
		attach = append(attach, awsARNs(g.Managed)...)
	}
	for _, r := range s.model.roles {
		attach = append(attach, awsARNs(r.Managed)...)
	}
	slices.Sort(attach)
	attach = slices.Compact(attach)
	st = append(st, iam.Statement{Sid: "AttachOnlyThesePolicies", Effect: "Deny",
		Action:    iam.Strings("iam:AttachGroupPolicy", "iam:AttachRolePolicy"),
		Resource:  iam.Strings("*"),
		Condition: map[string]iam.Condition{"ArnNotLike": {"iam:PolicyARN": iam.Strings(attach...)}}})
	if b := c.Deployment.TemplateBucket; b != "" {
		st = append(st, iam.Statement{Sid: "UploadTemplates", Effect: "Allow",
			Action:   iam.Strings("s3:GetObject", "s3:PutObject"),
			Resource: iam.Strings(fmt.Sprintf("arn:aws:s3:::%s/%s*", b, c.Deployment.TemplatePrefix))})
	}
	return iam.Policy{Version: iam.Version, Statement: st}
}

func awsARNs(att []attachment) []string {
	var out []string
	for _, a := range att {
		if a.Policy == nil {
			out = append(out, a.ARN)
		}
	}
	return out
}
