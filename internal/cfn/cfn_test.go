package cfn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

func sample() *Template {
	t := &Template{Description: "sample: with a colon", Metadata: M("Landform", M("Kind", "sec"))}
	_ = t.AddResource(Resource{LogicalID: "Role", Type: "AWS::IAM::Role", Properties: M(
		"RoleName", "r",
		"AssumeRolePolicyDocument", M("Version", "2012-10-17", "Statement", []any{M("Effect", "Allow", "Action", "sts:AssumeRole", "Principal", M("Service", "lambda.amazonaws.com"))}),
		"Description", "yes", // a YAML 1.1 boolean word: must be quoted
		"MaxSessionDuration", 3600,
	)})
	_ = t.AddResource(Resource{LogicalID: "Group", Type: "AWS::IAM::Group", DependsOn: []string{"Role"}, Properties: M(
		"Policies", []any{M("PolicyName", "p", "PolicyDocument", M("Statement", []any{M("Resource", GetAtt("Role", "Arn"))}))},
	)})
	_ = t.AddOutput(Output{LogicalID: "RoleArn", Value: GetAtt("Role", "Arn"), Export: Sub("${AWS::StackName}-RoleArn")})
	return t
}

// TestEncodeRoundTrip encodes YAML and JSON, parses both back and checks
// they hold the same document, so neither encoder loses or changes a value.
func TestEncodeRoundTrip(t *testing.T) {
	tpl := sample()
	y, err := tpl.Encode(YAML)
	if err != nil {
		t.Fatal(err)
	}
	j, err := tpl.Encode(JSON)
	if err != nil {
		t.Fatal(err)
	}
	var fromYAML, fromJSON any
	if err := yaml.Unmarshal(y, &fromYAML); err != nil {
		t.Fatalf("YAML does not parse: %v\n%s", err, y)
	}
	if err := json.Unmarshal(j, &fromJSON); err != nil {
		t.Fatal(err)
	}
	// Normalise numbers: YAML gives uint64, JSON float64.
	norm := func(v any) any { b, _ := json.Marshal(v); var out any; _ = json.Unmarshal(b, &out); return out }
	if !reflect.DeepEqual(norm(fromYAML), norm(fromJSON)) {
		t.Fatalf("YAML and JSON encodings differ:\n%s\n%s", y, j)
	}
	if !bytes.Contains(y, []byte(`Description: "yes"`)) && !bytes.Contains(y, []byte(`Description: 'yes'`)) {
		t.Errorf("the string yes must be quoted in YAML:\n%s", y)
	}
	if !bytes.Contains(y, []byte(`AWSTemplateFormatVersion: "2010-09-09"`)) {
		t.Errorf("format version must stay a string:\n%s", y)
	}
}

func TestEncodeOrderIsInsertionOrder(t *testing.T) {
	y, err := sample().Encode(YAML)
	if err != nil {
		t.Fatal(err)
	}
	order := []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Resources", "  Role:", "  Group:", "Outputs"}
	last := -1
	for _, key := range order {
		i := bytes.Index(y, []byte(key))
		if i <= last {
			t.Fatalf("%q is out of order in:\n%s", key, y)
		}
		last = i
	}
}

func TestAddResourceRefusesBadIDs(t *testing.T) {
	var tpl Template
	if err := tpl.AddResource(Resource{LogicalID: "bad-id", Type: "X"}); err == nil {
		t.Error("hyphenated logical id accepted")
	}
	if err := tpl.AddResource(Resource{LogicalID: "A", Type: "X"}); err != nil {
		t.Fatal(err)
	}
	if err := tpl.AddResource(Resource{LogicalID: "A", Type: "X"}); err == nil {
		t.Error("duplicate logical id accepted")
	}
}

func TestSending(t *testing.T) {
	// A template of n topics, each with a padded display name: its YAML
	// grows faster than its compact JSON, as generated templates do.
	template := func(n, pad int) []byte {
		var b strings.Builder
		b.WriteString("Resources:\n")
		for i := range n {
			fmt.Fprintf(&b, "  Topic%d:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: %s\n", i, strings.Repeat("x", pad))
		}
		return []byte(b.String())
	}
	tests := []struct {
		name   string
		body   []byte
		method string
	}{
		{"small", template(2, 10), "TemplateBody"},
		{"just under the limit", append(template(1, 10), strings.Repeat("#", MaxTemplateBody-1-len(template(1, 10)))...), "TemplateBody"},
		{"only compact JSON fits", append(template(1, 10), strings.Repeat("#", MaxTemplateBody)...), "TemplateBody (compact JSON)"},
		{"nothing fits", template(2000, 40), "TemplateURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, fs := Parse("t.yaml", tt.body)
			if tree == nil || fs.HasErrors() {
				t.Fatalf("parse: %v", fs)
			}
			got := Sending(tt.body, tree)
			if got.Method != tt.method {
				t.Fatalf("method %s, want %s", got.Method, tt.method)
			}
			switch {
			case got.Method == "TemplateURL" && got.Inline != nil:
				t.Error("a template sent by URL has an inline body")
			case got.Method != "TemplateURL" && len(got.Inline) >= MaxTemplateBody:
				t.Errorf("inline body is %d bytes, over the limit", len(got.Inline))
			case got.Method == "TemplateBody" && string(got.Inline) != string(tt.body):
				t.Error("a template that fits is not sent as it is")
			}
			if got.Method == "TemplateBody (compact JSON)" {
				back, fs := Parse("compact.json", got.Inline)
				if back == nil || fs.HasErrors() || !reflect.DeepEqual(back.Root.Interface(), tree.Root.Interface()) {
					t.Error("the compact JSON is not the same template")
				}
			}
		})
	}
}

func TestSuffixNames(t *testing.T) {
	tmpl := &Template{}
	add := func(id, typ string, props *Map) {
		if err := tmpl.AddResource(Resource{LogicalID: id, Type: typ, Properties: props}); err != nil {
			t.Fatal(err)
		}
	}
	add("Role", "AWS::IAM::Role", M("RoleName", "acme-dev-t001-role-x"))
	add("Param", "AWS::SSM::Parameter", M("Name", "/sg/acme/web/SecurityGroupId", "Value", "v"))
	add("Sub", "AWS::S3::Bucket", M("BucketName", Sub("acme-${AWS::AccountId}")))
	add("Unnamed", "AWS::IAM::Role", M("Path", "/"))
	tmpl.Outputs = []Output{{LogicalID: "A", Value: "x", Export: "fixed-export"}, {LogicalID: "B", Value: "y", Export: Sub("${AWS::StackName}-B")}}
	if err := tmpl.SuffixNames("abc123"); err != nil {
		t.Fatal(err)
	}
	get := func(id, prop string) any { v, _ := tmpl.Resource(id).Properties.Get(prop); return v }
	if got := get("Role", "RoleName"); got != "acme-dev-t001-role-x-abc123" {
		t.Errorf("RoleName = %v", got)
	}
	if got := get("Param", "Name"); got != "/landform-test-abc123/sg/acme/web/SecurityGroupId" {
		t.Errorf("parameter Name = %v", got)
	}
	if got, _ := get("Sub", "BucketName").(*Map).Get("Fn::Sub"); got != "acme-${AWS::AccountId}-abc123" {
		t.Errorf("BucketName = %v", got)
	}
	if _, ok := tmpl.Resource("Unnamed").Properties.Get("RoleName"); ok {
		t.Error("a resource without a name got one")
	}
	if tmpl.Outputs[0].Export != "fixed-export-abc123" {
		t.Errorf("fixed export = %v", tmpl.Outputs[0].Export)
	}
	if _, ok := tmpl.Outputs[1].Export.(*Map); !ok {
		t.Errorf("export from the stack name changed: %v", tmpl.Outputs[1].Export)
	}

	long := &Template{}
	_ = long.AddResource(Resource{LogicalID: "R", Type: "AWS::IAM::Role", Properties: M("RoleName", strings.Repeat("r", 60))})
	if err := long.SuffixNames("abc123"); err == nil || !strings.Contains(err.Error(), "over the 64") {
		t.Errorf("a 67-character role name was accepted: %v", err)
	}
}

func TestAccessKeyID(t *testing.T) {
	for s, want := range map[string]string{
		"AKIAIOSFODNN7EXAMPLE":                "AKIAIOSFODNN7EXAMPLE",
		"key=ASIAIOSFODNN7EXAMPLE;":           "ASIAIOSFODNN7EXAMPLE",
		"AKIAIOSFODNN7EXAMPL":                 "", // 19 characters
		"xAKIAIOSFODNN7EXAMPLE":               "", // not at a word boundary
		"arn:aws:iam::123456789012:role/AKIA": "",
		"":                                    "",
	} {
		if got := AccessKeyID(s); got != want {
			t.Errorf("AccessKeyID(%q) = %q, want %q", s, got, want)
		}
	}
}
