package moto_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const bucketV1 = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: lf-data-bucket
      VersioningConfiguration: {Status: Enabled}
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - {ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: alias/lf}, BucketKeyEnabled: true}
      LifecycleConfiguration:
        Rules:
          - {Id: expire-tmp, Status: Enabled, Prefix: tmp/, ExpirationInDays: 7}
          - {Id: old-versions, Status: Enabled, NoncurrentVersionExpiration: {NoncurrentDays: 30}}
          - {Id: uploads, Status: Enabled, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 2}}
      Tags: [{Key: tier, Value: data}]
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: TLS
            Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: [!GetAtt Data.Arn, !Sub "${Data.Arn}/*"]
            Condition: {Bool: {"aws:SecureTransport": "false"}}
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: tier, Value: logs}]
Outputs:
  Logs: {Value: !Ref Logs}
`

// bucketV2 changes every configuration of Data in place and gives Logs
// (no BucketName: moto's own update crashed on its Tags) versioning and a
// lifecycle.
var bucketV2 = strings.NewReplacer(
	"VersioningConfiguration: {Status: Enabled}", "VersioningConfiguration: {Status: Suspended}",
	"BlockPublicPolicy: true", "BlockPublicPolicy: false",
	`{ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: alias/lf}, BucketKeyEnabled: true}`,
	`{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}`,
	"ExpirationInDays: 7}", "ExpirationInDays: 14}",
	"          - {Id: uploads, Status: Enabled, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 2}}\n", "",
	"Sid: TLS", "Sid: TLSOnly",
	"      Tags: [{Key: tier, Value: logs}]\n", "      Tags: [{Key: tier, Value: logs2}]\n      VersioningConfiguration: {Status: Enabled}\n"+
		"      LifecycleConfiguration: {Rules: [{Id: uploads, Status: Enabled, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 1}}]}\n",
).Replace(bucketV1)

// bucketV3 drops Data's public access block, lifecycle, encryption and the
// bucket policy from the template.
var bucketV3 = strings.NewReplacer(
	"      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true}\n", "",
	"      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - {ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}\n", "",
	"      LifecycleConfiguration:\n        Rules:\n          - {Id: expire-tmp, Status: Enabled, Prefix: tmp/, ExpirationInDays: 14}\n          - {Id: old-versions, Status: Enabled, NoncurrentVersionExpiration: {NoncurrentDays: 30}}\n", "",
).Replace(bucketV2[:strings.Index(bucketV2, "  Policy:")] + bucketV2[strings.Index(bucketV2, "  Logs:"):])

// testS3Bucket (TestPlugin/S3Bucket): bucket versioning, public access
// block, lifecycle (expiration, noncurrent-version expiration,
// abort-incomplete-multipart), encryption and tags on create, update and
// removal, and AWS::S3::BucketPolicy create/update/delete, read back through
// S3; a bucket with objects fails to delete (BucketNotEmpty), as on AWS.
func testS3Bucket(t *testing.T, e *env) {
	e.createStack(t, "buckets", bucketV1)
	st := e.wantStatus(t, "buckets", cfntypes.StackStatusCreateComplete)
	logs := outputs(st)["Logs"]
	if !strings.HasPrefix(logs, "buckets-logs-") {
		t.Errorf("generated bucket name %q", logs)
	}
	const data = "lf-data-bucket"
	e.wantBucket(t, data, bucketState{
		versioning: "Enabled", pab: "true true true true", sse: "aws:kms alias/lf key=true", tags: "tier=data",
		lifecycle: []string{"expire-tmp Enabled prefix=tmp/ expire=7", "old-versions Enabled prefix= noncurrent=30", "uploads Enabled prefix= abort=2"},
		policySid: "TLS",
	})
	e.wantBucket(t, logs, bucketState{tags: "tier=logs"})

	if got := e.changeSet(t, "buckets", "v2", bucketV2, cfntypes.ChangeSetTypeUpdate); got != cfntypes.ExecutionStatusExecuteComplete {
		t.Fatalf("v2: %s\n%s", got, e.eventLog(t, "buckets"))
	}
	e.wantStatus(t, "buckets", cfntypes.StackStatusUpdateComplete)
	e.wantBucket(t, data, bucketState{
		versioning: "Suspended", pab: "true true false true", sse: "AES256  key=false", tags: "tier=data",
		lifecycle: []string{"expire-tmp Enabled prefix=tmp/ expire=14", "old-versions Enabled prefix= noncurrent=30"},
		policySid: "TLSOnly",
	})
	e.wantBucket(t, logs, bucketState{versioning: "Enabled", tags: "tier=logs2", lifecycle: []string{"uploads Enabled prefix= abort=1"}})
	if id := e.stackPhysicalIDs(t, "buckets")["Logs"]; id != logs {
		t.Errorf("Logs replaced by an in-place update: %s -> %s", logs, id)
	}

	e.updateStack(t, "buckets", bucketV3)
	e.wantStatus(t, "buckets", cfntypes.StackStatusUpdateComplete)
	e.wantBucket(t, data, bucketState{versioning: "Suspended", tags: "tier=data"})

	// An object left in a bucket: DELETE_FAILED (BucketNotEmpty), the stack stays.
	if _, err := e.s3.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(logs), Key: aws.String("x"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	e.deleteStack(t, "buckets")
	st = e.wantStatus(t, "buckets", cfntypes.StackStatusDeleteFailed)
	if !strings.Contains(aws.ToString(st.StackStatusReason), "[Logs]") || !strings.Contains(e.eventLog(t, "buckets"), "BucketNotEmpty") {
		t.Errorf("DELETE_FAILED reason %q\n%s", aws.ToString(st.StackStatusReason), e.eventLog(t, "buckets"))
	}
	vs, err := e.s3.ListObjectVersions(ctx(t), &s3.ListObjectVersionsInput{Bucket: aws.String(logs)})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs.Versions {
		if _, err := e.s3.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: aws.String(logs), Key: v.Key, VersionId: v.VersionId}); err != nil {
			t.Fatal(err)
		}
	}
	e.deleteStack(t, "buckets")
	e.wantGone(t, "buckets")
	for _, b := range []string{data, logs} {
		if _, err := e.s3.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String(b)}); err == nil {
			t.Errorf("bucket %s left after delete", b)
		}
	}
}

// bucketState is what S3's own API says about a bucket; "" = not configured.
type bucketState struct {
	versioning, pab, sse, tags, policySid string
	lifecycle                             []string
}

func (e *env) wantBucket(t *testing.T, bucket string, want bucketState) {
	t.Helper()
	b := aws.String(bucket)
	var got bucketState
	if v, err := e.s3.GetBucketVersioning(ctx(t), &s3.GetBucketVersioningInput{Bucket: b}); err != nil {
		t.Fatal(err)
	} else {
		got.versioning = string(v.Status)
	}
	if p, err := e.s3.GetPublicAccessBlock(ctx(t), &s3.GetPublicAccessBlockInput{Bucket: b}); err == nil {
		c := p.PublicAccessBlockConfiguration
		got.pab = fmt.Sprint(aws.ToBool(c.BlockPublicAcls), aws.ToBool(c.IgnorePublicAcls), aws.ToBool(c.BlockPublicPolicy), aws.ToBool(c.RestrictPublicBuckets))
	} else if code := apiCode(t, err); code != "NoSuchPublicAccessBlockConfiguration" {
		t.Errorf("GetPublicAccessBlock %s: %v", bucket, err)
	}
	if enc, err := e.s3.GetBucketEncryption(ctx(t), &s3.GetBucketEncryptionInput{Bucket: b}); err == nil {
		r := enc.ServerSideEncryptionConfiguration.Rules[0]
		got.sse = fmt.Sprintf("%s %s key=%v", r.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
			aws.ToString(r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID), aws.ToBool(r.BucketKeyEnabled))
	} else if code := apiCode(t, err); code != "ServerSideEncryptionConfigurationNotFoundError" {
		t.Errorf("GetBucketEncryption %s: %v", bucket, err)
	}
	if tg, err := e.s3.GetBucketTagging(ctx(t), &s3.GetBucketTaggingInput{Bucket: b}); err == nil {
		var tags []string
		for _, tag := range tg.TagSet {
			tags = append(tags, aws.ToString(tag.Key)+"="+aws.ToString(tag.Value))
		}
		sort.Strings(tags)
		got.tags = strings.Join(tags, ",")
	} else if code := apiCode(t, err); code != "NoSuchTagSet" {
		t.Errorf("GetBucketTagging %s: %v", bucket, err)
	}
	if lc, err := e.s3.GetBucketLifecycleConfiguration(ctx(t), &s3.GetBucketLifecycleConfigurationInput{Bucket: b}); err == nil {
		for _, r := range lc.Rules {
			got.lifecycle = append(got.lifecycle, lifecycleRule(r))
		}
	} else if code := apiCode(t, err); code != "NoSuchLifecycleConfiguration" {
		t.Errorf("GetBucketLifecycleConfiguration %s: %v", bucket, err)
	}
	if pol, err := e.s3.GetBucketPolicy(ctx(t), &s3.GetBucketPolicyInput{Bucket: b}); err == nil {
		var doc struct{ Statement []struct{ Sid string } }
		if err := jsonUnmarshal(aws.ToString(pol.Policy), &doc); err != nil || len(doc.Statement) != 1 {
			t.Errorf("bucket policy of %s is not the JSON document: %v %q", bucket, err, aws.ToString(pol.Policy))
		} else {
			got.policySid = doc.Statement[0].Sid
		}
	} else if code := apiCode(t, err); code != "NoSuchBucketPolicy" {
		t.Errorf("GetBucketPolicy %s: %v", bucket, err)
	}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("bucket %s:\n got %q\nwant %q", bucket, got, want)
	}
}

func lifecycleRule(r s3types.LifecycleRule) string {
	s := aws.ToString(r.ID) + " " + string(r.Status)
	if f := r.Filter; f != nil {
		s += " prefix=" + aws.ToString(f.Prefix)
	}
	if r.Expiration != nil && r.Expiration.Days != nil {
		s += fmt.Sprintf(" expire=%d", aws.ToInt32(r.Expiration.Days))
	}
	if r.NoncurrentVersionExpiration != nil {
		s += fmt.Sprintf(" noncurrent=%d", aws.ToInt32(r.NoncurrentVersionExpiration.NoncurrentDays))
	}
	if r.AbortIncompleteMultipartUpload != nil {
		s += fmt.Sprintf(" abort=%d", aws.ToInt32(r.AbortIncompleteMultipartUpload.DaysAfterInitiation))
	}
	return s
}
