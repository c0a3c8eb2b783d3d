package yamltree

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestEmptyProperties pins how a tag or anchor with no content of its own is
// read: as an empty node, its siblings kept (goccy alone makes the next
// lines its content, at any indentation), while content indented into it
// stays its content.
func TestEmptyProperties(t *testing.T) {
	opts := plain
	opts.Tag = func(tag string, v *Node) (*Node, bool) {
		return &Node{Kind: Map, Entries: []Entry{{Key: tag, Value: v}}}, true
	}
	for _, c := range []struct {
		name, in string
		want     any
	}{
		{"sibling key", "A:\n  B: !GetAZs\n  C: 1\n",
			map[string]any{"A": map[string]any{"B": map[string]any{"!GetAZs": ""}, "C": json.Number("1")}}},
		{"key further left", "A:\n  B: !GetAZs\nE: 1\n",
			map[string]any{"A": map[string]any{"B": map[string]any{"!GetAZs": ""}}, "E": json.Number("1")}},
		{"comment between", "A: !Ref # why\n# more\nB: x\n",
			map[string]any{"A": map[string]any{"!Ref": ""}, "B": "x"}},
		{"sequence entry", "- !GetAZs\n- x\n",
			[]any{map[string]any{"!GetAZs": ""}, "x"}},
		{"key in an entry", "- Key: !GetAZs\n  Value: v\n- w\n",
			[]any{map[string]any{"Key": map[string]any{"!GetAZs": ""}, "Value": "v"}, "w"}},
		{"end of file", "A: 1\nB: !GetAZs",
			map[string]any{"A": json.Number("1"), "B": map[string]any{"!GetAZs": ""}}},
		{"flow mapping", "{B: !GetAZs , C: 1}\n",
			map[string]any{"B": map[string]any{"!GetAZs": ""}, "C": json.Number("1")}},
		{"flow sequence", "[!GetAZs , x, !Ref ]\n",
			[]any{map[string]any{"!GetAZs": ""}, "x", map[string]any{"!Ref": ""}}},
		{"anchor", "A: &a\nB: 1\n",
			map[string]any{"A": "", "B": json.Number("1")}},
		// Content indented into the property is its content.
		{"nested mapping", "A: !Tag\n  C: 1\nD: 2\n",
			map[string]any{"A": map[string]any{"!Tag": map[string]any{"C": json.Number("1")}}, "D": json.Number("2")}},
		{"sequence at the key's column", "A: !If\n- c\n- x\nB: 1\n",
			map[string]any{"A": map[string]any{"!If": []any{"c", "x"}}, "B": json.Number("1")}},
		{"scalar on the next line", "A: !Sub\n  ${X}-y\n",
			map[string]any{"A": map[string]any{"!Sub": "${X}-y"}}},
		{"entry content", "- !Tag\n  a: 1\n- b\n",
			[]any{map[string]any{"!Tag": map[string]any{"a": json.Number("1")}}, "b"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, fs := Parse("e.yaml", []byte(c.in), opts)
			if len(fs) != 0 {
				t.Fatal(fs)
			}
			if got := tr.Root.Interface(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %#v\nwant %#v", got, c.want)
			}
		})
	}
}

// TestEmptyPropertyKeepsPositions: the repair writes only after the
// property, so what follows on other lines keeps its line and column.
func TestEmptyPropertyKeepsPositions(t *testing.T) {
	tr, fs := Parse("e.yaml", []byte("A:\n  é: !GetAZs\n  C: 1\n"), plain)
	if tr == nil {
		t.Fatal(fs)
	}
	if n := tr.Lookup("A.C"); n == nil || n.Pos.Line != 3 || n.Pos.Column != 6 {
		t.Errorf("A.C at %+v, want 3:6", n)
	}
}
