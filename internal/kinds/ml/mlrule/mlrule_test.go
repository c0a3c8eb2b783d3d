package mlrule_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/kinds/ml/mlrule"
)

const head = `Metadata:
  Landform: {Kind: ml, Tier: %s, RequiredTags: [owner]}
Resources:
`

// TestCorpus: two cases per blocking and warning rule, each asserting the
// rule id and its line:col in the template.
func TestCorpus(t *testing.T) {
	role := func(extra string) string {
		return "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Tags: [{Key: owner, Value: o}]\n" + extra
	}
	mp := func(st string) string {
		return "  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n" + st
	}
	tests := []struct {
		name, tier, body, rule, at string
	}{
		{"star-resource", "professional", mp("          - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"), "LF-ML-001", "9:61"},
		{"star-resource-list", "starter", role("      Policies:\n        - PolicyName: x\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: [sagemaker:CreateModel]\n                Resource: ['*']\n"), "LF-ML-001", "14:27"},
		{"inline-role", "professional", role("      Policies: []\n"), "LF-ML-002", "8:17"},
		{"inline-policy-resource", "enterprise", "  X:\n    Type: AWS::IAM::Policy\n    Properties: {PolicyName: x}\n", "LF-ML-002", "5:11"},
		{"key-in-description", "starter", "  T:\n    Type: AWS::SNS::Topic\n    Properties: {DisplayName: AKIAIOSFODNN7EXAMPLE, Tags: [{Key: owner, Value: o}]}\n", "LF-ML-003", "6:31"},
		{"key-in-env", "starter", "  B:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Environment: {EnvironmentVariables: [{Name: K, Value: ASIAIOSFODNN7EXAMPLE}]}\n      Tags: [{Key: owner, Value: o}]\n", "LF-ML-003", "7:61"},
		{"public-bucket", "enterprise", "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: false, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}\n      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: k}}]}\n      Tags: [{Key: owner, Value: o}]\n", "LF-ML-004", "7:57"},
		{"no-public-block", "enterprise", "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: k}}]}\n      Tags: [{Key: owner, Value: o}]\n", "LF-ML-004", "7:7"},
		{"bucket-sse-s3", "enterprise", "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}\n      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]}\n      Tags: [{Key: owner, Value: o}]\n", "LF-ML-005", "8:26"},
		{"topic-unencrypted", "enterprise", "  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: t, Tags: [{Key: owner, Value: o}]}\n", "LF-ML-005", "6:18"},
		{"privileged", "starter", "  B:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Environment: {PrivilegedMode: true}\n      Tags: [{Key: owner, Value: o}]\n", "LF-ML-006", "7:37"},
		{"privileged-empty-justification", "professional", "  B:\n    Type: AWS::CodeBuild::Project\n    Metadata: {Landform: {PrivilegedJustification: \"\"}}\n    Properties:\n      Environment: {PrivilegedMode: \"true\"}\n      Tags: [{Key: owner, Value: o}]\n", "LF-ML-006", "8:37"},
		{"ssh-world", "enterprise", "  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      Tags: [{Key: owner, Value: o}]\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n", "LF-ML-007", "9:12"},
		{"rdp-world-v6", "enterprise", "  I:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties: {GroupId: g, IpProtocol: tcp, FromPort: 3000, ToPort: 4000, CidrIpv6: ::/0}\n", "LF-ML-007", "6:18"},
		{"retention-30", "enterprise", "  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 30, KmsKeyId: k, Tags: [{Key: owner, Value: o}]}\n", "LF-ML-008", "6:35"},
		{"retention-none", "enterprise", "  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {KmsKeyId: k, Tags: [{Key: owner, Value: o}]}\n", "LF-ML-008", "6:18"},
		{"passrole-star", "professional", mp("          - {Effect: Allow, Action: iam:PassRole, Resource: '*', Condition: {StringEquals: {iam:PassedToService: sagemaker.amazonaws.com}}}\n"), "LF-ML-051", "9:37"},
		{"create-access-key", "professional", mp("          - {Effect: Allow, Action: [iam:CreateAccessKey], Resource: arn:aws:iam::111122223333:user/x}\n"), "LF-ML-051", "9:38"},
		{"delete-bucket", "enterprise", mp("          - {Effect: Allow, Action: s3:DeleteBucket, Resource: arn:aws:s3:::b}\n"), "LF-ML-051", "9:37"},
		{"missing-tag", "starter", "  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: t, Tags: [{Key: project, Value: p}]}\n", "LF-ML-052", "6:38"},
		{"no-tags-ssm-map", "starter", "  S:\n    Type: AWS::SSM::Parameter\n    Properties: {Type: String, Value: v, Tags: {project: p}}\n", "LF-ML-052", "6:49"},
	}
	per := map[string]int{}
	for _, tt := range tests {
		per[tt.rule]++
		t.Run(tt.name, func(t *testing.T) {
			src := fmt.Sprintf(head, tt.tier) + tt.body
			tree, fs := cfn.Parse(tt.name+".yaml", []byte(src))
			if tree == nil {
				t.Fatalf("parse: %v", fs)
			}
			o, ok := mlrule.FromMetadata(tree)
			if !ok {
				t.Fatal("not an ml template")
			}
			var got []string
			found := false
			for _, f := range mlrule.Check(tree, o) {
				at := fmt.Sprintf("%d:%d", f.Pos.Line, f.Pos.Column)
				got = append(got, f.Rule+" "+at+" "+f.Message)
				if f.Rule == tt.rule && at == tt.at {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s at %s; got:\n%s\n--\n%s", tt.rule, tt.at, strings.Join(got, "\n"), src)
			}
		})
	}
	for _, r := range mlrule.Rules {
		if per[r.ID] < 2 {
			t.Errorf("rule %s has %d corpus cases, want at least 2", r.ID, per[r.ID])
		}
	}
}

// TestNotML: templates of other kinds are not judged.
func TestNotML(t *testing.T) {
	tree, _ := cfn.Parse("x.yaml", []byte("Metadata: {Landform: {Kind: sg}}\nResources: {}\n"))
	if _, ok := mlrule.FromMetadata(tree); ok {
		t.Error("an sg template is taken for ml")
	}
}
