package artifact

import (
	"github.com/landform/landform/internal/suppress"
	"slices"
	"strings"

	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/estate/estaterule"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/operator"
)

// ownRules are the ids the artifact stage itself reports.
var ownRules = []finding.Rule{
	{ID: "LF-CFN-011", Severity: finding.Warning, Summary: "the template is over TemplateBody's 51,200 bytes (and its compact JSON too) and the config names no template_bucket"},
	{ID: "LF-STK-001", Severity: finding.Error, Summary: "a test copy (deploy --test) cannot be made: a suffixed name would pass its limit"},
	{ID: "LF-STK-002", Severity: finding.Error, Summary: "with --generated: the template in templates/ is missing, or not what the config builds now"},
}

// Rules is the one table of every rule id landform reports, in id order:
// config loading's, check's, every kind's (on configs and templates) and
// the artifact stage's, and the estate's. --list-rules, SARIF and docs/rules.md are made
// from it; a test holds it to every id the module's code can emit.
func Rules(kinds all.Registry) []finding.Rule {
	var out []finding.Rule
	out = append(out, config.Rules...)
	out = append(out, check.Rules...)
	out = append(out, kinds.Rules()...)
	out = append(out, ownRules...)
	out = append(out, estaterule.Rules...)
	out = append(out, suppress.Rules...)
	out = append(out, operator.Rules...)
	slices.SortStableFunc(out, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}
