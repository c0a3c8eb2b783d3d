package artifact_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/landform/landform/internal/kinds/kindtest/toy"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/testutil"
)

var ruleLiteral = regexp.MustCompile(`"(LF-[A-Z]+-\d{3})"`)

// generated are the ids made from a number rather than written out: the
// YAML layer's findings, numbered by yamltree (rule(N)) and named by the
// caller's prefix (config: LF-CFG-00N; templates: LF-CFN-1NN).
var yamltreeRule = regexp.MustCompile(`rule\((\d+)\)`)

// TestOneRuleTable: every rule id written anywhere in the module's
// non-test code is in the one table, once; the table is in id order and
// every entry has a summary.
func TestOneRuleTable(t *testing.T) {
	// The toy kind (kindtest/toy, a kind for tests) is registered too: its
	// ids are in the module's code, and its own table must cover them.
	rules := artifact.Rules(append(append(all.Registry{}, all.Kinds...), toy.Kind{}))
	listed := map[string]bool{}
	for i, r := range rules {
		if listed[r.ID] {
			t.Errorf("%s is listed twice", r.ID)
		}
		listed[r.ID] = true
		if i > 0 && rules[i-1].ID > r.ID {
			t.Errorf("%s is out of order", r.ID)
		}
		if strings.TrimSpace(r.Summary) == "" {
			t.Errorf("%s has no summary", r.ID)
		}
	}
	emitted := map[string]string{} // id -> a file that writes it
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range ruleLiteral.FindAllSubmatch(data, -1) {
			emitted[string(m[1])] = path
		}
		if strings.Contains(path, "yamltree") {
			for _, m := range yamltreeRule.FindAllSubmatch(data, -1) {
				n := string(m[1])
				emitted["LF-CFG-"+strings.Repeat("0", 3-len(n))+n] = path
				emitted["LF-CFN-1"+strings.Repeat("0", 2-len(n))+n] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(emitted) < 100 {
		t.Fatalf("found only %d rule ids in the module's code; is the walk wrong?", len(emitted))
	}
	for id, file := range emitted {
		if !listed[id] {
			t.Errorf("%s (written in %s) is not in the rule table: add it to its package's table", id, file)
		}
	}
}

// TestRulesDoc: docs/rules.md is the one table, rendered; go test
// ./internal/artifact -update rewrites it.
func TestRulesDoc(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Rules\n\nEvery rule id landform reports, made from the one rule table (`artifact.Rules`) that\n" +
		"also feeds `landform check --list-rules` and SARIF. Ids are never reused. Regenerate with\n" +
		"`go test ./internal/artifact -update`.\n\n| rule | severity | what it catches |\n|---|---|---|\n")
	for _, r := range artifact.Rules(all.Kinds) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.ID, r.Severity, strings.ReplaceAll(r.Summary, "|", `\|`))
	}
	testutil.Golden(t, "../../docs/rules.md", []byte(b.String()))
}
