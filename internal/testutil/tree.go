package testutil

import (
	"fmt"
	"reflect"

	"github.com/landform/landform/internal/yamltree"
)

// TreeDiff names the first place two trees differ (a node's kind, value,
// text, quoting, position or key position, or the keys and lengths of
// maps and sequences), or "" when they are the same.
func TreeDiff(want, got *yamltree.Node) string { return nodeDiff("", want, got, true) }

// ValueDiff is TreeDiff without positions: what the two trees say, not
// where they say it.
func ValueDiff(want, got *yamltree.Node) string { return nodeDiff("", want, got, false) }

func nodeDiff(path string, want, got *yamltree.Node, positions bool) string {
	at := path
	if at == "" {
		at = "(root)"
	}
	switch {
	case want == nil || got == nil:
		if want != got {
			return fmt.Sprintf("%s: node %v, want %v", at, got, want)
		}
		return ""
	case want.Kind != got.Kind:
		return fmt.Sprintf("%s: kind %d, want %d", at, got.Kind, want.Kind)
	case positions && want.Pos != got.Pos:
		return fmt.Sprintf("%s: at %s, want %s", at, got.Pos, want.Pos)
	case positions && want.KeyPos != got.KeyPos:
		return fmt.Sprintf("%s: key at %s, want %s", at, got.KeyPos, want.KeyPos)
	case !reflect.DeepEqual(want.Value, got.Value) || want.Text != got.Text || want.Quoted != got.Quoted:
		return fmt.Sprintf("%s: value %#v (text %q, quoted %v), want %#v (text %q, quoted %v)",
			at, got.Value, got.Text, got.Quoted, want.Value, want.Text, want.Quoted)
	case len(want.Entries) != len(got.Entries) || len(want.Items) != len(got.Items):
		return fmt.Sprintf("%s: %d keys and %d items, want %d and %d", at, len(got.Entries), len(got.Items), len(want.Entries), len(want.Items))
	}
	for i, e := range want.Entries {
		if got.Entries[i].Key != e.Key {
			return fmt.Sprintf("%s: key %d is %q, want %q", at, i, got.Entries[i].Key, e.Key)
		}
		if d := nodeDiff(yamltree.ChildPath(path, e.Key), e.Value, got.Entries[i].Value, positions); d != "" {
			return d
		}
	}
	for i, it := range want.Items {
		if d := nodeDiff(yamltree.IndexPath(path, i), it, got.Items[i], positions); d != "" {
			return d
		}
	}
	return ""
}
