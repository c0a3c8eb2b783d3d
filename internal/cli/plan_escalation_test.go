package cli

import (
	"strings"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/stack"
)

const escalationBase = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin-for-lambda
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Dev:
    Type: AWS::IAM::Role
    Properties:
      RoleName: developer
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: functions
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Sid: Functions, Effect: Allow, Action: [lambda:CreateFunction, lambda:InvokeFunction], Resource: "*"}
`

// TestPlanShowsNewEscalationPaths: giving the developer iam:PassRole on the
// admin role (which Lambda may assume) opens a path to admin; plan reports
// it as an error-severity impact, and nothing when the path already existed.
func TestPlanShowsNewEscalationPaths(t *testing.T) {
	passRole := escalationBase + `              - {Sid: Pass, Effect: Allow, Action: iam:PassRole, Resource: "arn:aws:iam::123456789012:role/admin-for-lambda"}
`
	tg := &target{Stack: stack.Stack{Name: "s", Stem: "s"}, Artifact: &artifact.Artifact{Target: kinds.Target{Account: "123456789012", Region: "us-east-1"}}}
	before, _ := cfn.Parse("old.yaml", []byte(escalationBase))
	after, _ := cfn.Parse("new.yaml", []byte(passRole))
	imp, err := newEscalations(tg, before.Root.Interface(), after.Root.Interface())
	if err != nil {
		t.Fatal(err)
	}
	if len(imp) != 1 || imp[0].Severity != "error" || imp[0].Kind != "escalation-path-added" ||
		!strings.Contains(imp[0].Detail, "iam:PassRole+lambda:CreateFunction") || !strings.Contains(imp[0].Detail, "developer@") {
		t.Fatalf("impacts = %+v", imp)
	}
	if again, err := newEscalations(tg, after.Root.Interface(), after.Root.Interface()); err != nil || len(again) != 0 {
		t.Errorf("an existing path reported as new: %+v %v", again, err)
	}
	if none, err := newEscalations(tg, nil, before.Root.Interface()); err != nil || len(none) != 0 {
		t.Errorf("a template without a path: %+v %v", none, err)
	}
}
