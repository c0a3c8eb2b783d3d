package operator

import (
	"maps"
	"slices"
	"strings"
)

// call is one API call landform itself makes to run a lifecycle step
// (internal/stack and internal/drift), with the resource IAM authorizes it
// on. The table is what the operator policy must allow beyond what
// CloudFormation calls for the template's resources. The AWS scripts
// operator-auth and access-auth record every request landform makes in
// each kind's lifecycle and fail on one whose action is not here
// (moto own-calls).
type call struct {
	Step   string
	Action string
	On     target
	// When names the Env field that makes landform make the call ("" for
	// always).
	When string
}

// target is the resource an own call is authorized on.
type target uint8

const (
	onStack       target = iota // the stack (and its test copies)
	onAny                       // "*": the action has no resource-level permission
	onOutputs                   // the SSM parameters under Env.OutputsPath
	onTemplates                 // the objects under the template bucket's prefix
	onOutputsPath               // the SSM path Env.OutputsPath itself (GetParametersByPath)
	onFamily                    // the stacks of the unit's family (Env.FamilyPrefix…Env.FamilySuffix)
)

// ownCalls are landform's own calls, by lifecycle step. sts:GetCallerIdentity
// is not here: it needs no permission.
var ownCalls = []call{
	// plan: read the deployed stack and template, make a change set, read
	// it, delete it; a stack that did not exist is left REVIEW_IN_PROGRESS
	// by the change set and deleted.
	{"plan", "cloudformation:DescribeStacks", onStack, ""},
	{"plan", "cloudformation:GetTemplate", onStack, ""},
	{"plan", "cloudformation:CreateChangeSet", onStack, ""},
	{"plan", "cloudformation:DescribeChangeSet", onStack, ""},
	{"plan", "cloudformation:DeleteChangeSet", onStack, ""},
	{"plan", "cloudformation:DeleteStack", onStack, ""},
	{"plan", "cloudformation:ListStacks", onAny, "Family"},
	{"plan", "s3:PutObject", onTemplates, "Bucket"},
	{"plan", "s3:GetObject", onTemplates, "Bucket"}, // CloudFormation reads TemplateURL as the caller
	// deploy: the change set, executed and followed through its events;
	// the stack's resources and outputs; the outputs written to SSM.
	{"deploy", "cloudformation:DescribeStacks", onStack, ""},
	{"deploy", "cloudformation:CreateChangeSet", onStack, ""},
	{"deploy", "cloudformation:DescribeChangeSet", onStack, ""},
	{"deploy", "cloudformation:ExecuteChangeSet", onStack, ""},
	{"deploy", "cloudformation:DeleteChangeSet", onStack, ""},
	{"deploy", "cloudformation:DescribeStackEvents", onStack, ""},
	{"deploy", "cloudformation:DescribeStackResources", onStack, ""},
	{"deploy", "cloudformation:UpdateTerminationProtection", onStack, ""},
	{"deploy", "cloudformation:ListStacks", onAny, "Family"},
	{"deploy", "s3:PutObject", onTemplates, "Bucket"},
	{"deploy", "s3:GetObject", onTemplates, "Bucket"},
	// deploy first deletes the family's stacks the config no longer makes.
	{"deploy", "cloudformation:DescribeStacks", onFamily, "Family"},
	{"deploy", "cloudformation:DeleteStack", onFamily, "Family"},
	{"deploy", "cloudformation:DescribeStackEvents", onFamily, "Family"},
	{"deploy", "ssm:PutParameter", onOutputs, "OutputsPath"},
	{"deploy", "ssm:AddTagsToResource", onOutputs, "OutputsPath"},
	// drift: CloudFormation's detection, and landform's deeper read (the
	// per-type reads in deepReads).
	{"drift", "cloudformation:DescribeStacks", onStack, ""},
	{"drift", "cloudformation:DetectStackDrift", onStack, ""},
	{"drift", "cloudformation:DescribeStackDriftDetectionStatus", onAny, ""},
	{"drift", "cloudformation:DescribeStackResourceDrifts", onStack, ""},
	{"drift", "cloudformation:DescribeStackResources", onStack, ""},
	{"drift", "cloudformation:GetTemplate", onStack, ""},
	// destroy: the stack, followed through its events, and the outputs.
	{"destroy", "cloudformation:DescribeStacks", onStack, ""},
	{"destroy", "cloudformation:DeleteStack", onStack, ""},
	{"destroy", "cloudformation:DescribeStackEvents", onStack, ""},
	{"destroy", "cloudformation:ListStacks", onAny, "Family"},
	{"destroy", "cloudformation:DescribeStacks", onFamily, "Family"},
	{"destroy", "cloudformation:DeleteStack", onFamily, "Family"},
	{"destroy", "cloudformation:DescribeStackEvents", onFamily, "Family"},
	{"destroy", "ssm:GetParametersByPath", onOutputsPath, "OutputsPath"},
	{"destroy", "ssm:ListTagsForResource", onOutputs, "OutputsPath"},
	{"destroy", "ssm:DeleteParameters", onOutputs, "OutputsPath"},
	{"destroy", "ssm:GetParameters", onOutputs, "OutputsPath"},
}

// deepReads are the calls landform's drift makes per resource type, beyond
// CloudFormation's detection: IAM principals and policies, and security
// group rules, read whole (internal/drift).
var deepReads = map[string][]string{
	"AWS::IAM::Role": {"iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
		"iam:ListRoleTags"},
	"AWS::IAM::Group": {"iam:GetGroup", "iam:GetGroupPolicy", "iam:ListAttachedGroupPolicies", "iam:ListGroupPolicies"},
	"AWS::IAM::User": {"iam:GetLoginProfile", "iam:GetUser", "iam:GetUserPolicy", "iam:ListAccessKeys",
		"iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "iam:ListUserPolicies", "iam:ListUserTags"},
	"AWS::IAM::ManagedPolicy":        {"iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions"},
	"AWS::IAM::InstanceProfile":      {"iam:GetInstanceProfile"},
	"AWS::EC2::SecurityGroup":        {"ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"},
	"AWS::EC2::SecurityGroupIngress": {"ec2:DescribeSecurityGroupRules"},
	"AWS::EC2::SecurityGroupEgress":  {"ec2:DescribeSecurityGroupRules"},
}

// reverts are the calls deploy --revert-drift may make per resource type to
// put back what drift found changed (internal/drift's repairs).
var reverts = map[string][]string{
	"AWS::IAM::Role": {"iam:AttachRolePolicy", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
		"iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy"},
	"AWS::IAM::Group": {"iam:AttachGroupPolicy", "iam:DeleteGroupPolicy", "iam:DetachGroupPolicy", "iam:PutGroupPolicy",
		"iam:RemoveUserFromGroup"},
	"AWS::IAM::User": {"iam:AddUserToGroup", "iam:AttachUserPolicy", "iam:DeleteAccessKey", "iam:DeleteLoginProfile",
		"iam:DeleteUserPermissionsBoundary", "iam:DeleteUserPolicy", "iam:DetachUserPolicy", "iam:PutUserPermissionsBoundary",
		"iam:PutUserPolicy", "iam:RemoveUserFromGroup", "iam:TagUser", "iam:UntagUser"},
	"AWS::IAM::ManagedPolicy":   {"iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"},
	"AWS::IAM::InstanceProfile": {"iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile"},
	"AWS::EC2::SecurityGroup": {"ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateTags",
		"ec2:DeleteTags", "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
		"ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:UpdateSecurityGroupRuleDescriptionsIngress"},
}

// OwnActions are the actions of every call landform itself makes to run a
// stack's lifecycle (ownCalls, deepReads, reverts), lower case, sorted: a
// test holds the calls landform really makes to them.
func OwnActions() []string {
	seen := map[string]bool{}
	for _, c := range ownCalls {
		seen[strings.ToLower(c.Action)] = true
	}
	for _, m := range []map[string][]string{deepReads, reverts} {
		for _, actions := range m {
			for _, a := range actions {
				seen[strings.ToLower(a)] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
