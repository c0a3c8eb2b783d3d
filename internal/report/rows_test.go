package report

import (
	"bytes"
	"html/template"
	"testing"
)

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
