package kinds

import (
	"fmt"
	"slices"

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
			"cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:DeleteStack",
			"cloudformation:DescribeChangeSet", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStackResourceDrifts",
			"cloudformation:DescribeStackResources", "cloudformation:DescribeStacks", "cloudformation:DetectStackDrift",
			"cloudformation:ExecuteChangeSet", "cloudformation:GetTemplate", "cloudformation:UpdateTerminationProtection"),
			Resource: iam.Strings(stack)},
		// No resource-level permission: Resource must be "*".
		{Sid: "DriftStatus", Effect: "Allow", Action: iam.Strings("cloudformation:DescribeStackDriftDetectionStatus"),
			Resource: iam.Strings("*")},
		// Kept though no offline check shows it needed: CloudFormation may
		// authorize the tags a change set puts on a new stack as TagResource.
		{Sid: "TagStack", Effect: "Allow", Action: iam.Strings("cloudformation:TagResource"), Resource: iam.Strings(stack)},
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

// BucketReads are the calls CloudFormation's read handler of an
// AWS::S3::Bucket makes (drift detection reads the whole configuration),
// with the create and update handlers' own reads of the bucket.
var BucketReads = []string{"s3:GetAccelerateConfiguration", "s3:GetAnalyticsConfiguration", "s3:GetBucketAcl", "s3:GetBucketCORS",
	"s3:GetBucketLogging", "s3:GetBucketMetadataTableConfiguration", "s3:GetBucketNotification", "s3:GetBucketObjectLockConfiguration",
	"s3:GetBucketOwnershipControls", "s3:GetBucketPublicAccessBlock", "s3:GetBucketTagging", "s3:GetBucketVersioning",
	"s3:GetBucketWebsite", "s3:GetEncryptionConfiguration", "s3:GetIntelligentTieringConfiguration", "s3:GetInventoryConfiguration",
	"s3:GetLifecycleConfiguration", "s3:GetMetricsConfiguration", "s3:GetReplicationConfiguration", "s3:ListBucket"}

// BucketObjectsThroughCloudFormation is the statement for the two object
// calls an AWS::S3::Bucket's create handler lists (s3:DeleteObject,
// s3:PutObjectAcl), on objects of buckets matching pattern, allowed only
// when CloudFormation makes them: the deployer cannot touch the objects
// itself.
func BucketObjectsThroughCloudFormation(sid string, buckets ...string) iam.Statement {
	var res []string
	for _, b := range buckets {
		res = append(res, "arn:aws:s3:::"+b+"/*")
	}
	return iam.Statement{Sid: sid, Effect: "Allow", Action: iam.Strings("s3:DeleteObject", "s3:PutObjectAcl"),
		Resource:  iam.Strings(res...),
		Condition: map[string]iam.Condition{"ForAnyValue:StringEquals": {"aws:CalledVia": iam.Strings("cloudformation.amazonaws.com")}}}
}

// WithActions returns actions and more, sorted and without repeats.
func WithActions(actions []string, more ...string) []string {
	out := append(slices.Clone(actions), more...)
	slices.Sort(out)
	return slices.Compact(out)
}
