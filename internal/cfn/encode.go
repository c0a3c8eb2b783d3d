package cfn

import (
	"fmt"

	"github.com/goccy/go-yaml"
)

// Format is a template encoding.
type Format string

// The encodings CloudFormation accepts.
const (
	YAML Format = "yaml"
	JSON Format = "json"
)

// ParseFormat maps a --format value to a Format.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case YAML, JSON:
		return Format(s), nil
	}
	return "", fmt.Errorf("unknown template format %q: use yaml or json", s)
}

// Ext returns the file extension for the format, with its dot.
func (f Format) Ext() string { return "." + string(f) }

// Encode renders the template. Intrinsics are written in their long form
// (Ref:, Fn::GetAtt:), which every YAML tool reads without custom tags.
func (t *Template) Encode(f Format) ([]byte, error) {
	doc := t.Document()
	switch f {
	case JSON:
		b, err := marshalJSONIndent(doc)
		if err != nil {
			return nil, fmt.Errorf("encoding template as JSON: %w", err)
		}
		return b, nil
	default:
		b, err := yaml.MarshalWithOptions(doc, yaml.Indent(2), yaml.IndentSequence(true), yaml.UseLiteralStyleIfMultiline(true))
		if err != nil {
			return nil, fmt.Errorf("encoding template as YAML: %w", err)
		}
		return b, nil
	}
}

// MaxTemplateBody is the largest template CreateStack accepts inline as
// TemplateBody; larger ones must be uploaded to S3 and passed as TemplateURL.
const MaxTemplateBody = 51_200

// MaxTemplateURL is the largest template CloudFormation accepts from S3.
const MaxTemplateURL = 1_000_000

// DeployMethod names how a template of n bytes reaches CloudFormation.
func DeployMethod(n int) string {
	if n < MaxTemplateBody {
		return "TemplateBody"
	}
	return "TemplateURL"
}

// Per-template quotas of CloudFormation.
const (
	MaxResources = 500
	MaxOutputs   = 200
)

// Compact re-encodes a template (YAML or JSON, as generate writes it) as
// JSON without whitespace: the same template in far fewer bytes, for
// sending inline a template whose YAML is over TemplateBody's limit.
func Compact(body []byte) ([]byte, error) {
	tree, fs := Parse("template", body)
	if tree == nil || fs.HasErrors() {
		return nil, fmt.Errorf("re-reading the template: %v", fs)
	}
	return marshalJSON(tree.Root.Interface())
}

// SendMethod says how deploy sends a template: "TemplateBody", "TemplateBody
// (compact JSON)" when only its compact form fits, or "TemplateURL".
func SendMethod(body []byte) string {
	if len(body) < MaxTemplateBody {
		return "TemplateBody"
	}
	if c, err := Compact(body); err == nil && len(c) < MaxTemplateBody {
		return "TemplateBody (compact JSON)"
	}
	return "TemplateURL"
}
