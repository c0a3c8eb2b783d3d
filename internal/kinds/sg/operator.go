package sg

import (
	"fmt"

	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// OperatorPolicy is the least-privilege policy for the identity that deploys
// this config: CloudFormation on this stack, EC2 security groups in this
// account and region, SSM read of the VPC id under /vpc/ and write of the
// group ids under /sg/{stem}/ (test deploys write under
// /landform-test-{suffix}/sg/{stem}/), in separate statements.
func (s *spec) OperatorPolicy() iam.Policy {
	c := s.cfg
	acct, region := c.Client.AccountID, c.Environment.Region
	ec2 := func(res string) string { return fmt.Sprintf("arn:aws:ec2:%s:%s:%s", region, acct, res) }
	ssm := func(res string) string { return fmt.Sprintf("arn:aws:ssm:%s:%s:parameter%s", region, acct, res) }
	st := append(kinds.StackStatements(region, acct, s.StackName()),
		iam.Statement{Sid: "ManageSecurityGroups", Effect: "Allow", Action: iam.Strings(
			"ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateSecurityGroup",
			"ec2:CreateTags", "ec2:DeleteSecurityGroup", "ec2:DeleteTags", "ec2:ModifySecurityGroupRules",
			"ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
			"ec2:UpdateSecurityGroupRuleDescriptionsEgress", "ec2:UpdateSecurityGroupRuleDescriptionsIngress"),
			Resource: iam.Strings(ec2("security-group/*"), ec2("security-group-rule/*"), ec2("vpc/*"))},
		// EC2's Describe actions have no resource-level permission.
		iam.Statement{Sid: "DescribeNetwork", Effect: "Allow", Action: iam.Strings(
			"ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups", "ec2:DescribeTags", "ec2:DescribeVpcs"),
			Resource: iam.Strings("*")},
		iam.Statement{Sid: "ReadVpcId", Effect: "Allow", Action: iam.Strings("ssm:GetParameter", "ssm:GetParameters"),
			Resource: iam.Strings(ssm("/vpc/*"))},
		iam.Statement{Sid: "PublishGroupIds", Effect: "Allow", Action: iam.Strings(
			"ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:GetParameter", "ssm:GetParameters",
			"ssm:ListTagsForResource", "ssm:PutParameter", "ssm:RemoveTagsFromResource"),
			Resource: iam.Strings(ssm("/sg/"+s.Stem()+"/*"), ssm("/landform-test-*/sg/"+s.Stem()+"/*"))},
	)
	st = append(st, kinds.UploadStatement(c.Deployment.TemplateBucket, c.Deployment.TemplatePrefix)...)
	return iam.Policy{Version: iam.Version, Statement: st}
}
