package moto_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

const failingCreate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Param:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/param, Type: String, Value: v1}
  Role:
    Type: AWS::IAM::Role
    DependsOn: Param
    Properties:
      RoleName: lf-bad-role
      AssumeRolePolicyDocument: ` + trust + `
      ManagedPolicyArns: [arn:aws:iam::aws:policy/DoesNotExist]
`

// testCreateFailureRollsBack (TestPlugin/CreateFailureRollsBack): a resource that fails to create gives
// CREATE_FAILED with IAM's message, the resources created before it are
// deleted in reverse order, the stack ends ROLLBACK_COMPLETE with AWS's
// reason, and CreateStack / ExecuteChangeSet themselves succeed.
func testCreateFailureRollsBack(t *testing.T, e *env) {
	e.createStack(t, "bad", failingCreate)
	st := e.wantStatus(t, "bad", cfntypes.StackStatusRollbackComplete)
	if got, want := aws.ToString(st.StackStatusReason), "The following resource(s) failed to create: [Role]. Rollback requested by user."; got != want {
		t.Errorf("StackStatusReason %q, want %q", got, want)
	}
	var reason string
	for _, ev := range e.events(t, "bad") {
		if aws.ToString(ev.LogicalResourceId) == "Role" && ev.ResourceStatus == cfntypes.ResourceStatusCreateFailed {
			reason = aws.ToString(ev.ResourceStatusReason)
		}
	}
	if !strings.Contains(reason, "Policy arn:aws:iam::aws:policy/DoesNotExist does not exist or is not attachable.") {
		t.Errorf("Role CREATE_FAILED reason %q lacks IAM's message", reason)
	}
	wantSubsequence(t, e.statuses(t, "bad"), []string{
		"bad CREATE_IN_PROGRESS", "Param CREATE_COMPLETE", "Role CREATE_IN_PROGRESS", "Role CREATE_FAILED",
		"bad ROLLBACK_IN_PROGRESS", "Param DELETE_IN_PROGRESS", "Param DELETE_COMPLETE", "bad ROLLBACK_COMPLETE",
	})
	if _, err := e.ssm.GetParameter(ctx(t), &ssm.GetParameterInput{Name: aws.String("/lf/param")}); apiCode(t, err) != "ParameterNotFound" {
		t.Error("the parameter created before the failure survived the rollback")
	}
	if _, err := e.iam.GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String("lf-bad-role")}); apiCode(t, err) != "NoSuchEntity" {
		t.Error("the failed role exists")
	}
	res, err := e.cfn.DescribeStackResources(ctx(t), &cloudformation.DescribeStackResourcesInput{StackName: aws.String("bad")})
	if err != nil || len(res.StackResources) != 0 {
		t.Errorf("DescribeStackResources after rollback: %v %v", res, err)
	}
	// A ROLLBACK_COMPLETE stack can only be deleted.
	_, err = e.cfn.UpdateStack(ctx(t), &cloudformation.UpdateStackInput{StackName: aws.String("bad"), TemplateBody: aws.String(failingCreate), Capabilities: namedIAM})
	if apiCode(t, err) != "ValidationError" {
		t.Errorf("UpdateStack of a ROLLBACK_COMPLETE stack: %v", err)
	}
	e.deleteStack(t, "bad")
	e.wantGone(t, "bad")

	// The same through a CREATE change set, plus an unsupported type.
	unsupported := failingCreate + `  Alarm:
    Type: AWS::Nope::Thing
    Properties: {}
`
	unsupported = strings.Replace(unsupported, "arn:aws:iam::aws:policy/DoesNotExist", "arn:aws:iam::aws:policy/ReadOnlyAccess", 1)
	if got := e.changeSet(t, "cs-bad", "first", unsupported, cfntypes.ChangeSetTypeCreate); got != cfntypes.ExecutionStatusExecuteFailed {
		t.Errorf("change set execution status %s, want EXECUTE_FAILED", got)
	}
	e.wantStatus(t, "cs-bad", cfntypes.StackStatusRollbackComplete)
	found := false
	for _, ev := range e.events(t, "cs-bad") {
		if aws.ToString(ev.LogicalResourceId) == "Alarm" && ev.ResourceStatus == cfntypes.ResourceStatusCreateFailed {
			found = aws.ToString(ev.ResourceStatusReason) == "landform moto plugin: resource type AWS::Nope::Thing is not supported"
		}
	}
	if !found {
		t.Errorf("no CREATE_FAILED for the unsupported type:\n%s", e.eventLog(t, "cs-bad"))
	}
	e.noLocalIAM(t)
}

const paramV1 = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Param:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/kept, Type: String, Value: v1}
`

// testUpdateFailureRollsBack (TestPlugin/UpdateFailureRollsBack): an update that adds a failing resource ends
// UPDATE_ROLLBACK_COMPLETE; the modified resource gets its old value back,
// the added ones are deleted, GetTemplate returns the previous template.
func testUpdateFailureRollsBack(t *testing.T, e *env) {
	e.createStack(t, "upd", paramV1)
	bad := strings.Replace(paramV1, "Value: v1", "Value: v2", 1) + `  Added:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/added, Type: String, Value: a}
  Broken:
    Type: AWS::IAM::Role
    DependsOn: Added
    Properties:
      RoleName: lf-broken
      AssumeRolePolicyDocument: ` + trust + `
      ManagedPolicyArns: [arn:aws:iam::aws:policy/DoesNotExist]
`
	e.updateStack(t, "upd", bad)
	st := e.wantStatus(t, "upd", cfntypes.StackStatusUpdateRollbackComplete)
	if got := aws.ToString(st.StackStatusReason); got != "The following resource(s) failed to create: [Broken]." {
		t.Errorf("StackStatusReason %q", got)
	}
	p, err := e.ssm.GetParameter(ctx(t), &ssm.GetParameterInput{Name: aws.String("/lf/kept")})
	if err != nil || aws.ToString(p.Parameter.Value) != "v1" {
		t.Errorf("/lf/kept after rollback: %v %v, want v1", p, err)
	}
	if _, err := e.ssm.GetParameter(ctx(t), &ssm.GetParameterInput{Name: aws.String("/lf/added")}); apiCode(t, err) != "ParameterNotFound" {
		t.Error("the parameter the failed update added survived the rollback")
	}
	tpl, err := e.cfn.GetTemplate(ctx(t), &cloudformation.GetTemplateInput{StackName: aws.String("upd")})
	if err != nil || aws.ToString(tpl.TemplateBody) != paramV1 {
		t.Errorf("GetTemplate after rollback: %v %q", err, aws.ToString(tpl.TemplateBody))
	}
	wantSubsequence(t, e.statuses(t, "upd"), []string{
		"upd UPDATE_IN_PROGRESS", "Param UPDATE_COMPLETE", "Added CREATE_COMPLETE", "Broken CREATE_FAILED",
		"upd UPDATE_ROLLBACK_IN_PROGRESS", "Param UPDATE_COMPLETE", "upd UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
		"Added DELETE_COMPLETE", "upd UPDATE_ROLLBACK_COMPLETE",
	})
	// The stack can still be updated and deleted afterwards.
	e.updateStack(t, "upd", strings.Replace(paramV1, "Value: v1", "Value: v3", 1))
	e.wantStatus(t, "upd", cfntypes.StackStatusUpdateComplete)
	e.deleteStack(t, "upd")
	e.wantGone(t, "upd")
	if _, err := e.ssm.GetParameter(ctx(t), &ssm.GetParameterInput{Name: aws.String("/lf/kept")}); apiCode(t, err) != "ParameterNotFound" {
		t.Error("parameter left after delete-stack")
	}
}
