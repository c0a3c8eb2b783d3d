package ml

import (
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/ml/mlrule"
	"github.com/landform/landform/internal/yamltree"
)

// TemplateRules are the product validator (package mlrule), run on the
// templates the ml kind generated (Metadata.Landform.Kind: ml). Four of its
// rules are stricter forms of general ones (errors where check warns, or
// with the ml document's hint): where both report on one resource, only
// the ml finding stands.
func (Kind) TemplateRules() check.RuleSet {
	return check.RuleSet{Owner: "ml", Rules: mlrule.Rules, Check: checkTemplate,
		Supersedes: map[string]string{
			"LF-ML-003": "LF-CFN-301", // plaintext access key id
			"LF-ML-004": "LF-CFN-302", // public access not blocked
			"LF-ML-007": "LF-SG-102",  // SSH or RDP open to the internet
			"LF-ML-008": "LF-CFN-305", // log retention
		}}
}

func checkTemplate(t *yamltree.Tree) finding.List {
	o, ok := mlrule.FromMetadata(t)
	if !ok {
		return nil
	}
	return mlrule.Check(t, o)
}
