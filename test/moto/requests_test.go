package moto_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

const namedRole = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: lf-named
      AssumeRolePolicyDocument: ` + trust + `
`

// testCapabilities (TestPlugin/Capabilities): IAM resources need CAPABILITY_NAMED_IAM (custom names) or
// CAPABILITY_IAM, on CreateStack, UpdateStack and CreateChangeSet.
func testCapabilities(t *testing.T, e *env) {
	wantCaps := func(t *testing.T, err error, want string) {
		t.Helper()
		if code := apiCode(t, err); code != "InsufficientCapabilitiesException" {
			t.Fatalf("code %s (%v), want InsufficientCapabilitiesException", code, err)
		}
		if msg := apiMessage(err); msg != "Requires capabilities : ["+want+"]" {
			t.Errorf("message %q", msg)
		}
	}
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("c"), TemplateBody: aws.String(namedRole)})
	wantCaps(t, err, "CAPABILITY_NAMED_IAM")
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("c"), TemplateBody: aws.String(namedRole),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam}})
	wantCaps(t, err, "CAPABILITY_NAMED_IAM")
	_, err = e.cfn.CreateChangeSet(ctx(t), &cloudformation.CreateChangeSetInput{StackName: aws.String("c"), ChangeSetName: aws.String("x"),
		TemplateBody: aws.String(namedRole), ChangeSetType: cfntypes.ChangeSetTypeCreate})
	wantCaps(t, err, "CAPABILITY_NAMED_IAM")
	unnamed := strings.Replace(namedRole, "      RoleName: lf-named\n", "", 1)
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("c"), TemplateBody: aws.String(unnamed)})
	wantCaps(t, err, "CAPABILITY_IAM")

	if _, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("c"), TemplateBody: aws.String(unnamed),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam}}); err != nil {
		t.Fatalf("CAPABILITY_IAM for an unnamed role: %v", err)
	}
	_, err = e.cfn.UpdateStack(ctx(t), &cloudformation.UpdateStackInput{StackName: aws.String("c"), TemplateBody: aws.String(namedRole),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam}})
	wantCaps(t, err, "CAPABILITY_NAMED_IAM")
	e.wantStatus(t, "c", cfntypes.StackStatusCreateComplete)
	e.deleteStack(t, "c")
	e.wantGone(t, "c")
	e.noLocalIAM(t)
}

// testTemplateLimits (TestPlugin/TemplateLimits): a TemplateBody over 51,200 bytes and a TemplateURL
// object over 1 MB are refused with ValidationError; a template at the
// limit, TemplateURL on 127.0.0.1, an unresolved Ref and a missing object
// get AWS's answers.
func testTemplateLimits(t *testing.T, e *env) {
	pad := func(n int) string {
		body := "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties: {Name: /lf/p, Type: String, Value: v}\n"
		return body + "#" + strings.Repeat("x", n-len(body)-2) + "\n"
	}
	big := pad(60 * 1024)
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("big"), TemplateBody: aws.String(big)})
	if apiCode(t, err) != "ValidationError" || !strings.Contains(apiMessage(err), "at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200") {
		t.Errorf("60 KB TemplateBody: %v", err)
	}
	for _, call := range []func() error{
		func() error {
			_, err := e.cfn.CreateChangeSet(ctx(t), &cloudformation.CreateChangeSetInput{StackName: aws.String("big"), ChangeSetName: aws.String("x"), TemplateBody: aws.String(big), ChangeSetType: cfntypes.ChangeSetTypeCreate})
			return err
		},
		func() error {
			_, err := e.cfn.ValidateTemplate(ctx(t), &cloudformation.ValidateTemplateInput{TemplateBody: aws.String(big)})
			return err
		},
	} {
		if err := call(); apiCode(t, err) != "ValidationError" {
			t.Errorf("60 KB TemplateBody: %v", err)
		}
	}
	e.createStack(t, "limit", pad(51200))
	e.wantStatus(t, "limit", cfntypes.StackStatusCreateComplete)

	if _, err := e.s3.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("tpl")}); err != nil {
		t.Fatal(err)
	}
	put := func(key, body string) string {
		if _, err := e.s3.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("tpl"), Key: aws.String(key), Body: bytes.NewReader([]byte(body))}); err != nil {
			t.Fatal(err)
		}
		return e.s.URL + "/tpl/" + key // http://127.0.0.1:PORT/tpl/key
	}
	huge := strings.Replace(pad(1048577), "/lf/p", "/lf/huge", 1)
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("huge"), TemplateURL: aws.String(put("huge.yaml", huge))})
	if apiCode(t, err) != "ValidationError" || apiMessage(err) != "Template may not exceed 1048576 bytes in size." {
		t.Errorf("TemplateURL of 1 MB + 1 byte: %v", err)
	}
	viaURL := strings.Replace(pad(100*1024), "/lf/p", "/lf/url", 1)
	if _, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("url"), TemplateURL: aws.String(put("ok.yaml", viaURL))}); err != nil {
		t.Fatalf("100 KB template by TemplateURL on 127.0.0.1: %v", err)
	}
	e.wantStatus(t, "url", cfntypes.StackStatusCreateComplete)
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("missing"), TemplateURL: aws.String(e.s.URL + "/tpl/nope.yaml")})
	if apiCode(t, err) != "ValidationError" {
		t.Errorf("TemplateURL to a missing object: %v", err)
	}

	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("ref"), TemplateBody: aws.String(
		"Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties: {Name: !Ref Nope, Type: String, Value: v}\n")})
	if apiCode(t, err) != "ValidationError" || !strings.Contains(apiMessage(err), "Unresolved resource dependencies [Nope]") {
		t.Errorf("Ref to an undefined logical id: %v", err)
	}
	e.deleteStack(t, "limit")
	e.deleteStack(t, "url")
}

// testErrorsAreAWSErrors (TestPlugin/ErrorsAreAWSErrors): moto's own failures reach aws-sdk-go-v2 as typed
// smithy.APIErrors with a code, not HTML pages; change-set misuse is refused
// as AWS refuses it.
func testErrorsAreAWSErrors(t *testing.T, e *env) {
	// moto 5.2.1 crashes (KeyError) on a template without AWSTemplateFormatVersion.
	_, err := e.cfn.GetTemplateSummary(ctx(t), &cloudformation.GetTemplateSummaryInput{TemplateBody: aws.String("Resources: {}\n")})
	if code := apiCode(t, err); code != "InternalFailure" {
		t.Errorf("moto crash: code %q (%v), want InternalFailure", code, err)
	}
	_, err = e.cfn.DetectStackDrift(ctx(t), &cloudformation.DetectStackDriftInput{StackName: aws.String("x")})
	if code := apiCode(t, err); code != "NotImplemented" {
		t.Errorf("unimplemented action: code %q (%v), want NotImplemented", code, err)
	}

	e.createStack(t, "cs", paramV1)
	_, err = e.cfn.CreateChangeSet(ctx(t), &cloudformation.CreateChangeSetInput{StackName: aws.String("cs"), ChangeSetName: aws.String("again"),
		TemplateBody: aws.String(paramV1), ChangeSetType: cfntypes.ChangeSetTypeCreate})
	if apiCode(t, err) != "ValidationError" || !strings.Contains(apiMessage(err), "already exists") {
		t.Errorf("CREATE change set for an existing stack: %v", err)
	}
	next := strings.Replace(paramV1, "v1", "v2", 1)
	if got := e.changeSet(t, "cs", "one", next, cfntypes.ChangeSetTypeUpdate); got != cfntypes.ExecutionStatusExecuteComplete {
		t.Fatalf("execution status %s", got)
	}
	_, err = e.cfn.ExecuteChangeSet(ctx(t), &cloudformation.ExecuteChangeSetInput{ChangeSetName: aws.String("one"), StackName: aws.String("cs")})
	if code := apiCode(t, err); code != "InvalidChangeSetStatus" {
		t.Errorf("executing a change set twice: %q %v", code, err)
	}
	_, err = e.cfn.UpdateStack(ctx(t), &cloudformation.UpdateStackInput{StackName: aws.String("cs"), TemplateBody: aws.String(next)})
	if apiCode(t, err) != "ValidationError" || apiMessage(err) != "No updates are to be performed." {
		t.Errorf("no-op UpdateStack: %v", err)
	}

	// Termination protection is enforced.
	if _, err := e.cfn.UpdateTerminationProtection(ctx(t), &cloudformation.UpdateTerminationProtectionInput{
		StackName: aws.String("cs"), EnableTerminationProtection: aws.Bool(true)}); err != nil {
		t.Fatalf("UpdateTerminationProtection: %v", err)
	}
	_, err = e.cfn.DeleteStack(ctx(t), &cloudformation.DeleteStackInput{StackName: aws.String("cs")})
	if apiCode(t, err) != "ValidationError" {
		t.Errorf("DeleteStack with termination protection: %v", err)
	}
	if _, err := e.cfn.UpdateTerminationProtection(ctx(t), &cloudformation.UpdateTerminationProtectionInput{
		StackName: aws.String("cs"), EnableTerminationProtection: aws.Bool(false)}); err != nil {
		t.Fatalf("UpdateTerminationProtection: %v", err)
	}
	e.deleteStack(t, "cs")
	e.wantGone(t, "cs")
}
