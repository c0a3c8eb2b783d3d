package accessrule_test

import (
	"strings"
	"testing"

	"github.com/landform/landform/internal/kinds/kindtest"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/access/accessrule"
)

const accessTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Metadata:
  Landform: {Kind: access}
Resources:
  TeamRolePlanner:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: assume-trusting-roles
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{Sid: AssumeTrustingRoles, Effect: Allow, Action: [sts:AssumeRole, sts:TagSession], Resource: "arn:aws:iam::222222222222:role/acme-tfstate-ro"}]
  PlannerPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [{Ref: TeamRolePlanner}]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Sid: ReadLogs, Effect: Allow, Action: logs:GetLogEvents, Resource: "arn:aws:logs:us-east-1:111111111111:log-group:x:*"}
          - {Sid: WriteObjects, Effect: Allow, Action: s3:PutObject, Resource: "arn:aws:s3:::x/*"}
  AdminPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Sid: IamAll, Effect: Allow, Action: "iam:*", Resource: "*"}
          - {Sid: AssumeAny, Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
          - {Sid: DenyAll, Effect: Deny, Action: "*", Resource: "*"}
`

func rules(fs finding.List) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+"@"+f.Path)
	}
	return strings.Join(out, "\n")
}

func TestAccessTemplateRules(t *testing.T) {
	tree, fs := cfn.Parse("a.yaml", []byte(accessTemplate))
	if tree == nil || fs.HasErrors() {
		t.Fatal(fs)
	}
	if !accessrule.Applies(tree) {
		t.Fatal("an access template is not recognised")
	}
	got := rules(accessrule.Check(tree))
	want := strings.Join([]string{
		"LF-ACC-008@Resources.PlannerPolicy.Properties.PolicyDocument.Statement[1].Action",
		"LF-ACC-007@Resources.AdminPolicy.Properties.PolicyDocument.Statement[0].Action",
		"LF-ACC-007@Resources.AdminPolicy.Properties.PolicyDocument.Statement[1].Action",
	}, "\n")
	if got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	// Another kind's template with the same statements is not judged.
	other, _ := cfn.Parse("b.yaml", []byte(strings.Replace(accessTemplate, "Kind: access", "Kind: sec", 1)))
	if accessrule.Applies(other) {
		t.Error("a sec template is taken for an access template")
	}
	for _, f := range kindtest.Check("b.yaml", []byte(strings.Replace(accessTemplate, "Kind: access", "Kind: sec", 1))) {
		if strings.HasPrefix(f.Rule, "LF-ACC-") {
			t.Errorf("check applied %s to a sec template", f.Rule)
		}
	}
}

// TestWildcardReasonSuppresses: the generator suppresses LF-ACC-007 with the
// config's reason; check keeps it as a note.
func TestWildcardReasonSuppresses(t *testing.T) {
	tmpl := strings.Replace(accessTemplate, "  AdminPolicy:\n    Type: AWS::IAM::ManagedPolicy\n",
		"  AdminPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Metadata:\n      landform:\n        suppress:\n          - {rule: LF-ACC-007, reason: \"IamAll: break-glass role reviewed quarterly\"}\n", 1)
	var acc []finding.Finding
	for _, f := range kindtest.Check("a.yaml", []byte(tmpl)) {
		if f.Rule == "LF-ACC-007" {
			acc = append(acc, f)
		}
	}
	if len(acc) != 2 {
		t.Fatalf("LF-ACC-007 findings: %+v", acc)
	}
	for _, f := range acc {
		if f.Severity != finding.Note || !strings.Contains(f.Message, "break-glass role reviewed quarterly") {
			t.Errorf("not suppressed with the reason: %+v", f)
		}
	}
}
