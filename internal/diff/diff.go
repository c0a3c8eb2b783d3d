// Package diff compares two CloudFormation templates by meaning rather than
// by text: which resources were added, removed or modified, which properties
// changed, and what that does to security: IAM statements that allow more,
// trust policies that changed, security-group rules that were opened.
//
// Templates are given as the plain values yamltree.Node.Interface returns
// (maps, slices, strings, numbers, booleans), so a deployed template read
// back with GetTemplate and a freshly generated one compare the same way
// whatever their encoding (YAML short form, YAML long form, JSON).
package diff

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Result is the difference between a deployed template and a new one.
type Result struct {
	Added    []Resource `json:"added"`
	Removed  []Resource `json:"removed"`
	Modified []Modified `json:"modified"`
	Outputs  []Change   `json:"outputs"`
	Security []Impact   `json:"security"`
}

// Empty reports whether the templates describe the same resources and outputs.
func (r Result) Empty() bool {
	return len(r.Added) == 0 && len(r.Removed) == 0 && len(r.Modified) == 0 && len(r.Outputs) == 0
}

// Resource is one resource by logical id.
type Resource struct {
	LogicalID string `json:"logical_id"`
	Type      string `json:"type"`
}

// Modified is a resource present in both templates whose definition changed.
type Modified struct {
	Resource
	Changes []Change `json:"changes"`
}

// Change is one value that differs, at a path inside the resource
// ("Properties.PolicyDocument.Statement[1].Action"). Old or New is nil when
// the value was added or removed.
type Change struct {
	Path string `json:"path"`
	Old  any    `json:"old,omitempty"`
	New  any    `json:"new,omitempty"`
}

// Templates compares the deployed template old (nil when the stack does not
// exist) with new.
func Templates(old, new any) Result {
	var r Result
	oldRes, newRes := section(old, "Resources"), section(new, "Resources")
	for _, id := range sortedKeys(newRes) {
		nr := asMap(newRes[id])
		or, ok := oldRes[id]
		if !ok {
			r.Added = append(r.Added, Resource{id, str(nr["Type"])})
			continue
		}
		var changes []Change
		values("", or, nr, &changes)
		if len(changes) > 0 {
			r.Modified = append(r.Modified, Modified{Resource{id, str(nr["Type"])}, changes})
		}
	}
	for _, id := range sortedKeys(oldRes) {
		if _, ok := newRes[id]; !ok {
			r.Removed = append(r.Removed, Resource{id, str(asMap(oldRes[id])["Type"])})
		}
	}
	oldOut, newOut := section(old, "Outputs"), section(new, "Outputs")
	for _, id := range union(oldOut, newOut) {
		values(id, oldOut[id], newOut[id], &r.Outputs)
	}
	r.Security = security(oldRes, newRes)
	return r
}

// values appends the differences between a and b below path.
func values(path string, a, b any, out *[]Change) {
	if reflect.DeepEqual(norm(a), norm(b)) {
		return
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok && !intrinsic(am) && !intrinsic(bm) {
		for _, k := range union(am, bm) {
			values(join(path, k), am[k], bm[k], out)
		}
		return
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			values(fmt.Sprintf("%s[%d]", path, i), as[i], bs[i], out)
		}
		return
	}
	*out = append(*out, Change{Path: path, Old: a, New: b})
}

// norm makes values that CloudFormation treats alike compare equal: a
// number and its decimal string, a one-element list and its element is NOT
// collapsed (IAM treats them alike only inside policies; see policy.go).
func norm(v any) any {
	switch x := v.(type) {
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(x)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, v := range x {
			m[k] = norm(v)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, v := range x {
			s[i] = norm(v)
		}
		return s
	}
	return v
}

func intrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func section(t any, name string) map[string]any { return asMap(asMap(t)[name]) }

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	return compact(v)
}

// compact renders a value on one line, for messages and set keys.
func compact(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func union(a, b map[string]any) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
