package check

import (
	"strings"
	"testing"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// TestRuleSets: a set's findings join check's own; a stricter rule drops
// the general finding on the same resource only; suppression covers a
// set's findings too; check itself knows none of them.
func TestRuleSets(t *testing.T) {
	tpl := `Resources:
  Logs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 30}}
  Other: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 7}}
  Quiet:
    Type: AWS::Logs::LogGroup
    Metadata: {landform: {suppress: [{rule: LF-TOY-001, reason: test}]}}
    Properties: {RetentionInDays: 1}
`
	toy := RuleSet{
		Owner: "toy",
		Rules: []finding.Rule{{ID: "LF-TOY-001", Severity: finding.Error, Summary: "toy"}},
		Check: func(t *yamltree.Tree) finding.List {
			var fs finding.List
			for _, id := range []string{"Logs", "Quiet"} { // not Other
				p := "Resources." + id + ".Properties.RetentionInDays"
				fs.Errorf("LF-TOY-001", t.Pos(p), p, "keep logs longer", "strict retention")
			}
			return fs
		},
		Supersedes: map[string]string{"LF-TOY-001": "LF-CFN-305"},
	}
	without := strings.Join(rules(Bytes("t.yaml", []byte(tpl))), " ")
	if strings.Contains(without, "LF-TOY-001") || strings.Count(without, "LF-CFN-305") != 3 {
		t.Fatalf("without the set: %s", without)
	}
	fs := Bytes("t.yaml", []byte(tpl), toy)
	got := strings.Join(rules(fs), " ")
	for _, want := range []string{"LF-TOY-001@2:", "LF-CFN-305@3:", "LF-TOY-001@7:"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if strings.Count(got, "LF-CFN-305") != 1 {
		t.Errorf("the general finding stands beside the stricter one: %s", got)
	}
	for _, f := range fs {
		if f.Rule == "LF-TOY-001" && f.Pos.Line == 7 && f.Severity != finding.Note {
			t.Errorf("suppression did not cover the set's finding: %+v", f)
		}
	}
}
