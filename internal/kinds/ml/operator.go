package ml

import (
	"fmt"
	"slices"
	"strings"

	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// OperatorPolicy is the least-privilege policy for the identity that
// deploys this product: CloudFormation on its stack, each service on this
// product's names only (trailing * for test copies, whose names end in a
// suffix), iam:PassRole for its roles to the services that take them, and
// the Describe/List actions that have no resource-level permission on "*".
func (s *spec) OperatorPolicy() iam.Policy {
	c := s.cfg
	acct, region := c.Client.AccountID, c.Environment.Region
	n := s.names()
	arn := func(svc, res string) string { return fmt.Sprintf("arn:aws:%s:%s:%s:%s", svc, region, acct, res) }
	iamARN := func(res string) string { return fmt.Sprintf("arn:aws:iam::%s:%s", acct, res) }
	ssm := func(p string) string { return arn("ssm", "parameter"+p) }
	st := kinds.StackStatements(region, acct, s.StackName())
	add := func(sid string, actions []string, resources ...string) {
		st = append(st, iam.Statement{Sid: sid, Effect: "Allow", Action: iam.Strings(actions...), Resource: iam.Strings(resources...)})
	}
	add("ModelRegistry", []string{"sagemaker:AddTags", "sagemaker:CreateModelPackageGroup", "sagemaker:DeleteModelPackageGroup",
		"sagemaker:DeleteModelPackageGroupPolicy", "sagemaker:DeleteTags", "sagemaker:DescribeModelPackageGroup",
		"sagemaker:GetModelPackageGroupPolicy", "sagemaker:ListTags"},
		arn("sagemaker", "model-package-group/"+n.ModelPackageGroup+"*"))
	if s.sc.SourceControl == "codecommit" {
		add("CodeCommitManagement", []string{"codecommit:CreateRepository", "codecommit:DeleteRepository", "codecommit:GetRepository",
			"codecommit:ListTagsForResource", "codecommit:TagResource", "codecommit:UntagResource", "codecommit:UpdateRepositoryDescription"},
			arn("codecommit", s.Stem()+"-*"))
	}
	add("BuildProjects", []string{"codebuild:BatchGetProjects", "codebuild:CreateProject", "codebuild:DeleteProject", "codebuild:UpdateProject"},
		arn("codebuild", "project/"+s.Stem()+"-*"))
	add("Pipelines", []string{"codepipeline:CreatePipeline", "codepipeline:DeletePipeline", "codepipeline:EnableStageTransition", "codepipeline:GetPipeline",
		"codepipeline:GetPipelineState", "codepipeline:ListTagsForResource", "codepipeline:TagResource", "codepipeline:UntagResource",
		"codepipeline:UpdatePipeline"}, arn("codepipeline", s.Stem()+"-*"))
	// s3:DeleteBucket: destroy deletes the artifacts bucket (and only it).
	add("ArtifactsBucket", kinds.WithActions(kinds.BucketReads, "s3:CreateBucket", "s3:DeleteBucket",
		"s3:PutBucketOwnershipControls", "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging",
		"s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration"), "arn:aws:s3:::"+n.Bucket+"*")
	st = append(st, kinds.BucketObjectsThroughCloudFormation("ArtifactsBucketObjectsThroughCloudFormation", n.Bucket+"*"))
	roles := []string{iamARN("role/" + n.CodeBuildRole + "*"), iamARN("role/" + n.CodePipelineRole + "*"), iamARN("role/" + n.SageMakerRole + "*")}
	if s.createsTrail() {
		roles = append(roles, iamARN("role/"+n.TrailRole+"*"))
	}
	add("Roles", []string{"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary",
		"iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
		"iam:ListRolePolicies", "iam:ListRoleTags", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole",
		"iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"}, roles...)
	if s.managedPolicies() {
		policies := []string{iamARN("policy/" + n.BuildPolicy + "*"), iamARN("policy/" + n.DeployPolicy + "*")}
		if s.enterprise() {
			policies = append(policies, iamARN("policy/"+n.BoundaryPolicy+"*"))
		}
		if s.createsTrail() {
			policies = append(policies, iamARN("policy/"+n.TrailPolicy+"*"))
		}
		add("ManagedPolicies", []string{"iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
			"iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions", "iam:SetDefaultPolicyVersion"},
			policies...)
	}
	pass := func(sid, role string, services ...string) {
		st = append(st, iam.Statement{Sid: sid, Effect: "Allow", Action: iam.Strings("iam:PassRole"),
			Resource:  iam.Strings(iamARN("role/" + role + "*")),
			Condition: map[string]iam.Condition{"StringEquals": {"iam:PassedToService": iam.Strings(services...)}}})
	}
	pass("PassCodeBuildRole", n.CodeBuildRole, "codebuild.amazonaws.com")
	if s.tier() == "starter" {
		pass("PassCodePipelineRole", n.CodePipelineRole, "codepipeline.amazonaws.com")
	} else {
		pass("PassCodePipelineRole", n.CodePipelineRole, "codepipeline.amazonaws.com", "events.amazonaws.com")
		add("ApprovalRule", []string{"events:DeleteRule", "events:DescribeRule", "events:ListTargetsByRule",
			"events:PutRule", "events:PutTargets", "events:RemoveTargets"},
			arn("events", "rule/"+n.Rule+"*"))
		add("Dashboard", []string{"cloudwatch:DeleteDashboards", "cloudwatch:GetDashboard", "cloudwatch:PutDashboard"},
			fmt.Sprintf("arn:aws:cloudwatch::%s:dashboard/%s*", acct, n.Dashboard))
	}
	if s.enterprise() {
		if s.createsTrail() {
			pass("PassTrailRole", n.TrailRole, "cloudtrail.amazonaws.com")
		}
		st = append(st, s.enterpriseOperatorStatements(arn, n)...)
	}
	add("PublishParameters", []string{"ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:GetParameters", "ssm:PutParameter",
		"ssm:RemoveTagsFromResource"},
		s.parameterPaths(ssm)...)
	if d := c.DataLake; d != nil {
		add("ReadDataLakeName", []string{"ssm:GetParameters"}, ssm(d.BucketParameter))
	}
	if v := c.VPC; s.enterprise() && v != nil && v.Source == "parameter-store" {
		var paths []string
		for _, p := range []string{v.VPCParameterPath, v.SubnetParameterPath, v.SGParameterPath, v.RouteTableParamPath} {
			if p != "" {
				paths = append(paths, ssm(p))
			}
		}
		add("ReadNetworkParameters", []string{"ssm:GetParameters"}, paths...)
	}
	st = append(st, kinds.UploadStatement(c.Deployment.TemplateBucket, c.Deployment.TemplatePrefix)...)
	return iam.Policy{Version: iam.Version, Statement: st}
}

func (s *spec) enterpriseOperatorStatements(arn func(string, string) string, n names) []iam.Statement {
	st := []iam.Statement{
		{Sid: "SecurityAlarms", Effect: "Allow", Action: iam.Strings("cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
			"cloudwatch:ListTagsForResource", "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"),
			Resource: iam.Strings(arn("cloudwatch", "alarm:"+s.Stem()+"-*"))},
		{Sid: "ComplianceLogs", Effect: "Allow", Action: iam.Strings("logs:AssociateKmsKey", "logs:CreateLogGroup", "logs:DeleteDataProtectionPolicy", "logs:DeleteLogGroup",
			"logs:DeleteMetricFilter", "logs:DeleteRetentionPolicy", "logs:DescribeMetricFilters", "logs:DisassociateKmsKey", "logs:GetDataProtectionPolicy",
			"logs:ListTagsForResource", "logs:PutMetricFilter", "logs:PutRetentionPolicy", "logs:TagResource", "logs:UntagResource"),
			Resource: iam.Strings(arn("logs", "log-group:"+n.LogGroup+"*"))},
		{Sid: "AlertsTopic", Effect: "Allow", Action: iam.Strings("sns:CreateTopic", "sns:DeleteTopic", "sns:GetSubscriptionAttributes",
			"sns:GetDataProtectionPolicy", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:ListTagsForResource",
			"sns:SetSubscriptionAttributes", "sns:SetTopicAttributes", "sns:Subscribe",
			"sns:TagResource", "sns:Unsubscribe", "sns:UntagResource"),
			Resource: iam.Strings(arn("sns", n.Topic+"*"))},
		// A key has no name to scope by until it exists: keys of this account and region.
		{Sid: "ProductKey", Effect: "Allow", Action: iam.Strings("kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKeyRotation",
			"kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:PutKeyPolicy",
			"kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription"),
			Resource: iam.Strings(arn("kms", "key/*"), arn("kms", n.Alias+"*"))},
		{Sid: "VpcEndpoints", Effect: "Allow", Action: iam.Strings("ec2:CreateTags", "ec2:CreateVpcEndpoint", "ec2:DeleteTags",
			"ec2:DeleteVpcEndpoints", "ec2:ModifyVpcEndpoint"),
			Resource: iam.Strings(s.endpointResources(arn)...)},
		// These actions have no resource-level permission.
		{Sid: "DescribeWithoutResources", Effect: "Allow", Action: iam.Strings("ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
			"ec2:DescribeVpcEndpoints", "kms:CreateKey", "kms:ListAliases", "logs:DescribeIndexPolicies", "logs:DescribeLogGroups"),
			Resource: iam.Strings("*")},
	}
	if s.sc.VPCMode == "standalone" {
		// Before deleting the group CloudFormation looks for instances in
		// it; drift reads its rules. Neither has resource-level permission.
		st[len(st)-1].Action = sortedActions(append(st[len(st)-1].Action, "ec2:DescribeInstances", "ec2:DescribeSecurityGroupRules"))
		st = append(st, iam.Statement{Sid: "EndpointSecurityGroup", Effect: "Allow", Action: iam.Strings("ec2:AuthorizeSecurityGroupEgress",
			"ec2:AuthorizeSecurityGroupIngress", "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:RevokeSecurityGroupEgress",
			"ec2:RevokeSecurityGroupIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:UpdateSecurityGroupRuleDescriptionsIngress"),
			Resource: iam.Strings(arn("ec2", "security-group/*"), arn("ec2", "vpc/*"))})
	}
	if c := s.cfg.Compliance; c != nil && c.TrailLogGroup != "" {
		st = append(st, iam.Statement{Sid: "TrailLogGroupFilters", Effect: "Allow", Action: iam.Strings("logs:DeleteMetricFilter",
			"logs:DescribeMetricFilters", "logs:PutMetricFilter"), Resource: iam.Strings(arn("logs", "log-group:"+c.TrailLogGroup+":*"))})
	}
	if s.createsTrail() {
		st = append(st, []iam.Statement{
			// The trail bucket is kept when the stack goes: no s3:DeleteBucket.
			{Sid: "TrailBucket", Effect: "Allow", Action: iam.Strings(kinds.WithActions(kinds.BucketReads, "s3:CreateBucket",
				"s3:DeleteBucketPolicy", "s3:GetBucketPolicy", "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy",
				"s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration")...),
				Resource: iam.Strings("arn:aws:s3:::" + n.TrailBucket + "*")},
			kinds.BucketObjectsThroughCloudFormation("TrailBucketObjectsThroughCloudFormation", n.TrailBucket+"*"),
			{Sid: "ComplianceTrail", Effect: "Allow", Action: iam.Strings("cloudtrail:AddTags", "cloudtrail:CreateTrail", "cloudtrail:DeleteTrail",
				"cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags", "cloudtrail:RemoveTags", "cloudtrail:StartLogging",
				"cloudtrail:StopLogging", "cloudtrail:UpdateTrail"),
				Resource: iam.Strings(arn("cloudtrail", "trail/"+n.Trail+"*"))},
		}...)
	}
	return st
}

// sortedActions is a statement's actions in order, as every statement
// here lists them.
func sortedActions(v iam.Value) iam.Value {
	slices.SortFunc(v, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	return v
}

// endpointResources are what creating the VPC endpoints involves: the
// route tables only when the S3 gateway endpoint is given some.
func (s *spec) endpointResources(arn func(string, string) string) []string {
	var out []string
	if s.hasRouteTables() {
		out = append(out, arn("ec2", "route-table/*"))
	}
	return append(out, arn("ec2", "security-group/*"), arn("ec2", "subnet/*"), arn("ec2", "vpc-endpoint/*"), arn("ec2", "vpc/*"))
}

// parameterPaths are where the product's parameters go: its path, and
// test copies' (deploy --test) when its names leave room for one.
func (s *spec) parameterPaths(ssm func(string) string) []string {
	out := []string{ssm("/ml/" + s.Stem() + "/*")}
	if t, err := s.Build(); err != nil || t.SuffixNames(strings.Repeat("0", 6)) == nil {
		out = append(out, ssm("/landform-test-*/ml/"+s.Stem()+"/*"))
	}
	return out
}
