package diff

import (
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfn"
)

func parse(t *testing.T, name, src string) any {
	t.Helper()
	tree, fs := cfn.Parse(name, []byte(src))
	if fs.HasErrors() || tree == nil {
		t.Fatalf("%s: %v", name, fs)
	}
	return tree.Root.Interface()
}

const deployed = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: p
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Read
            Effect: Allow
            Action: [s3:GetObject]
            Resource: arn:aws:s3:::b/*
          - Sid: NoDelete
            Effect: Deny
            Action: s3:DeleteBucket
            Resource: "*"
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns: [!Ref Policy]
  Old:
    Type: AWS::SSM::Parameter
    Properties: {Type: String, Value: x}
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
Outputs:
  RoleArn:
    Value: !GetAtt Role.Arn
`

// The same template as deployed, in JSON, with the policy's statements
// reordered and Action given as a string instead of a one-element list.
const deployedJSON = `{"AWSTemplateFormatVersion": "2010-09-09",
 "Resources": {
  "Policy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"ManagedPolicyName": "p",
    "PolicyDocument": {"Version": "2012-10-17", "Statement": [
      {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
      {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}}},
  "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    "ManagedPolicyArns": [{"Ref": "Policy"}]}},
  "Old": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "x"}},
  "SG": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "web",
    "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": "443", "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}}},
 "Outputs": {"RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}}}}`

const changed = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: p
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Read
            Effect: Allow
            Action: [s3:GetObject, s3:PutObject]
            Resource: arn:aws:s3:::b/*
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: sts:AssumeRole
      ManagedPolicyArns: [!Ref Policy, arn:aws:iam::aws:policy/AdministratorAccess]
      Policies:
        - PolicyName: pass
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: iam:PassRole, Resource: "*"}
  New:
    Type: AWS::SSM::Parameter
    Properties: {Type: String, Value: y}
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh}
Outputs:
  RoleArn:
    Value: !GetAtt Role.Arn
    Export: {Name: role-arn}
`

func TestSameTemplateInOtherEncodingsIsNoChange(t *testing.T) {
	r := Templates(parse(t, "a.yaml", deployed), parse(t, "a.json", deployed))
	if !r.Empty() || len(r.Security) != 0 {
		t.Fatalf("same template: %+v", r)
	}
	r = Templates(parse(t, "a.yaml", deployed), parse(t, "b.json", deployedJSON))
	// Statement order and string-vs-list are property changes (CloudFormation
	// sees new text) but not security changes.
	if len(r.Security) != 0 {
		t.Errorf("reordered policy reported as a security change: %+v", r.Security)
	}
	if len(r.Added)+len(r.Removed) != 0 {
		t.Errorf("resources added or removed: %+v", r)
	}
}

func TestChanges(t *testing.T) {
	r := Templates(parse(t, "old.yaml", deployed), parse(t, "new.yaml", changed))
	if got := ids(r.Added); got != "New" {
		t.Errorf("added = %q, want New", got)
	}
	if got := ids(r.Removed); got != "Old" {
		t.Errorf("removed = %q, want Old", got)
	}
	var mod []string
	for _, m := range r.Modified {
		mod = append(mod, m.LogicalID)
	}
	if got := strings.Join(mod, ","); got != "Policy,Role,SG" {
		t.Errorf("modified = %q, want Policy,Role,SG", got)
	}
	paths := map[string]bool{}
	for _, m := range r.Modified {
		for _, c := range m.Changes {
			paths[m.LogicalID+" "+c.Path] = true
		}
	}
	for _, p := range []string{
		"Policy Properties.PolicyDocument.Statement",
		"Role Properties.AssumeRolePolicyDocument.Statement[0].Principal.AWS",
		"Role Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service",
		"Role Properties.ManagedPolicyArns",
		"Role Properties.Policies",
		"SG Properties.SecurityGroupIngress",
	} {
		if !paths[p] {
			t.Errorf("no change at %s; have %v", p, paths)
		}
	}
	if len(r.Outputs) != 1 || r.Outputs[0].Path != "RoleArn.Export" {
		t.Errorf("outputs = %+v, want the new export of RoleArn", r.Outputs)
	}

	want := []struct{ sev, id, kind, detail string }{
		{"high", "Role", "iam-allow-added", "iam:passrole on *"},
		{"high", "Role", "managed-policy-attached", "AdministratorAccess"},
		{"high", "SG", "sg-ingress-opened", "tcp 22 with 0.0.0.0/0 (ssh)"},
		{"medium", "Policy", "iam-allow-added", "Read: allows s3:putobject on arn:aws:s3:::b/*"},
		{"medium", "Policy", "iam-deny-removed", "NoDelete: no longer denies s3:deletebucket on *"},
		{"medium", "Role", "trust-policy-changed", `{"AWS":"arn:aws:iam::111122223333:root"} may now sts:assumerole`},
		{"low", "Role", "trust-policy-changed", `may no longer sts:assumerole`},
	}
	if len(r.Security) != len(want) {
		t.Errorf("%d security impacts, want %d:", len(r.Security), len(want))
		for _, s := range r.Security {
			t.Logf("  %+v", s)
		}
	}
	for i, w := range want {
		if i >= len(r.Security) {
			break
		}
		s := r.Security[i]
		if s.Severity != w.sev || s.LogicalID != w.id || s.Kind != w.kind || !strings.Contains(s.Detail, w.detail) {
			t.Errorf("impact %d = %+v, want %s %s %s ~%q", i, s, w.sev, w.id, w.kind, w.detail)
		}
	}
}

func TestNewStackReportsEveryGrant(t *testing.T) {
	r := Templates(nil, parse(t, "new.yaml", changed))
	if len(r.Added) != 4 || len(r.Modified) != 0 || len(r.Removed) != 0 {
		t.Fatalf("new stack: %+v", r)
	}
	kinds := map[string]int{}
	details := map[string]bool{}
	for _, s := range r.Security {
		kinds[s.Kind]++
		details[s.Detail] = true
	}
	// A policy of the same template is named, with what it allows.
	if !details["attaches Policy (p): allows 2 actions on 1 resources"] {
		t.Errorf("no summary of the attached in-template policy: %v", details)
	}
	if kinds["iam-allow-added"] != 2 || kinds["trust-policy-changed"] != 1 || kinds["sg-ingress-opened"] != 2 || kinds["managed-policy-attached"] != 2 {
		t.Errorf("impacts by kind = %v", kinds)
	}
}

func TestStandaloneIngressAndWidenedResource(t *testing.T) {
	old := map[string]any{"Resources": map[string]any{
		"In": map[string]any{"Type": "AWS::EC2::SecurityGroupIngress", "Properties": map[string]any{
			"GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": "sg-2"}},
		"P": map[string]any{"Type": "AWS::IAM::Policy", "Properties": map[string]any{"PolicyDocument": map[string]any{
			"Statement": map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"}}}},
	}}
	new := map[string]any{"Resources": map[string]any{
		"In": map[string]any{"Type": "AWS::EC2::SecurityGroupIngress", "Properties": map[string]any{
			"GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": "0.0.0.0/0"}},
		"P": map[string]any{"Type": "AWS::IAM::Policy", "Properties": map[string]any{"PolicyDocument": map[string]any{
			"Statement": map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}},
	}}
	r := Templates(old, new)
	if len(r.Security) != 2 {
		t.Fatalf("impacts: %+v", r.Security)
	}
	if s := r.Security[0]; s.LogicalID != "In" || s.Severity != "high" || s.Detail != "tcp 5432 with 0.0.0.0/0" {
		t.Errorf("ingress impact = %+v", s)
	}
	if s := r.Security[1]; s.LogicalID != "P" || !strings.Contains(s.Detail, "s3:getobject on *") {
		t.Errorf("widened resource = %+v", s)
	}
}

func ids(rs []Resource) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.LogicalID)
	}
	return strings.Join(s, ",")
}
