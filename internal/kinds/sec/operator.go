package sec

import (
	"fmt"
	"slices"

	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// OperatorPolicy is the least-privilege policy for the identity that deploys
// this config: CloudFormation on this stack (and its test copies, whose names
// start with the stack name), IAM on the names this stack creates, SSM under
// /security/{stem}/, and S3 under the template prefix.
func (s *spec) OperatorPolicy() iam.Policy {
	c := s.cfg
	acct, region := c.Client.AccountID, c.Environment.Region
	st := append(kinds.StackStatements(region, acct, s.StackName()), []iam.Statement{
		{Sid: "ManageGroups", Effect: "Allow", Action: iam.Strings(
			"iam:AttachGroupPolicy", "iam:CreateGroup", "iam:DeleteGroup", "iam:DeleteGroupPolicy",
			"iam:DetachGroupPolicy", "iam:GetGroup", "iam:GetGroupPolicy", "iam:ListAttachedGroupPolicies",
			"iam:ListGroupPolicies", "iam:PutGroupPolicy", "iam:RemoveUserFromGroup", "iam:UpdateGroup"),
			Resource: iam.Strings(s.arn("group", s.prefix()+"-group-*"))},
		{Sid: "ManageRoles", Effect: "Allow", Action: iam.Strings(
			"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
			"iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
			"iam:ListRoleTags", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
			"iam:UpdateRole", "iam:UpdateRoleDescription"),
			Resource: iam.Strings(s.roleARNs()...)},
		{Sid: "ManagePolicies", Effect: "Allow", Action: iam.Strings(
			"iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
			"iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions", "iam:SetDefaultPolicyVersion"),
			Resource: iam.Strings(s.arn("policy", s.prefix()+"-policy-*"))},
		// The path itself for GetParametersByPath, the parameters under it
		// for the rest.
		{Sid: "StoreOutputs", Effect: "Allow", Action: iam.Strings(
			"ssm:AddTagsToResource", "ssm:DeleteParameters", "ssm:GetParameters", "ssm:GetParametersByPath",
			"ssm:ListTagsForResource", "ssm:PutParameter"),
			Resource: iam.Strings(
				fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/security/%s", region, acct, s.Stem()),
				fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/security/%s/*", region, acct, s.Stem()))},
	}...)
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
	st = append(st, kinds.UploadStatement(c.Deployment.TemplateBucket, c.Deployment.TemplatePrefix)...)
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

// roleARNs are the names the config's roles take: service and assumable
// roles, and cross-account roles when it has any.
func (s *spec) roleARNs() []string {
	out := []string{s.arn("role", s.prefix()+"-role-*")}
	for _, r := range s.model.roles {
		if r.Kind == roleCrossAccount {
			return append(out, s.arn("role", s.prefix()+"-xacct-*"))
		}
	}
	return out
}
