package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
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

var reviewTmpl = template.Must(template.New("review").Funcs(template.FuncMap{"sections": sections, "facts": facts}).Parse(reviewHTML))

// sectionsTemplate is what sections writes, as the page's template once
// wrote it (TestSectionsAsTemplate renders it to compare).
const sectionsTemplate = `{{range .}}
<h2>{{.Name}}</h2>
<p>{{.Description}}</p>
<dl>{{facts .Facts}}</dl>
{{range .Tables}}<h3>{{.Caption}}</h3>
{{if .Rows}}<table>
<tr>{{heads .Columns}}</tr>
{{rows .Rows}}</table>{{else}}<p>{{.Empty}}</p>{{end}}
{{end}}{{end}}`

// sections writes a review's sections as html/template writes
// sectionsTemplate, every text escaped as html/template escapes text in an
// element: one call per page instead of reflective calls per section,
// table and function (the 78 pages of the bundled examples took 24 ms of
// CPU that way). TestSectionsAsTemplate holds it to html/template byte for
// byte.
func sections(ss []ReviewSection) template.HTML { return htmlOf(writeSections, ss) }

func writeSections(b *strings.Builder, ss []ReviewSection) {
	for _, s := range ss {
		b.WriteByte('\n')
		element(b, "h2", s.Name)
		b.WriteByte('\n')
		element(b, "p", s.Description)
		b.WriteString("\n<dl>")
		writeFacts(b, s.Facts)
		b.WriteString("</dl>\n")
		for _, t := range s.Tables {
			element(b, "h3", t.Caption)
			b.WriteByte('\n')
			if len(t.Rows) > 0 {
				b.WriteString("<table>\n<tr>")
				writeHeads(b, t.Columns)
				b.WriteString("</tr>\n")
				writeRows(b, t.Rows)
				b.WriteString("</table>")
			} else {
				element(b, "p", t.Empty)
			}
			b.WriteByte('\n')
		}
	}
}

// writeRows writes a table's rows as html/template writes
//
//	{{range .}}<tr{{if .Highlight}} class="override"{{end}}>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
//	{{end}}
//
// each cell escaped as html/template escapes text in an element: one call
// per table instead of reflective calls per row and cell (the policy page
// of an ml template has thousands). TestRowsAsTemplate holds it to
// html/template byte for byte.
func writeRows(b *strings.Builder, rs []ReviewRow) {
	for _, r := range rs {
		b.WriteString("<tr")
		if r.Highlight {
			b.WriteString(` class="override"`)
		}
		b.WriteByte('>')
		for _, c := range r.Cells {
			element(b, "td", c)
		}
		b.WriteString("</tr>\n")
	}
}

// writeFacts writes a list's facts as html/template writes
// {{range .}}<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>{{end}}, and
// writeHeads a table's columns as {{range .}}<th>{{.}}</th>{{end}}: one
// call each instead of reflective calls per item (see writeRows).
func writeFacts(b *strings.Builder, fs [][2]string) {
	for _, f := range fs {
		element(b, "dt", f[0])
		element(b, "dd", f[1])
	}
}

func writeHeads(b *strings.Builder, cols []string) {
	for _, c := range cols {
		element(b, "th", c)
	}
}

// facts is the page template's function for a list of facts.
func facts(fs [][2]string) template.HTML { return htmlOf(writeFacts, fs) }

// htmlOf is what write writes of v, for html/template to insert as it is:
// every text in it is escaped by element.
func htmlOf[T any](write func(*strings.Builder, T), v T) template.HTML {
	var b strings.Builder
	write(&b, v)
	return template.HTML(b.String())
}

// element writes <tag>text</tag>, text escaped as html/template escapes
// it there.
func element(b *strings.Builder, tag, text string) {
	b.WriteByte('<')
	b.WriteString(tag)
	b.WriteByte('>')
	_, _ = cellEscaper.WriteString(b, text) // a Builder does not fail
	b.WriteString("</")
	b.WriteString(tag)
	b.WriteByte('>')
}

// cellEscaper is html/template's escaping of text in an element (its
// htmlReplacementTable).
var cellEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

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
