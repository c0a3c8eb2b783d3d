package lintdiff

import (
	"cmp"
	"fmt"
	"io"
	"slices"
)

// Report is the comparison over a set of templates.
type Report struct {
	Templates     int
	LintErrors    int // cfn-lint errors (rules E…)
	LandformError int // landform error findings
	Items         []Disagreement
}

// Add counts one file's findings and keeps its disagreements.
func (r *Report) Add(lintErrors, landformErrors int, items []Disagreement) {
	r.Templates++
	r.LintErrors += lintErrors
	r.LandformError += landformErrors
	r.Items = append(r.Items, items...)
}

// Count returns the number of disagreements of a class.
func (r *Report) Count(c Class) int {
	n := 0
	for _, d := range r.Items {
		if d.Class == c {
			n++
		}
	}
	return n
}

// WriteText writes the disagreements grouped by class and rule, most
// frequent rule first, with the first example of each (every one with all).
func (r *Report) WriteText(w io.Writer, all bool) error {
	fmt.Fprintf(w, "templates: %d   cfn-lint errors: %d   landform errors: %d\n", r.Templates, r.LintErrors, r.LandformError)
	for _, c := range []Class{Missed, LandformOnly, NotClaimed} {
		groups := map[string][]Disagreement{}
		for _, d := range r.Items {
			if d.Class == c {
				groups[d.Rule] = append(groups[d.Rule], d)
			}
		}
		fmt.Fprintf(w, "\n%s: %d\n", c, r.Count(c))
		rules := make([]string, 0, len(groups))
		for rule := range groups {
			rules = append(rules, rule)
		}
		slices.SortFunc(rules, func(a, b string) int {
			return cmp.Or(cmp.Compare(len(groups[b]), len(groups[a])), cmp.Compare(a, b))
		})
		for _, rule := range rules {
			ds := groups[rule]
			slices.SortStableFunc(ds, func(a, b Disagreement) int {
				return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
			})
			fmt.Fprintf(w, "  %-12s %4d\n", rule, len(ds))
			show := ds[:1]
			if all {
				show = ds
			}
			for _, d := range show {
				where := "outside Resources"
				if d.Resource != "" {
					where = d.Resource
				}
				fmt.Fprintf(w, "      %s:%d (%s): %s\n", d.File, d.Line, where, d.Message)
			}
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}
