package eval

import "testing"

// TestMayAllow: an Allow statement names an action by Action (wildcards,
// any case) or by NotAction leaving it out, whatever its resources and
// conditions; Deny statements name nothing that is allowed.
func TestMayAllow(t *testing.T) {
	doc := `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": ["iam:Put*Policy", "S3:getobject"], "Resource": "arn:aws:iam::111111111111:role/x",
		 "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}},
		{"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"},
		{"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"}]}`
	p, err := Compile([]byte(doc), Identity, "p")
	if err != nil {
		t.Fatal(err)
	}
	for action, want := range map[string]bool{
		"iam:PutRolePolicy":       true,
		"IAM:PutUserPolicy":       true,
		"iam:AttachRolePolicy":    false, // iam:* is left out by the NotAction
		"s3:GetObject":            true,
		"ec2:RunInstances":        true, // by the NotAction
		"sts:AssumeRole":          false,
		"iam:CreatePolicyVersion": false,
	} {
		if got := p.MayAllow(action); got != want {
			t.Errorf("MayAllow(%s) = %v, want %v", action, got, want)
		}
	}
}

// TestMayAllowAnyAsMayAllow: the one-pass answer for a set of actions is
// MayAllow's for each, on policies with wildcards, NotAction and "*".
func TestMayAllowAnyAsMayAllow(t *testing.T) {
	actions := []string{"iam:PutRolePolicy", "iam:PassRole", "s3:GetObject", "lambda:UpdateFunctionCode", "ec2:RunInstances", "sts:AssumeRole"}
	set := NewActionSet(actions)
	for _, doc := range []string{
		`{"Statement": [{"Effect": "Allow", "Action": ["iam:Put*", "LAMBDA:update*"], "Resource": "*"}]}`,
		`{"Statement": [{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}`,
		`{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]}`,
		`{"Statement": [{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:Get?bject", "Resource": "*"}]}`,
	} {
		p, err := Compile([]byte(doc), Identity, "p")
		if err != nil {
			t.Fatal(err)
		}
		got := p.MayAllowAny(set)
		for i, a := range actions {
			if got[i] != p.MayAllow(a) {
				t.Errorf("%s: MayAllowAny says %v for %s, MayAllow %v", doc, got[i], a, !got[i])
			}
		}
	}
}
