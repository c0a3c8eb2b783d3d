package cfn

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/landform/landform/internal/yamltree"
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
	b, _, err := t.EncodeTree(f, "")
	return b, err
}

// EncodeTree renders the template and, for YAML, returns the tree that
// cfn.Parse(file, bytes) would give, built as the bytes are written
// (yamlenc.go); for JSON the tree is nil.
func (t *Template) EncodeTree(f Format, file string) ([]byte, *yamltree.Tree, error) {
	doc := t.Document()
	switch f {
	case JSON:
		b, err := marshalJSONIndent(doc)
		if err != nil {
			return nil, nil, fmt.Errorf("encoding template as JSON: %w", err)
		}
		return b, nil, nil
	default:
		b, root, err := encodeYAML(file, doc)
		if err != nil {
			return nil, nil, fmt.Errorf("encoding template as YAML: %w", err)
		}
		return b, yamltree.NewTree(file, root), nil
	}
}

// MaxTemplateBody is the largest template CreateStack accepts inline as
// TemplateBody; larger ones must be uploaded to S3 and passed as TemplateURL.
const MaxTemplateBody = 51_200

// MaxTemplateURL is the largest template CloudFormation accepts from S3.
const MaxTemplateURL = 1_000_000

// Per-template quotas of CloudFormation.
const (
	MaxResources = 500
	MaxOutputs   = 200
)

// sizeBuffers are CompactSize's buffers: measuring is done often (a
// sharded account measures each member) and only the length is kept.
var sizeBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// CompactSize is the length of v's compact JSON, the smallest form
// Sending tries a template in, when it is at most limit; a longer one is
// encoded only until it passes the limit, and its size is given as
// limit+1. -1 when v does not encode.
func CompactSize(v any, limit int) int {
	b := sizeBuffers.Get().(*bytes.Buffer)
	defer func() { b.Reset(); sizeBuffers.Put(b) }()
	switch err := appendJSON(b, v, limit); {
	case errors.Is(err, errPastLimit):
		return limit + 1
	case err != nil:
		return -1
	}
	return min(b.Len(), limit+1)
}

// Send is how a template reaches CloudFormation.
type Send struct {
	// Method is "TemplateBody", "TemplateBody (compact JSON)" or "TemplateURL".
	Method string
	// Inline is what goes in TemplateBody: the body itself, or its compact
	// JSON; nil when the template goes by URL.
	Inline []byte
}

// Sending decides how an encoded template (tree is its parse) is sent:
// inline when it fits under TemplateBody's limit, inline as compact JSON
// (the same template in far fewer bytes) when only that fits, else by URL
// after an upload to S3. It is the one place this is decided.
func Sending(body []byte, tree *yamltree.Tree) Send {
	if len(body) < MaxTemplateBody {
		return Send{Method: "TemplateBody", Inline: body}
	}
	if tree != nil {
		if c, err := marshalJSON(tree.Root.Interface()); err == nil && len(c) < MaxTemplateBody {
			return Send{Method: "TemplateBody (compact JSON)", Inline: c}
		}
	}
	return Send{Method: "TemplateURL"}
}
