package check

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

var ruleLiteral = regexp.MustCompile(`"(LF-(?:CFN|IAM|SG)-\d{3})"`)

// emittedRuleIDs lists the rule ids written in the non-test sources of the
// packages check draws findings from.
func emittedRuleIDs(t *testing.T) []string {
	var ids []string
	for _, dir := range []string{".", "../iam", "../cfn"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" || filepath.Base(f) == "rules.go" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ruleLiteral.FindAllSubmatch(b, -1) {
				ids = append(ids, string(m[1]))
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
