package cfn

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// MaxParseBytes is the largest template Parse reads: CloudFormation's own
// limit for a template in S3.
const MaxParseBytes = MaxTemplateURL

// shortForms maps a short-form tag to the long-form key it stands for.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!FindInMap": "Fn::FindInMap", "!GetAtt": "Fn::GetAtt",
	"!GetAZs": "Fn::GetAZs", "!ImportValue": "Fn::ImportValue", "!Join": "Fn::Join", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!Sub": "Fn::Sub", "!Transform": "Fn::Transform", "!And": "Fn::And",
	"!Equals": "Fn::Equals", "!If": "Fn::If", "!Not": "Fn::Not", "!Or": "Fn::Or", "!Length": "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString", "!ForEach": "Fn::ForEach",
	// The functions of the Rules section.
	"!Contains": "Fn::Contains", "!EachMemberEquals": "Fn::EachMemberEquals", "!EachMemberIn": "Fn::EachMemberIn",
	"!RefAll": "Fn::RefAll", "!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
}

// templateOptions read a template as CloudFormation does: short-form tags
// become their long form, and unquoted yes, no, on and off are booleans
// (CloudFormation's parser is YAML 1.1). Parse findings are LF-CFN-101 to
// LF-CFN-110.
var templateOptions = yamltree.Options{
	MaxBytes:    MaxParseBytes,
	YAML11Bools: true,
	Tag:         longForm,
	Rule:        func(n int) string { return fmt.Sprintf("LF-CFN-%03d", 100+n) },
	What:        "template",
}

// longForm turns !Ref X into {Ref: X}, !GetAtt A.B into {Fn::GetAtt: [A, B]}
// and every other short form into its Fn:: mapping.
func longForm(tag string, v *yamltree.Node) (*yamltree.Node, bool) {
	key, ok := shortForms[tag]
	if !ok {
		return nil, false
	}
	if tag == "!GetAtt" {
		if s, isStr := v.String(); isStr {
			res, attr, _ := strings.Cut(s, ".")
			v = &yamltree.Node{Kind: yamltree.Seq, Pos: v.Pos, Items: []*yamltree.Node{
				{Kind: yamltree.Scalar, Pos: v.Pos, Value: res, Text: res},
				{Kind: yamltree.Scalar, Pos: v.Pos, Value: attr, Text: attr},
			}}
		}
	}
	return &yamltree.Node{Kind: yamltree.Map, Pos: v.Pos, Entries: []yamltree.Entry{{Key: key, Value: v}}}, true
}

// Options are the yamltree options Parse reads templates with.
func Options() yamltree.Options { return templateOptions }

// Parse reads a template in YAML (with or without short-form tags) or JSON
// into a tree with positions. A nil tree comes with an error finding.
func Parse(file string, data []byte) (*yamltree.Tree, finding.List) {
	t, fs := yamltree.Parse(file, data, templateOptions)
	if t == nil {
		return nil, fs
	}
	if t.Root.Kind != yamltree.Map {
		fs.Errorf("LF-CFN-109", t.Root.Pos, "", "a template is a mapping with at least a Resources section",
			"the file is a YAML %s, not a template", t.Root.TypeName())
		return nil, fs
	}
	return t, fs
}
