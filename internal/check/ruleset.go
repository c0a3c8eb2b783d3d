package check

import (
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// A RuleSet is rules another package adds to check, as a value: a kind's
// template rules (ml's product validator, access's policy rules, sg's
// security-group rules). check knows no kind by name; whoever calls it
// passes the sets that apply, and each set decides for itself which
// templates it judges.
type RuleSet struct {
	Owner string         // "ml", for messages and tests
	Rules []finding.Rule // every id Check reports
	// Check judges one parsed template.
	Check func(t *yamltree.Tree) finding.List
	// Supersedes maps a rule of this set to the general rule it makes
	// stricter: where both report on the same resource, the general
	// finding is dropped (one defect, one finding).
	Supersedes map[string]string
}

// supersede drops general findings that a stricter rule of a set reported
// on the same resource.
func supersede(fs finding.List, sets []RuleSet) finding.List {
	replaced := map[string]string{} // general rule -> stricter rule
	for _, s := range sets {
		for strict, general := range s.Supersedes {
			replaced[general] = strict
		}
	}
	if len(replaced) == 0 {
		return fs
	}
	reported := map[[2]string]bool{} // (rule, resource) pairs
	for _, f := range fs {
		if id, ok := resourceOf(f.Path); ok {
			reported[[2]string{f.Rule, id}] = true
		}
	}
	out := fs[:0:0]
	for _, f := range fs {
		if strict, ok := replaced[f.Rule]; ok {
			if id, ok := resourceOf(f.Path); ok && reported[[2]string{strict, id}] {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}
