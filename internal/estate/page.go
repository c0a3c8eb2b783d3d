package estate

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/report"
)

// Page is the estate as an HTML report: its launch order, level by level,
// each stack with what it waits for, and, after a run, what became of it
// (outcome may be nil; it says whether the stack did not succeed, and such
// rows are highlighted).
func (e *Estate) Page(title, subtitle string, outcome func(*Node) (string, bool)) report.Review {
	edges := 0
	e.edges(func(*Node, *Node, string) { edges++ })
	levels := e.Levels()
	r := report.Review{Title: title, Subtitle: subtitle,
		Facts: [][2]string{{"stacks", fmt.Sprint(len(e.Nodes))}, {"levels", fmt.Sprint(len(levels))}, {"dependencies", fmt.Sprint(edges)}}}
	columns := []string{"config", "kind", "stack", "where", "after"}
	if outcome != nil {
		r.Legend = "the stack did not succeed"
		columns = append(columns, "outcome")
	}
	for i, level := range levels {
		t := report.ReviewTable{Caption: fmt.Sprintf("%d stacks", len(level)), Columns: columns}
		for _, n := range level {
			where := n.Account() + " " + n.Region()
			if n.StackSet != nil {
				where = "stack set: " + n.StackSet.targets()
			}
			var after []string
			for _, m := range n.Needs {
				after = append(after, m.Label+" ("+n.Why[m]+")")
			}
			row := report.ReviewRow{Cells: []string{n.Label, n.Artifact.Kind, n.Artifact.StackName, where, strings.Join(after, ", ")}}
			if outcome != nil {
				text, bad := outcome(n)
				row.Cells, row.Highlight = append(row.Cells, text), bad
			}
			t.Rows = append(t.Rows, row)
		}
		desc := "These stacks need nothing of the estate: they can run first, together."
		if i > 0 {
			desc = "These stacks run once what they read from is deployed; they can run together."
		}
		r.Sections = append(r.Sections, report.ReviewSection{Name: fmt.Sprintf("Level %d", i), Description: desc, Tables: []report.ReviewTable{t}})
	}
	return r
}
