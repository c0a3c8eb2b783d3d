package eval

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestNodeOfIsLaidOutTree holds NodeOf, which lays decoded values out
// directly, to the tree it used to build and lay out: the same Doc
// content for every case of the corpus (policies, requests, contexts) and
// for values of every type NodeOf takes, nested.
func TestNodeOfIsLaidOutTree(t *testing.T) {
	values := []any{
		nil, "", "s", json.Number("1.50"), 2.5, 7, true, false,
		[]any{}, map[string]any{},
		map[string]any{"b": []any{"x", nil, map[string]any{"z": true, "a": json.Number("3")}}, "a": "", "": []string{"p", "q"}},
		[]any{[]any{[]any{"deep"}}, map[string]any{"k": map[string]any{}}, uint8(4), struct{ A string }{"s"}},
	}
	data, err := os.ReadFile(filepath.Join("testdata", "corpus.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		var v any
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		if d.Decode(&v) == nil {
			values = append(values, v)
		}
	}
	if len(values) < 100 {
		t.Fatalf("only %d values to compare", len(values))
	}
	for i, v := range values {
		old := treeOf(v)
		want := layOut([]*tree{&old})[0]
		got := NodeOf(v)
		if !reflect.DeepEqual(got.tree(), want.tree()) {
			t.Errorf("value %d (%T): NodeOf gives %#v, the laid-out tree %#v", i, v, got.tree(), want.tree())
		}
	}
}
