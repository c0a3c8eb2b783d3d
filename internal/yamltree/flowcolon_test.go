package yamltree

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestFlowColons pins how a plain scalar with a colon inside a flow
// collection is read: as one scalar, as YAML (and cfn-lint's PyYAML) reads
// it; goccy alone splits it into a key and a value, or fails.
func TestFlowColons(t *testing.T) {
	opts := plain
	opts.Tag = func(tag string, v *Node) (*Node, bool) {
		return &Node{Kind: Map, Entries: []Entry{{Key: tag, Value: v}}}, true
	}
	for _, c := range []struct {
		name, in string
		want     any
	}{
		{"condition key", "{StringEquals: {iam:PassedToService: ec2.amazonaws.com}}\n",
			map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "ec2.amazonaws.com"}}},
		{"quoted value", "[{aws:SourceArn: \"arn:aws:sns:us-east-1:1:t\", 'x': y}]\n",
			[]any{map[string]any{"aws:SourceArn": "arn:aws:sns:us-east-1:1:t", "x": "y"}}},
		{"pseudo parameter under a tag", "{C: !Equals [a, !Ref AWS::Region]}\n",
			map[string]any{"C": map[string]any{"!Equals": []any{"a", map[string]any{"!Ref": "AWS::Region"}}}}},
		{"wildcard action", "{Action: [s3:*, s3:Get*, \"s3:x\"]}\n",
			map[string]any{"Action": []any{"s3:*", "s3:Get*", "s3:x"}}},
		{"key with no value", "{x:y, a::b: c}\n",
			map[string]any{"x:y": nil, "a::b": "c"}},
		{"value a collection", "{a:b: [c], d:e: {f: g}}\n",
			map[string]any{"a:b": []any{"c"}, "d:e": map[string]any{"f": "g"}}},
		{"value a tag", "{a:b: !Ref c}\n",
			map[string]any{"a:b": map[string]any{"!Ref": "c"}}},
		{"wide characters", "{é:ü: ß, arn:aws:s3:::b: 1}\n",
			map[string]any{"é:ü": "ß", "arn:aws:s3:::b": json.Number("1")}},
		// What goccy already read right stays as it was.
		{"space after the colon", "{k: v:w, \"x\":y}\n", map[string]any{"k": "v:w", "x": "y"}},
		{"block context", "a:b: c\nd: e:f\n", map[string]any{"a:b": "c", "d": "e:f"}},
		{"top-level flow sequence", "[a:b, c]\n", []any{"a:b", "c"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, fs := Parse("f.yaml", []byte(c.in), opts)
			if len(fs) != 0 {
				t.Fatal(fs)
			}
			if got := tr.Root.Interface(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %#v\nwant %#v", got, c.want)
			}
		})
	}
}

// TestFlowColonPositions: the rejoined key, and the value after it, are
// where they were written.
func TestFlowColonPositions(t *testing.T) {
	tr, fs := Parse("f.yaml", []byte("A: {iam:PassedToService: ec2.amazonaws.com, b: c}\n"), plain)
	if tr == nil {
		t.Fatal(fs)
	}
	n := tr.Lookup(`A["iam:PassedToService"]`)
	if n == nil || n.KeyPos.Line != 1 || n.KeyPos.Column != 5 || n.Pos.Column != 26 {
		t.Errorf("value %+v, want key at 1:5 and value at 1:26", n)
	}
	if b := tr.Lookup("A.b"); b == nil || b.Pos.Column != 48 {
		t.Errorf("A.b at %+v, want 1:48", b)
	}
}
