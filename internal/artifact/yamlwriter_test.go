package artifact_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/kinds/kindtest"
	"github.com/landform/landform/internal/testutil"
)

// TestYAMLWriterAsGoccy: for every template of every bundled example
// (and the test copies of those whose names leave room for the suffix), the YAML writer's bytes are the
// bytes goccy/go-yaml marshals of the same document, and the tree it
// builds while writing them is, position for position, the tree cfn.Parse
// reads from them. The builder checks and wires that tree without parsing.
func TestYAMLWriterAsGoccy(t *testing.T) {
	n := 0
	for _, suffix := range []func() string{nil, func() string { return "a1b2c3" }} {
		b := &artifact.Builder{Env: kindtest.Env(nil), Suffix: suffix}
		for _, file := range examples(t) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c, err := b.Build(file, data)
			if err != nil || len(c.Artifacts) == 0 && suffix == nil {
				t.Fatalf("%s: %v %v", file, err, c.Findings)
			}
			for _, a := range c.Artifacts {
				n++
				want, err := yaml.MarshalWithOptions(a.Template.Document(), yaml.Indent(2), yaml.IndentSequence(true), yaml.UseLiteralStyleIfMultiline(true))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Body, want) {
					t.Errorf("%s: the writer's bytes (got) differ from goccy's (want):\n%s", a.Path, testutil.Diff(want, a.Body))
				}
				parsed, fs := cfn.Parse(a.Path, a.Body)
				if parsed == nil || len(fs) > 0 {
					t.Fatalf("%s: %v", a.Path, fs)
				}
				if d := testutil.TreeDiff(parsed.Root, a.Tree.Root); d != "" {
					t.Errorf("%s: the writer's tree differs from the parse: %s", a.Path, d)
				}
			}
		}
	}
	if n < 60 {
		t.Errorf("%d templates compared, want every example's", n)
	}
}
