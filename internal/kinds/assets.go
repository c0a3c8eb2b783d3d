package kinds

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/landform/landform/internal/iam"
)

// Sub roots a kind's embedded files at dir (its go:embed directory), so
// paths read schemas/… and scenarios/…; the embed directive guarantees dir.
func Sub(embedded fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(embedded, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// ReadSchema reads a JSON Schema file of the assets.
func ReadSchema(assets fs.FS, file string) (map[string]any, error) {
	raw, err := fs.ReadFile(assets, file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", file, err)
	}
	return doc, nil
}

// IndentSchema renders a schema for editors: indented, HTML characters
// unescaped, a final newline.
func IndentSchema(doc any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// OperatorPolicyFile is the operator-policy export every kind has:
// policies/{stem}-iam-policy.json (the seeds' create-policy).
func OperatorPolicyFile(stem string, p iam.Policy) ([]File, error) {
	data, err := p.Indented()
	if err != nil {
		return nil, err
	}
	return []File{{Dir: "policies", Name: stem + "-iam-policy.json", Data: data}}, nil
}
