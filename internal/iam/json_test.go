package iam

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/landform/landform/internal/cfn"
)

// reflected is Policy without its MarshalJSON: encoding/json's own
// reflection over the same fields, the bytes JSON must give.
type reflected struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

func TestJSONAsEncodingJSON(t *testing.T) {
	policies := []Policy{
		{},
		{Version: Version, Statement: []Statement{}},
		{Version: Version, Statement: []Statement{
			{Sid: "Read", Effect: "Allow", Action: Strings("s3:GetObject"), Resource: Strings("arn:aws:s3:::b/*")},
			{Effect: "Deny", Action: Strings("s3:*", "iam:*"), Resource: Value{cfn.GetAtt("Role", "Arn"), "arn:aws:s3:::a&b"}},
			{Sid: "Trust <&>", Effect: "Allow", Principal: map[string]Value{"Service": Strings("ec2.amazonaws.com"), "AWS": Strings("arn:aws:iam::111122223333:root", "*")},
				Action: Strings("sts:AssumeRole"), Condition: map[string]Condition{
					"StringEquals": {"aws:PrincipalTag/team": Strings("a\"b"), "sts:ExternalId": Value{}},
					"Bool":         {"aws:SecureTransport": Value{false}},
					"Null":         nil,
				}},
			{Effect: "Allow", Action: Value{}, Resource: Value{cfn.Sub("arn:${AWS::Partition}:s3:::x")}, Principal: map[string]Value{"AWS": nil}},
		}},
	}
	for i, p := range policies {
		got, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(reflected(p)); err != nil {
			t.Fatal(err)
		}
		if w := bytes.TrimRight(want.Bytes(), "\n"); !bytes.Equal(got, w) {
			t.Errorf("policy %d:\n got %s\nwant %s", i, got, w)
		}
		// In a template, the policy is written the same way.
		var tmpl bytes.Buffer
		enc = json.NewEncoder(&tmpl)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cfn.M("PolicyDocument", p)); err != nil {
			t.Fatal(err)
		}
		if w := `{"PolicyDocument":` + string(got) + "}\n"; tmpl.String() != w {
			t.Errorf("policy %d in a template:\n got %s\nwant %s", i, tmpl.String(), w)
		}
	}
}
