package sg

import (
	"fmt"

	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// OperatorPolicy is the least-privilege policy for the identity that deploys
// this config: CloudFormation on this stack, EC2 security groups in this
// account and region, SSM read of the VPC id parameter and write of the
// group ids under /sg/{stem}/ (test deploys write under
// /landform-test-{suffix}/sg/{stem}/), in separate statements.
func (s *spec) OperatorPolicy() iam.Policy {
	c := s.cfg
	acct, region := c.Client.AccountID, c.Environment.Region
	ec2 := func(res string) string { return fmt.Sprintf("arn:aws:ec2:%s:%s:%s", region, acct, res) }
	ssm := func(res string) string { return fmt.Sprintf("arn:aws:ssm:%s:%s:parameter%s", region, acct, res) }
	// A rule ARN is authorized only for the rules a template makes apart
	// from their group (SecurityGroupIngress/Egress resources).
	groups := []string{ec2("security-group/*")}
	if t, err := s.Build(); err != nil || t.CountByType()["AWS::EC2::SecurityGroupIngress"]+t.CountByType()["AWS::EC2::SecurityGroupEgress"] > 0 {
		groups = append(groups, ec2("security-group-rule/*"))
	}
	st := append(kinds.StackStatements(region, acct, s.StackName()),
		iam.Statement{Sid: "ManageSecurityGroups", Effect: "Allow", Action: iam.Strings(
			"ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateSecurityGroup",
			"ec2:CreateTags", "ec2:DeleteSecurityGroup", "ec2:DeleteTags",
			"ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
			"ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:UpdateSecurityGroupRuleDescriptionsIngress"),
			Resource: iam.Strings(append(groups, ec2("vpc/*"))...)},
		// EC2's Describe actions have no resource-level permission.
		// DescribeInstances: CloudFormation looks for instances still in a
		// group before it deletes the group.
		iam.Statement{Sid: "DescribeNetwork", Effect: "Allow", Action: iam.Strings(
			"ec2:DescribeInstances", "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"),
			Resource: iam.Strings("*")},
		iam.Statement{Sid: "PublishGroupIds", Effect: "Allow", Action: iam.Strings(
			"ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:GetParameters", "ssm:PutParameter", "ssm:RemoveTagsFromResource"),
			Resource: iam.Strings(ssm("/sg/"+s.Stem()+"/*"), ssm("/landform-test-*/sg/"+s.Stem()+"/*"))},
	)
	if s.cfg.VPC.Source != "direct" {
		// CloudFormation reads the VPC id parameter as the deployer.
		st = append(st, iam.Statement{Sid: "ReadVpcId", Effect: "Allow", Action: iam.Strings("ssm:GetParameters"),
			Resource: iam.Strings(ssm(s.vpcParameterPath()))})
	}
	st = append(st, kinds.UploadStatement(c.Deployment.TemplateBucket, c.Deployment.TemplatePrefix)...)
	return iam.Policy{Version: iam.Version, Statement: st}
}
