package kinds

import (
	"fmt"

	"github.com/landform/landform/internal/iam"
)

// StackStatements are the CloudFormation statements of every kind's operator
// policy: the lifecycle on this stack and its test copies (whose names start
// with the stack's), and the two actions that have no resource-level
// permission.
func StackStatements(region, account, stackName string) []iam.Statement {
	stack := fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s*/*", region, account, stackName)
	return []iam.Statement{
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
	}
}

// UploadStatement lets the operator upload templates over TemplateBody's
// limit under the config's prefix, or nothing when there is no bucket.
func UploadStatement(bucket, prefix string) []iam.Statement {
	if bucket == "" {
		return nil
	}
	return []iam.Statement{{Sid: "UploadTemplates", Effect: "Allow",
		Action:   iam.Strings("s3:GetObject", "s3:PutObject"),
		Resource: iam.Strings(fmt.Sprintf("arn:aws:s3:::%s/%s*", bucket, prefix))}}
}
