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
