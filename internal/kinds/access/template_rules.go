package access

import (
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/access/accessrule"
	"github.com/landform/landform/internal/yamltree"
)

// TemplateRules judge the templates the access kind generated
// (Metadata.Landform.Kind: access): wildcard custom policies (LF-ACC-007)
// and a planner role that can write (LF-ACC-008).
func (Kind) TemplateRules() check.RuleSet {
	return check.RuleSet{Owner: "access", Rules: accessrule.Rules, Check: func(t *yamltree.Tree) finding.List {
		if !accessrule.Applies(t) {
			return nil
		}
		return accessrule.Check(t)
	}}
}
