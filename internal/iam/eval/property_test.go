package eval

import (
	"math/rand/v2"
	"testing"
)

// mutate returns a copy of a case's identity policies with one statement
// added (a Deny) or one Allow statement removed.
func withStatements(t *testing.T, c *Case, edit func(stmts []any) []any) *Case {
	t.Helper()
	out := *c
	out.IdentityPolicies = nil
	for _, doc := range c.IdentityPolicies {
		p := copyPolicy(t, doc)
		var stmts []any
		switch s := p["Statement"].(type) {
		case []any:
			stmts = s
		case map[string]any:
			stmts = []any{s}
		}
		p["Statement"] = edit(stmts)
		out.IdentityPolicies = append(out.IdentityPolicies, NodeOf(p))
	}
	return &out
}

// copyPolicy is a decoded policy as a fresh map, so that an edit leaves
// the corpus case as it was.
func copyPolicy(t *testing.T, doc Node) map[string]any {
	t.Helper()
	p, ok := doc.Any().(map[string]any)
	if !ok {
		t.Fatalf("a corpus policy is a %s, not an object", doc.Kind())
	}
	return p
}

// TestAddingDenyNeverAllows: for every corpus case, adding a Deny
// statement (random action and resource patterns, possibly conditional) to
// an identity policy never turns a denied request into an allowed one.
func TestAddingDenyNeverAllows(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ev Evaluator
	checked := 0
	for _, c := range loadCorpus(t) {
		before, err := c.Decide(&ev)
		if err != nil || len(c.IdentityPolicies) == 0 {
			continue
		}
		wasAllowed := before.Allowed()
		deny := map[string]any{
			"Effect":   "Deny",
			"Action":   []any{"*", c.Request.Action, "s3:*", "iam:Get*"}[r.IntN(4)],
			"Resource": []any{"*", c.Request.Resource.Resource, "arn:aws:s3:::other/*"}[r.IntN(3)],
		}
		if r.IntN(2) == 0 {
			deny["Condition"] = map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/team": "dev"}}
		}
		mutated := withStatements(t, c, func(s []any) []any { return append(s, deny) })
		after, err := mutated.Decide(&ev)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		if !wasAllowed && after.Allowed() {
			t.Errorf("%s: adding %v turned a deny into an allow", c.ID, deny)
		}
		checked++
	}
	if checked < 2000 {
		t.Errorf("only %d cases checked", checked)
	}
}

// TestRemovingAllowNeverAllows: removing any one Allow statement from an
// identity policy never turns a denied request into an allowed one.
func TestRemovingAllowNeverAllows(t *testing.T) {
	var ev Evaluator
	checked := 0
	for _, c := range loadCorpus(t) {
		before, err := c.Decide(&ev)
		if err != nil || before.Allowed() {
			continue
		}
		for pi := range c.IdentityPolicies {
			for si := 0; ; si++ {
				removed := false
				var one Case = *c
				one.IdentityPolicies = append([]Node(nil), c.IdentityPolicies...)
				m := withStatements(t, &Case{IdentityPolicies: c.IdentityPolicies[pi : pi+1]}, func(s []any) []any {
					if si >= len(s) {
						return s
					}
					if st, ok := s[si].(map[string]any); ok && st["Effect"] == "Allow" {
						removed = true
						return append(append([]any{}, s[:si]...), s[si+1:]...)
					}
					return s
				})
				if !removed {
					p := copyPolicy(t, c.IdentityPolicies[pi])
					if arr, ok := p["Statement"].([]any); ok && si < len(arr) {
						continue
					}
					break
				}
				one.IdentityPolicies[pi] = m.IdentityPolicies[0]
				after, err := one.Decide(&ev)
				if err != nil {
					t.Fatalf("%s: %v", c.ID, err)
				}
				if after.Allowed() {
					t.Errorf("%s: removing allow statement %d of identity policy %d allowed a denied request", c.ID, si, pi)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d removals checked", checked)
	}
}
