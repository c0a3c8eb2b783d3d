package iam

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	yamlv3 "go.yaml.in/yaml/v3"
)

// TestReadTemplateIsDecoded holds readTemplate to goccy's strict decoder:
// on every file it reads, the values are the decoder's (or, where the
// decoder refuses valid YAML, those of go.yaml.in/yaml/v3, which follows
// the YAML spec), and it reads every bundled template (else the fast path
// would be dead code). Files of another shape are the decoder's, so that
// its messages stay the ones users see.
func TestReadTemplateIsDecoded(t *testing.T) {
	files, _ := filepath.Glob("../kinds/sec/assets/policy-templates/*/*.yaml")
	if len(files) < 31 {
		t.Fatalf("found %d bundled templates, want 31 or more", len(files))
	}
	inputs := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = string(data)
	}
	read := func(name, in string) bool {
		t.Helper()
		fast, ok := readTemplate(name, []byte(in))
		if !ok {
			return false
		}
		var spec rawTemplate
		dec := yamlv3.NewDecoder(strings.NewReader(in))
		dec.KnownFields(true)
		if err := dec.Decode(&spec); err != nil {
			t.Errorf("%s: read by readTemplate, refused by yaml.v3: %v", name, err)
		} else if !reflect.DeepEqual(fast, spec) {
			t.Errorf("%s: readTemplate\n%#v\nyaml.v3\n%#v", name, fast, spec)
		}
		if strings.HasPrefix(name, "flow colon") {
			return true // goccy misreads these; the spec's reading is checked above
		}
		var goccy rawTemplate
		if err := yaml.UnmarshalWithOptions([]byte(in), &goccy, yaml.Strict()); err != nil {
			t.Errorf("%s: read by readTemplate, refused by the decoder: %v", name, err)
		} else if !reflect.DeepEqual(fast, goccy) {
			t.Errorf("%s: readTemplate\n%#v\ndecoder\n%#v", name, fast, goccy)
		}
		return true
	}
	for f, in := range inputs {
		if !read(f, in) {
			t.Errorf("%s: bundled template not read by readTemplate", f)
		}
	}
	base := inputs[files[0]]
	declined := map[string]string{
		"unknown field":      strings.Replace(base, "description:", "descripton:", 1),
		"number sid":         "description: d\npolicy:\n  Version: \"2012-10-17\"\n  Statement:\n    - Sid: 12\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: \"*\"\n",
		"nested action":      "description: d\npolicy:\n  Version: \"2012-10-17\"\n  Statement:\n    - Effect: Allow\n      Action: [[s3:GetObject]]\n      Resource: \"*\"\n",
		"bool condition":     "description: d\npolicy:\n  Version: \"2012-10-17\"\n  Statement:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: \"*\"\n      Condition: {Bool: {aws:SecureTransport: true}}\n",
		"tagged":             "description: !!str d\npolicy: {Version: !!timestamp 2012-10-17, Statement: []}\n",
		"not yaml":           "description: [\n",
		"statement not list": "description: d\npolicy: {Version: \"2012-10-17\", Statement: {Effect: Allow}}\n",
		"null description":   "description:\npolicy: {Version: \"2012-10-17\", Statement: []}\n",
	}
	for name, in := range declined {
		if read(name, in) {
			t.Errorf("%s: read by readTemplate; it belongs to the decoder", name)
		}
	}
	taken := map[string]string{
		"flow colon":        "description: d\npolicy:\n  Version: \"2012-10-17\"\n  Statement:\n    - Effect: Allow\n      Action: [s3:GetObject]\n      Resource: \"*\"\n      Condition: {StringEquals: {aws:SourceVpc: vpc-1}}\n",
		"anchors":           "description: &d Read.\npolicy:\n  Version: \"2012-10-17\"\n  Statement:\n    - Sid: *d\n      Effect: Allow\n      Action: &a [s3:GetObject, \"s3:List*\"]\n      Resource: '*'\n      Condition:\n        StringEquals: {\"aws:RequestedRegion\": [\"${region}\"], \"k\": v}\n",
		"empty statements":  "description: d\npolicy: {Version: \"2012-10-17\", Statement: []}\n",
		"no sid, flow list": "description: \"d: x\"\npolicy: {Version: \"2012-10-17\", Statement: [{Effect: Deny, Action: \"*\", Resource: [a, b]}]}\n",
	}
	for name, in := range taken {
		if !read(name, in) {
			t.Errorf("%s: not read by readTemplate", name)
		}
	}
}

// BenchmarkParseTemplates parses every bundled template: the tree reader
// against goccy's decoder, which ParseTemplate used for every file before.
func BenchmarkParseTemplates(b *testing.B) {
	files, _ := filepath.Glob("../kinds/sec/assets/policy-templates/*/*.yaml")
	var data [][]byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
	}
	b.Run("tree", func(b *testing.B) {
		for b.Loop() {
			for i, d := range data {
				if _, err := ParseTemplate("x/y", files[i], d); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("decoder", func(b *testing.B) {
		for b.Loop() {
			for _, d := range data {
				var raw rawTemplate
				if err := yaml.UnmarshalWithOptions(d, &raw, yaml.Strict()); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
