package drift

import (
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfn"
)

// TestSamePolicyIgnoresWhatIAMNormalises: documents IAM stores differently
// from the template (statement and list order, a string for a list of one,
// a Sid, an account id for its root ARN, condition key case, numbers as
// strings) are the same policy; any change of meaning is not.
func TestSamePolicyIgnoresWhatIAMNormalises(t *testing.T) {
	template := map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "Read", "Effect": "Allow", "Action": []any{"s3:GetObject", "s3:ListBucket"}, "Resource": "arn:aws:s3:::b/*"},
		map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "111122223333"}, "Action": "sts:AssumeRole",
			"Condition": map[string]any{"NumericLessThan": map[string]any{"aws:MultiFactorAuthAge": 3600}, "Bool": map[string]any{"aws:SecureTransport": true}}},
	}}
	same := []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["sts:AssumeRole"],"Condition":{"Bool":{"aws:securetransport":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":["3600"]}}},{"Effect":"Allow","Action":["S3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}`,
		// URL-encoded, as GetRolePolicy answers.
		`%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3AGetObject%22%2C%22s3%3AListBucket%22%5D%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2F*%22%7D%2C%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22111122223333%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Condition%22%3A%7B%22NumericLessThan%22%3A%7B%22aws%3AMultiFactorAuthAge%22%3A3600%7D%2C%22Bool%22%3A%7B%22aws%3ASecureTransport%22%3Atrue%7D%7D%7D%5D%7D`,
	}
	for _, s := range same {
		doc, err := decodeDocument(s)
		if err != nil {
			t.Fatal(err)
		}
		if !samePolicy(template, doc) {
			t.Errorf("taken for a change:\n%s", s)
		}
	}
	different := map[string]string{
		"an action more":  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true}}}]}`,
		"another account": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true}}}]}`,
		"condition gone":  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`,
		"deny instead":    `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true}}}]}`,
		"resource case":   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::B/*"},{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true}}}]}`,
	}
	for name, s := range different {
		doc, err := decodeDocument(s)
		if err != nil {
			t.Fatal(err)
		}
		if samePolicy(template, doc) {
			t.Errorf("%s: not seen as a change", name)
		}
	}
}

// TestPolicyChangeRates: a document that lets more happen is high, one that
// lets less happen medium, a reshuffle low.
func TestPolicyChangeRates(t *testing.T) {
	base := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}
	wider := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": []any{"s3:GetObject", "iam:PassRole"}, "Resource": "*"}}}
	split := map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
		map[string]any{"Sid": "B", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}}
	for _, tt := range []struct {
		name      string
		want, got any
		sev, says string
	}{
		{"broader", base, wider, High, "allows iam:passrole"},
		{"narrower", wider, base, Medium, "no longer allows iam:passrole"},
		{"same grants, other statements", wider, split, Low, "same permissions, different statements"},
	} {
		sev, detail := policyChange("inline policy p", tt.want, tt.got)
		if sev != tt.sev || !strings.Contains(detail, tt.says) {
			t.Errorf("%s: %s %q, want %s and %q", tt.name, sev, detail, tt.sev, tt.says)
		}
	}
}

const template = `
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-reader
      Path: /app/
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      PermissionsBoundary: !Ref Boundary
      Tags: [{Key: Owner, Value: !Sub "${AWS::StackName}-team"}]
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: !Sub "arn:aws:s3:::${AWS::AccountId}-*"}]}
      Roles: [!Ref Reader]
  Team:
    Type: AWS::IAM::Group
  Uploader:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Team]
  Members:
    Type: AWS::IAM::UserToGroupAddition
    Properties: {GroupName: !Ref Team, Users: [alice]}
  Key:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref Uploader}
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      PolicyDocument: {Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Reader.Arn}]}
      Groups: [!Ref Team]
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress: [{IpProtocol: 6, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]
  FromWeb:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt Web.GroupId, IpProtocol: "-1", SourceSecurityGroupId: !Ref Web, Description: self}
  Odd:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: !ImportValue other-account}, Action: sts:AssumeRole}]}
`

// TestExpect reads a template as deep drift compares it: names from the
// stack's physical ids, ARNs with their paths, attachments and memberships
// declared on either side, standalone rules on their group, EC2's default
// egress where the template gives none, and a value only CloudFormation
// knows left out with a note.
func TestExpect(t *testing.T) {
	tree := parseYAML(t, template)
	e := Expect(Stack{Name: "app", Account: "123456789012", Region: "eu-west-1", Template: tree, Physical: map[string]string{
		"Reader": "app-reader", "Boundary": "arn:aws:iam::123456789012:policy/app-Boundary-X1", "Team": "app-Team-Y2", "Uploader": "app-Uploader-Z3",
		"Members": "m", "Key": "AKIAEXAMPLE", "Inline": "app-Inli-1", "Web": "sg-0123", "FromWeb": "sgr-1", "Odd": "app-Odd-Q"}})
	by := map[string]*Principal{}
	for _, p := range e.Principals {
		by[p.LogicalID] = p
	}
	r := by["Reader"]
	if r.Boundary != "arn:aws:iam::123456789012:policy/app-Boundary-X1" || !r.Managed["arn:aws:iam::123456789012:policy/app-Boundary-X1"] || r.Tags["Owner"] != "app-team" {
		t.Errorf("Reader: boundary %q, managed %v, tags %v", r.Boundary, r.Managed, r.Tags)
	}
	g := by["Team"]
	if listNames(g.Members) != "alice, app-Uploader-Z3" {
		t.Errorf("Team members %v, want alice (UserToGroupAddition) and the user whose Groups name it", g.Members)
	}
	doc := compactJSON(g.Inline["extra"])
	if !strings.Contains(doc, "arn:aws:iam::123456789012:role/app/app-reader") {
		t.Errorf("GetAtt Reader.Arn with its path: %s", doc)
	}
	if u := by["Uploader"]; !u.Keys["AKIAEXAMPLE"] || !u.Groups["app-Team-Y2"] {
		t.Errorf("Uploader keys %v groups %v", u.Keys, u.Groups)
	}
	if len(e.Policies) != 1 || !e.Policies[0].Entities["role"]["app-reader"] {
		t.Errorf("Boundary policy entities: %+v", e.Policies)
	}
	var rules []string
	for _, rl := range e.Groups[0].Rules {
		rules = append(rules, rl.Key()+"|"+rl.Description)
	}
	want := "ingress tcp 443-443 cidr:0.0.0.0/0|,ingress -1 -1--1 sg:sg-0123|self,egress -1 -1--1 cidr:0.0.0.0/0|"
	if strings.Join(rules, ",") != want {
		t.Errorf("Web rules\n got %s\nwant %s", strings.Join(rules, ","), want)
	}
	if why := by["Odd"].skip["trust"]; !strings.Contains(why, "Fn::ImportValue is only known to CloudFormation") {
		t.Errorf("Odd trust: skip %q", why)
	}
}

func parseYAML(t *testing.T, src string) any {
	t.Helper()
	tree, fs := cfn.Parse("t.yaml", []byte(src))
	if tree == nil || fs.HasErrors() {
		t.Fatalf("template: %v", fs)
	}
	return tree.Root.Interface()
}
