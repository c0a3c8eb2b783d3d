package iam

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/yamltree"
)

// marshalledSize is NodeSize as it was first written: the lower-bound
// document built as Go values, marshalled, its non-space characters
// counted (0 when it cannot be marshalled, which no parsed tree gives).
func marshalledSize(n *yamltree.Node) int {
	raw, err := json.Marshal(lowerBoundValue(n))
	if err != nil {
		return 0
	}
	size := 0
	for _, r := range string(raw) {
		if !unicode.IsSpace(r) {
			size++
		}
	}
	return size
}

func lowerBoundValue(n *yamltree.Node) any {
	if n == nil {
		return nil
	}
	if cfn.IsIntrinsic(n) {
		fn, arg := n.Entries[0].Key, n.Entries[0].Value
		if fn == "Fn::Sub" {
			s, ok := arg.String()
			if !ok && arg.Kind == yamltree.Seq && len(arg.Items) > 0 {
				s, _ = arg.Items[0].String()
			}
			return subVar.ReplaceAllStringFunc(s, func(m string) string { return pseudoValues[m[2:len(m)-1]] })
		}
		if name, ok := arg.String(); fn == "Ref" && ok {
			return pseudoValues[name]
		}
		return ""
	}
	switch n.Kind {
	case yamltree.Map:
		m := make(map[string]any, len(n.Entries))
		for _, e := range n.Entries {
			m[e.Key] = lowerBoundValue(e.Value)
		}
		return m
	case yamltree.Seq:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			out[i] = lowerBoundValue(it)
		}
		return out
	}
	return n.Value
}

// TestNodeSizeIsMarshalledSize holds NodeSize, counted while walking, to
// the size of json.Marshal's encoding of the lower-bound document, for
// every node of the repository's example configs and check corpus, and of
// values with escapes, spaces, runes, intrinsics and YAML's special
// numbers.
func TestNodeSizeIsMarshalledSize(t *testing.T) {
	var files []string
	for _, glob := range []string{"../../examples/*/*.yaml", "../check/testdata/*/*.yaml", "../check/testdata/*/*/*.yaml"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	cases := map[string]string{
		"escapes.yaml":    "a: \"<b> & \\\"q\\\" \\\\ \\t\\u2028 \\u00a0 ünï\"\nb: [1, 2.5, -3e4, true, false, null, ~]\n\"k y\": {\"<\": \" lead and trail \"}\n",
		"intrinsics.yaml": "Resource:\n  - !Sub arn:${AWS::Partition}:s3:::${Bucket}/* ${AWS::AccountId}\n  - !Ref AWS::Region\n  - !Ref Other\n  - !GetAtt R.Arn\n  - {Fn::Sub: [\"${AWS::URLSuffix} x\", {A: b}]}\n",
		"empty.yaml":      "a: {}\nb: []\nc: \"\"\n",
		"specials.yaml":   "a: .inf\nb: -.nan\nc: 0x1F\n",
	}
	dir := t.TempDir()
	for name, text := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	if len(files) < 100 {
		t.Fatalf("found only %d files to compare on", len(files))
	}
	nodes := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, _ := cfn.Parse(f, data)
		if tree == nil {
			continue // a bad case of the check corpus
		}
		var each func(n *yamltree.Node)
		each = func(n *yamltree.Node) {
			nodes++
			got, want := NodeSize(n), marshalledSize(n)
			if got != want {
				t.Errorf("%s line %d: NodeSize %d, marshalled %d", f, n.Pos.Line, got, want)
			}
			for _, e := range n.Entries {
				each(e.Value)
			}
			for _, it := range n.Items {
				each(it)
			}
		}
		each(tree.Root)
	}
	t.Logf("%d files, %d nodes", len(files), nodes)
}
