package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/finding"
)

func rules(fs finding.List) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%d:%d", f.Rule, f.Pos.Line, f.Pos.Column))
	}
	slices.Sort(out)
	return out
}

func TestShortFormAndReferences(t *testing.T) {
	tpl := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Condition: IsProd
    DependsOn: [Missing]
    Properties:
      RoleName: !Sub "${Env}-${AWS::Region}-${Nope}-${!Literal}"
      Path: !Ref Ghost
      Description: !GetAtt Phantom.Arn
      MaxSessionDuration: !If [NoSuchCondition, 3600, 7200]
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
Outputs:
  A: {Value: !GetAtt Role.Arn, Export: {Name: same}}
  B: {Value: x, Export: {Name: same}}
`
	got := rules(Bytes("t.yaml", []byte(tpl)))
	want := []string{
		"LF-CFN-002@13:13", // !Ref Ghost
		"LF-CFN-003@14:20", // !GetAtt Phantom.Arn
		"LF-CFN-004@10:17", // DependsOn: [Missing]
		"LF-CFN-005@12:17", // !Sub with ${Nope}
		"LF-CFN-006@24:32", // the second export of the name
		"LF-CFN-012@15:27", // unknown condition in !If
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings\n got %v\nwant %v", got, want)
	}
}

func TestCycle(t *testing.T) {
	tpl := `Resources:
  A: {Type: AWS::SNS::Topic, Properties: {TopicName: !GetAtt B.TopicName}}
  B: {Type: AWS::SNS::Topic, DependsOn: C}
  C: {Type: AWS::SNS::Topic, Properties: {TopicName: !Sub "${A.TopicName}"}}
  D: {Type: AWS::SNS::Topic, DependsOn: D}
`
	fs := Bytes("t.yaml", []byte(tpl))
	var msgs []string
	for _, f := range fs {
		if f.Rule == "LF-CFN-013" {
			msgs = append(msgs, f.Message)
		}
	}
	want := []string{"dependency cycle: A -> B -> C -> A", "dependency cycle: A -> B -> C -> A", "dependency cycle: A -> B -> C -> A", "dependency cycle: D -> D"}
	if !slices.Equal(msgs, want) {
		t.Errorf("cycles %q, want %q", msgs, want)
	}
}

func TestStructure(t *testing.T) {
	tpl := `AWSTemplateFormatVersion: "2010-09-10"
Resource: {}
Resources:
  bad-id: {Type: AWS::SNS::Topic}
  NoType: {Properties: {}}
  Extra: {Type: AWS::SNS::Topic, Propertes: {}}
Parameters:
  P: {Default: x}
Outputs:
  O: {Description: no value}
`
	got := strings.Join(rules(Bytes("t.yaml", []byte(tpl))), " ")
	for _, want := range []string{"LF-CFN-016@1:27", "LF-CFN-007@2:1", "LF-CFN-008@4:3", "LF-CFN-009@5:12", "LF-CFN-009@6:34", "LF-CFN-017@8:7", "LF-CFN-015@10:7"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
}

func TestPolicyGrammarAndCatalog(t *testing.T) {
	tpl := `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, s3:GetObjekt, "s3:List*", notanaction]
            Resource: "*"
          - Effect: Allow
            NotAction: iam:*
            Resource: "*"
          - Effect: Permit
            Action: s3:ListAllMyBuckets
            Resource: "*"
            Principal: "*"
            Condition:
              StringEqualz: {aws:username: x}
              ForAnyValue:StringLikeIfExists: {aws:TagKeys: a}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Resource: "*"
`
	got := strings.Join(rules(Bytes("t.yaml", []byte(tpl))), " ")
	for _, want := range []string{
		"LF-IAM-002@9:36",  // s3:GetObjekt
		"LF-IAM-002@9:62",  // notanaction
		"LF-IAM-003@10:23", // Resource * on scopable actions
		"LF-IAM-004@12:13", // Allow + NotAction
		"LF-IAM-001@14:13", // Effect: Permit, Principal in identity policy
		"LF-IAM-005@19:15", // StringEqualz
		"LF-IAM-008@25:9",  // trust policy without Version
		"LF-IAM-001@26:13", // trust without Principal / with Resource
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if strings.Contains(got, "LF-IAM-005@20:15") {
		t.Errorf("ForAnyValue:StringLikeIfExists is a valid operator: %s", got)
	}
}

func TestParseErrorsAndLimits(t *testing.T) {
	if fs := Bytes("t.yaml", []byte("Resources: [\n")); !fs.HasErrors() || !strings.HasPrefix(fs[0].Rule, "LF-CFN-1") {
		t.Errorf("syntax error: %v", fs)
	}
	if fs := Bytes("t.yaml", []byte("- a\n")); len(fs) != 1 || fs[0].Rule != "LF-CFN-109" {
		t.Errorf("list template: %v", fs)
	}
	if fs := Bytes("t.json", []byte(`{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "Nope"}}}}}`)); len(fs) != 1 || fs[0].Rule != "LF-CFN-002" || fs[0].Pos.Line != 1 {
		t.Errorf("JSON template: %v", fs)
	}
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range 501 {
		fmt.Fprintf(&b, "  T%d: {Type: AWS::SNS::Topic}\n", i)
	}
	if got := rules(Bytes("t.yaml", []byte(b.String()))); !slices.Contains(got, "LF-CFN-010@1:1") {
		t.Errorf("501 resources: %v", got)
	}
	long := "Resources:\n  R: {Type: AWS::IAM::Role, Properties: {RoleName: " + strings.Repeat("r", 65) + "}}\n"
	if got := rules(Bytes("t.yaml", []byte(long))); !slices.Contains(got, "LF-CFN-018@2:52") {
		t.Errorf("long role name: %v", got)
	}
}

func TestResourceSpec(t *testing.T) {
	tpl := `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      PackageType: Zipp
      MemorySize: lots
      Timeout: "30"
      Code: {ZipFile: "exports.handler = async () => 1"}
      Handler: index.handler
      Runtime: nodejs20.x
      Tags: [{Key: team}]
      Layers: arn:aws:lambda:us-east-1:123456789012:layer:x:1
      Colour: blue
  Role:
    Type: AWS::IAM::Role
    Properties:
      Arn: arn:aws:iam::123456789012:role/x
  Topic:
    Type: AWS::SNS::Topics
  Queue:
    Type: AWS::SQS::Queue
Outputs:
  A: {Value: !GetAtt Fn.Arn}
  B: {Value: !GetAtt Queue.Nope}
`
	got := strings.Join(rules(Bytes("t.yaml", []byte(tpl))), " ")
	for _, want := range []string{
		"LF-CFN-024@5:20",  // PackageType: Zipp
		"LF-CFN-023@6:19",  // MemorySize: lots
		"LF-CFN-022@5:7",   // Lambda function without Role
		"LF-CFN-023@12:15", // Layers is a list
		"LF-CFN-021@13:7",  // Colour
		"LF-CFN-022@17:7",  // Role without AssumeRolePolicyDocument
		"LF-CFN-020@19:11", // AWS::SNS::Topics
		"LF-CFN-025@24:14", // Queue.Nope
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if strings.Contains(got, "@7:") || strings.Contains(got, "@22:") {
		t.Errorf(`"30" is a fine integer and Fn.Arn a real attribute: %s`, got)
	}
}

func TestSecurityRulesAndSuppression(t *testing.T) {
	tpl := `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Site:
    Type: AWS::S3::Bucket
    Metadata:
      landform:
        suppress:
          - {rule: LF-CFN-302, reason: public website}
    Properties:
      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]}
  Logs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 30}}
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: arn:aws:iam::123456789012:role/build
      Artifacts: {Type: NO_ARTIFACTS}
      Source: {Type: NO_SOURCE, BuildSpec: "version: 0.2"}
      Environment: {Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: aws/codebuild/standard:7.0, PrivilegedMode: true}
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: "uses AKIAABCDEFGHIJKLMNOP"
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: ["iam:PassRole", "ec2:TerminateInstances"], Resource: "*"}
          - {Effect: Allow, Action: s3:DeleteBucket, Resource: "arn:aws:s3:::x"}
`
	fs := Bytes("t.yaml", []byte(tpl))
	got := strings.Join(rules(fs), " ")
	for _, want := range []string{
		"LF-CFN-302@3:5", "LF-CFN-303@3:5", "LF-CFN-305@12:67", "LF-CFN-304@19:",
		"LF-CFN-301@23:20", "LF-IAM-010@27:38", "LF-IAM-009@27:", "LF-IAM-010@28:37",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	var suppressed []finding.Finding
	for _, f := range fs {
		if strings.Contains(f.Message, "suppressed by Resources.Site.Metadata.landform.suppress: public website") {
			suppressed = append(suppressed, f)
		}
	}
	if len(suppressed) != 1 || suppressed[0].Rule != "LF-CFN-302" || suppressed[0].Severity != finding.Note {
		t.Errorf("suppression: %+v", suppressed)
	}
}

func TestRulesTableCoversEveryRule(t *testing.T) {
	ids := map[string]bool{}
	for i, r := range Rules {
		if ids[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		ids[r.ID] = true
		if i > 0 && Rules[i-1].ID >= r.ID {
			t.Errorf("rules out of order at %s", r.ID)
		}
	}
	// Every rule id the checks can emit appears in Rules (the source is the
	// authority: ids are written as string literals in this package and iam).
	for _, id := range emittedRuleIDs(t) {
		if !ids[id] {
			t.Errorf("rule %s is reported but not listed in Rules", id)
		}
	}
}
