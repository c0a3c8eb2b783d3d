package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
)

// Review is a pre-deployment review page: facts, then sections of tables
// whose highlighted rows differ from the kind's defaults (an override).
type Review struct {
	Title    string
	Subtitle string
	Facts    [][2]string
	Sections []ReviewSection
	// Legend says what a highlighted row means on this page ("overridden
	// or added"); a page without one highlights nothing.
	Legend string
}

// ReviewSection is one part of the review, such as a tier.
type ReviewSection struct {
	Name        string
	Description string
	Facts       [][2]string
	Tables      []ReviewTable
}

// ReviewTable is one table of a section.
type ReviewTable struct {
	Caption string
	Columns []string
	Rows    []ReviewRow
	Empty   string // shown instead of an empty table
}

// ReviewRow is one row; Highlight marks it as changed from the default.
type ReviewRow struct {
	Cells     []string
	Highlight bool
}

//go:embed review.html.tmpl
var reviewHTML string

var reviewTmpl = template.Must(template.New("review").Parse(reviewHTML))

// ReviewHTML renders a review as one self-contained HTML page.
func ReviewHTML(r Review) ([]byte, error) {
	if r.Legend == "" {
		for _, s := range r.Sections {
			for _, t := range s.Tables {
				for _, row := range t.Rows {
					if row.Highlight {
						return nil, fmt.Errorf("review %q highlights rows but says not what highlighting means (Legend)", r.Title)
					}
				}
			}
		}
	}
	var b bytes.Buffer
	if err := reviewTmpl.Execute(&b, r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
