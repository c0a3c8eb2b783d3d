package report

import (
	"bytes"
	"html/template"
	"testing"
)

// rows and heads are writeRows and writeHeads as template functions, as
// the page's template once called them (sectionsTemplate).
func rows(rs []ReviewRow) template.HTML { return htmlOf(writeRows, rs) }

func heads(cols []string) template.HTML { return htmlOf(writeHeads, cols) }

// TestRowsAsTemplate: rows writes what html/template writes for the rows
// of a table, for every byte alone in a cell (invalid UTF-8 too), runes
// and entities, text with all of them mixed, highlighted rows and none.
func TestRowsAsTemplate(t *testing.T) {
	ref := template.Must(template.New("ref").Parse(`{{range .}}<tr{{if .Highlight}} class="override"{{end}}>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}`))
	in := escapingCases()
	for _, table := range [][]ReviewRow{
		{{Cells: in}, {Cells: []string{"one", "two"}, Highlight: true}, {}},
		{},
	} {
		var want bytes.Buffer
		if err := ref.Execute(&want, table); err != nil {
			t.Fatal(err)
		}
		if got := string(rows(table)); got != want.String() {
			for _, c := range in {
				var w bytes.Buffer
				one := []ReviewRow{{Cells: []string{c}}}
				_ = ref.Execute(&w, one)
				if g := string(rows(one)); g != w.String() {
					t.Errorf("cell %q: rows %q, html/template %q", c, g, w.String())
				}
			}
			t.Fatalf("rows and html/template differ:\n%s\n%s", got, want.String())
		}
	}
}

// TestFactsAndHeadsAsTemplate: facts and heads write what html/template
// writes for a list's facts and a table's columns, for the same texts as
// TestRowsAsTemplate.
func TestFactsAndHeadsAsTemplate(t *testing.T) {
	in := escapingCases()
	var fs [][2]string
	for i := 0; i+1 < len(in); i += 2 {
		fs = append(fs, [2]string{in[i], in[i+1]})
	}
	for _, tc := range []struct {
		name, ref string
		data      any
		got       template.HTML
	}{
		{"facts", `{{range .}}<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>{{end}}`, fs, facts(fs)},
		{"no facts", `{{range .}}<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>{{end}}`, [][2]string{}, facts(nil)},
		{"heads", `{{range .}}<th>{{.}}</th>{{end}}`, in, heads(in)},
	} {
		var want bytes.Buffer
		if err := template.Must(template.New(tc.name).Parse(tc.ref)).Execute(&want, tc.data); err != nil {
			t.Fatal(err)
		}
		if string(tc.got) != want.String() {
			t.Errorf("%s: %s\nhtml/template: %s", tc.name, tc.got, want.String())
		}
	}
}

// escapingCases are texts to escape: every byte alone and between letters
// (invalid UTF-8 too), runes and entities, markup, and a policy.
func escapingCases() []string {
	var in []string
	for c := 0; c < 256; c++ {
		in = append(in, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
	}
	return append(in, "", "é", "\u2028", "\ufeff", "\ufdd0", "\uffff", "&amp;", "<script>alert('x')</script>",
		`{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"}`, "a+b=c", "\x00\x00", "\xff\xfe")
}

// TestSectionsAsTemplate: sections writes what html/template writes for
// sectionsTemplate (the page's sections as its template once wrote them)
// for sections with and without facts and tables, tables with rows and
// empty ones, and every text of escapingCases in each place a text goes.
func TestSectionsAsTemplate(t *testing.T) {
	ref := template.Must(template.New("ref").Funcs(template.FuncMap{"rows": rows, "facts": facts, "heads": heads}).Parse(sectionsTemplate))
	in := escapingCases()
	var ss []ReviewSection
	for i := 0; i+3 < len(in); i += 4 {
		ss = append(ss, ReviewSection{
			Name: in[i], Description: in[i+1], Facts: [][2]string{{in[i+2], in[i+3]}},
			Tables: []ReviewTable{
				{Caption: in[i+2], Columns: []string{in[i], in[i+1]}, Rows: []ReviewRow{{Cells: []string{in[i+3], in[i]}, Highlight: i%8 == 0}}},
				{Caption: in[i+3], Empty: in[i+1]},
			},
		})
	}
	ss = append(ss, ReviewSection{}, ReviewSection{Name: "only tables", Tables: []ReviewTable{{}}})
	for _, data := range [][]ReviewSection{ss, nil} {
		var want bytes.Buffer
		if err := ref.Execute(&want, data); err != nil {
			t.Fatal(err)
		}
		if got := string(sections(data)); got != want.String() {
			for i := range data {
				w := new(bytes.Buffer)
				_ = ref.Execute(w, data[i:i+1])
				if g := string(sections(data[i : i+1])); g != w.String() {
					t.Fatalf("section %d:\nsections      %q\nhtml/template %q", i, g, w.String())
				}
			}
			t.Fatalf("sections and html/template differ")
		}
	}
}
