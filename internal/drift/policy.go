package drift

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// decodeDocument reads a policy document as IAM returns it: JSON, URL-encoded.
func decodeDocument(s string) (any, error) {
	if t := strings.TrimSpace(s); !strings.HasPrefix(t, "{") {
		u, err := url.PathUnescape(t)
		if err != nil {
			return nil, fmt.Errorf("policy document is neither JSON nor URL-encoded JSON: %w", err)
		}
		s = u
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("policy document is not JSON: %w", err)
	}
	return v, nil
}

// canonical is a policy document as IAM means it: statements as a set
// (order and Sid do not matter), actions lower-cased, every "one or a
// list" a sorted list, an account id in a principal as its root ARN,
// condition keys lower-cased and values as strings.
func canonical(doc any) any {
	m, _ := doc.(map[string]any)
	var stmts []any
	switch s := m["Statement"].(type) {
	case []any:
		stmts = s
	case map[string]any:
		stmts = []any{s}
	}
	seen := map[string]bool{}
	var out []any
	var keys []string
	byKey := map[string]any{}
	for _, st := range stmts {
		sm, _ := st.(map[string]any)
		c := map[string]any{"Effect": scalar(sm["Effect"])}
		for _, f := range []string{"Action", "NotAction"} {
			if v, ok := sm[f]; ok {
				c[f] = sortedStrings(v, strings.ToLower)
			}
		}
		for _, f := range []string{"Resource", "NotResource"} {
			if v, ok := sm[f]; ok {
				c[f] = sortedStrings(v, nil)
			}
		}
		for _, f := range []string{"Principal", "NotPrincipal"} {
			if v, ok := sm[f]; ok {
				c[f] = canonicalPrincipal(v)
			}
		}
		if v, ok := sm["Condition"].(map[string]any); ok {
			cond := map[string]any{}
			for op, kv := range v {
				km, _ := kv.(map[string]any)
				ck := map[string]any{}
				for k, val := range km {
					ck[strings.ToLower(k)] = sortedStrings(val, nil)
				}
				cond[op] = ck
			}
			c["Condition"] = cond
		}
		b, _ := json.Marshal(c)
		if k := string(b); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
			byKey[k] = c
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, byKey[k])
	}
	return map[string]any{"Version": scalar(m["Version"]), "Statement": out}
}

func canonicalPrincipal(v any) any {
	if s, ok := v.(string); ok {
		return map[string]any{"AWS": []any{s}}
	}
	m, _ := v.(map[string]any)
	out := map[string]any{}
	for k, val := range m {
		norm := func(s string) string { return s }
		if k == "AWS" {
			norm = func(s string) string {
				if len(s) == 12 && strings.Trim(s, "0123456789") == "" {
					return "arn:aws:iam::" + s + ":root"
				}
				return s
			}
		}
		out[k] = sortedStrings(val, norm)
	}
	return out
}

func sortedStrings(v any, norm func(string) string) []any {
	var items []string
	for _, e := range listOf(v) {
		s := scalar(e)
		if norm != nil {
			s = norm(s)
		}
		items = append(items, s)
	}
	sort.Strings(items)
	out := make([]any, 0, len(items))
	for i, s := range items {
		if i > 0 && items[i-1] == s {
			continue
		}
		out = append(out, s)
	}
	return out
}

func listOf(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// samePolicy reports whether two documents mean the same to IAM.
func samePolicy(a, b any) bool {
	x, _ := json.Marshal(canonical(a))
	y, _ := json.Marshal(canonical(b))
	return string(x) == string(y)
}

// compactJSON is a document as one line of JSON with its keys sorted, for
// reports and for the aws CLI.
func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
