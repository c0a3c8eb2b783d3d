package iam

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/landform/landform/internal/cfn"
)

// reflected is Policy without its MarshalJSON: encoding/json's own
// reflection over the same fields, the bytes JSON must give.
type reflected struct {
	Version   string      `json:"Version" yaml:"Version"`
	Statement []Statement `json:"Statement" yaml:"Statement"`
}

var testPolicies = []Policy{
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

func TestJSONAsEncodingJSON(t *testing.T) {
	policies := testPolicies
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

// TestYAMLAsStruct: the policy's MarshalYAML, which the template writer
// uses, gives the YAML goccy/go-yaml writes of the struct itself.
func TestYAMLAsStruct(t *testing.T) {
	for i, p := range testPolicies {
		got, err := yaml.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := yaml.Marshal(reflected(p))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("policy %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
