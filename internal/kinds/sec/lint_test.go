package sec_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/yamltree"
)

// TestExportedPoliciesLintClean holds every policy the examples export (the
// operator policy, the rendered templates) to the same IAM lint check uses
// on templates: no errors, no warnings.
func TestExportedPoliciesLintClean(t *testing.T) {
	lint := iam.Linter{Catalog: catalog.Default()}
	opts := yamltree.Options{Rule: func(n int) string { return fmt.Sprintf("LF-CFN-%03d", 100+n) }, What: "policy"}
	for _, ex := range examples {
		s, _ := loadFile(t, ex.file)
		for _, set := range []string{"operator-policy", "service-policies"} {
			files, err := s.Export(set, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				tree, fs := yamltree.Parse(f.Name, f.Data, opts)
				if tree == nil {
					t.Fatalf("%s: %v", f.Name, fs)
				}
				fs = append(fs, lint.Lint(tree.Root, "", iam.Identity)...)
				if fs.Count(finding.Error)+fs.Count(finding.Warning) > 0 {
					var b strings.Builder
					_ = finding.WriteText(&b, fs)
					t.Errorf("%s:\n%s", f.Name, b.String())
				}
			}
		}
	}
}
