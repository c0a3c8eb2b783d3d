package yamltree

import (
	"fmt"
	"reflect"
	"testing"
)

var plain = Options{Rule: func(n int) string { return fmt.Sprintf("R%d", n) }, What: "file"}

// TestGluedScalarsInFlow pins the repair of goccy reading sqs:Send inside
// [..] inside {..} as a mapping; YAML 1.2 reads it as one scalar.
func TestGluedScalarsInFlow(t *testing.T) {
	tr, fs := Parse("g.yaml", []byte("- {Effect: Allow, Action: [sqs:SendMessage, \"s3:x\", sqs:Y]}\n- a: b\n- {k: v}\n- [k: v]\n"), plain)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	want := []any{
		map[string]any{"Effect": "Allow", "Action": []any{"sqs:SendMessage", "s3:x", "sqs:Y"}},
		map[string]any{"a": "b"},
		map[string]any{"k": "v"},
		[]any{map[string]any{"k": "v"}},
	}
	if got := tr.Root.Interface(); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	if n := tr.Lookup("[0].Action[0]"); n == nil || n.Pos.Line != 1 || n.Pos.Column != 28 {
		t.Errorf("position of the repaired scalar: %+v", n)
	}
}

func TestTagHook(t *testing.T) {
	opts := plain
	opts.Tag = func(tag string, v *Node) (*Node, bool) {
		if tag != "!Up" {
			return nil, false
		}
		s, _ := v.String()
		return &Node{Kind: Scalar, Value: s + "!"}, true
	}
	tr, fs := Parse("t.yaml", []byte("a: !Up x\nb: !Other y\n"), opts)
	if got, _ := tr.Root.Get("a").String(); got != "x!" {
		t.Errorf("a = %q", got)
	}
	if len(fs) != 1 || fs[0].Rule != "R10" || fs[0].Pos.Line != 2 {
		t.Errorf("unknown tag finding: %v", fs)
	}
}

func TestPosOfOddPathsEnds(t *testing.T) {
	tr, _ := Parse("t.yaml", []byte("a:\n  b: 1\n"), plain)
	for _, p := range []string{"Resources.Fn::If", "a.b.c::d", "x[", "]", "a.b"} {
		if got := tr.Pos(p); got.File != "t.yaml" {
			t.Errorf("Pos(%q) = %v", p, got)
		}
	}
}

func TestByteOrderMarkAndLineEndings(t *testing.T) {
	for name, in := range map[string]string{
		"bom":  "\xef\xbb\xbfa: 1\nb: 2\n",
		"crlf": "a: 1\r\nb: 2\r\n",
		"cr":   "a: 1\rb: 2\r",
	} {
		tr, fs := Parse("t.yaml", []byte(in), plain)
		if len(fs) != 0 || tr.Root.Get("a") == nil {
			t.Errorf("%s: %v %+v", name, fs, tr.Root.Interface())
			continue
		}
		if p := tr.Root.Get("b").Pos; p.Line != 2 || p.Column != 4 {
			t.Errorf("%s: b at %v, want 2:4", name, p)
		}
	}
}
