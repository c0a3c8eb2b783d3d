package report_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/testutil"
)

// sgReview is shaped like the security-group kind's review: two tiers,
// each with facts and tables whose overridden rows are highlighted.
func sgReview() report.Review {
	cols := []string{"Rule", "Protocol", "Ports", "Peer", "Description", "Origin"}
	return report.Review{
		Title:    "shop-prod-network: security groups review",
		Subtitle: "Kind sg, config configs/shop-prod-network.yaml.",
		Legend:   "overridden or added",
		Facts:    [][2]string{{"Stack", "shop-prod-network"}, {"Account", "123456789012"}, {"Region", "eu-west-1"}},
		Sections: []report.ReviewSection{
			{
				Name:        "Tier web",
				Description: "Public entry point behind the load balancer.",
				Facts:       [][2]string{{"Group", "WebSecurityGroup"}},
				Tables: []report.ReviewTable{
					{Caption: "Ingress", Columns: cols, Rows: []report.ReviewRow{
						{Cells: []string{"https", "tcp", "443", "0.0.0.0/0", "HTTPS from anywhere", "default"}},
						{Cells: []string{"http", "tcp", "8080", "10.0.0.0/8", "internal HTTP", "override"}, Highlight: true},
					}},
					{Caption: "Egress", Columns: cols, Rows: []report.ReviewRow{
						{Cells: []string{"app", "tcp", "8443", "AppSecurityGroup", "to the app tier", "default"}},
					}},
				},
			},
			{
				Name:        "Tier db",
				Description: "Databases; no route from the internet.",
				Facts:       [][2]string{{"Group", "DbSecurityGroup"}, {"Engine", "mysql"}},
				Tables: []report.ReviewTable{
					{Caption: "Ingress", Columns: cols, Rows: []report.ReviewRow{
						{Cells: []string{"mysql", "tcp", "3306", "AppSecurityGroup", "from the app tier", "added"}, Highlight: true},
						{Cells: []string{"admin", "tcp", "3306", "10.9.0.0/16", "bastion", "added"}, Highlight: true},
					}},
					{Caption: "Egress", Columns: cols, Empty: "No egress rules: the group cannot open connections."},
				},
			},
		},
	}
}

func renderReview(t *testing.T, r report.Review) []byte {
	t.Helper()
	out, err := report.ReviewHTML(r)
	if err != nil {
		t.Fatalf("ReviewHTML: %v", err)
	}
	return out
}

// section is what the page shows of one ReviewSection.
type section struct {
	name, description string
	facts             [][2]string
	tables            []table
}

// table is one h3 caption followed by a table or by the empty note.
type table struct {
	caption string
	header  []string
	rows    []row
	empty   string
	isTable bool
}

// page is a review page read back from its HTML.
type page struct {
	h1, subtitle, legend string
	facts                [][2]string
	sections             []section
}

// readReview reads a review page back: h1, p, dl, then per section h2, p,
// dl and per table h3 followed by a table or a p. Anything else fails.
func readReview(t *testing.T, root *node) page {
	t.Helper()
	kids := body(root).elements()
	next := func(tag string) *node {
		t.Helper()
		if len(kids) == 0 || kids[0].tag != tag {
			got := "the end of the body"
			if len(kids) > 0 {
				got = "<" + kids[0].tag + ">"
			}
			t.Fatalf("want <%s>, got %s", tag, got)
		}
		n := kids[0]
		kids = kids[1:]
		return n
	}
	var p page
	p.h1 = next("h1").textContent()
	sub := next("p")
	spans := sub.byTag("span")
	switch {
	case len(spans) > 1 || len(spans) == 1 && spans[0].attrs["class"] != "legend":
		t.Fatalf("subtitle holds %d spans, want at most the legend", len(spans))
	case len(spans) == 1:
		p.legend = spans[0].textContent()
	}
	p.subtitle = strings.TrimSuffix(sub.textContent(), " "+p.legend)
	p.facts = next("dl").pairs(t)
	for len(kids) > 0 {
		s := section{name: next("h2").textContent(), description: next("p").textContent(), facts: next("dl").pairs(t)}
		for len(kids) > 0 && kids[0].tag == "h3" {
			tb := table{caption: next("h3").textContent()}
			if len(kids) > 0 && kids[0].tag == "table" {
				rows := next("table").rows(t)
				tb.isTable = true
				if len(rows) == 0 {
					t.Fatalf("table %q has no header row", tb.caption)
				}
				tb.header = rows[0].texts()
				tb.rows = rows[1:]
			} else {
				tb.empty = next("p").textContent()
			}
			s.tables = append(s.tables, tb)
		}
		p.sections = append(p.sections, s)
	}
	return p
}

func TestReviewHTMLDocument(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		r    report.Review
	}{
		{"sg", sgReview()},
		{"zero", report.Review{}},
		{"facts-only", report.Review{Title: "t", Subtitle: "s", Facts: [][2]string{{"k", "v"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := renderReview(t, tc.r)
			root := mustParse(t, out)
			checkPage(t, root, tc.r.Title)
			p := readReview(t, root)
			if p.h1 != tc.r.Title {
				t.Errorf("h1 %q, want %q", p.h1, tc.r.Title)
			}
			if len(p.sections) != len(tc.r.Sections) {
				t.Errorf("%d sections, want %d", len(p.sections), len(tc.r.Sections))
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", "review-"+tc.name+".html"), out)
		})
	}
}

// The page shows every fact, section and table in the order given, every
// row's cells under the given columns, and the empty note in place of an
// empty table.
func TestReviewHTMLContent(t *testing.T) {
	t.Parallel()
	r := sgReview()
	p := readReview(t, mustParse(t, renderReview(t, r)))
	if p.subtitle != r.Subtitle {
		t.Errorf("subtitle %q, want %q", p.subtitle, r.Subtitle)
	}
	if p.legend != "highlighted: overridden or added" {
		t.Errorf("legend %q", p.legend)
	}
	if !slices.Equal(p.facts, r.Facts) {
		t.Errorf("facts %q, want %q", p.facts, r.Facts)
	}
	if len(p.sections) != len(r.Sections) {
		t.Fatalf("%d sections, want %d", len(p.sections), len(r.Sections))
	}
	for i, want := range r.Sections {
		got := p.sections[i]
		if got.name != want.Name || got.description != want.Description || !slices.Equal(got.facts, want.Facts) {
			t.Errorf("section %d = %q %q %q, want %q %q %q", i, got.name, got.description, got.facts, want.Name, want.Description, want.Facts)
		}
		if len(got.tables) != len(want.Tables) {
			t.Fatalf("section %q: %d tables, want %d", want.Name, len(got.tables), len(want.Tables))
		}
		for j, wt := range want.Tables {
			gt := got.tables[j]
			if gt.caption != wt.Caption {
				t.Errorf("section %q table %d caption %q, want %q", want.Name, j, gt.caption, wt.Caption)
			}
			if len(wt.Rows) == 0 {
				if gt.isTable || gt.empty != wt.Empty {
					t.Errorf("%s/%s: empty table shown as table=%v note %q, want note %q", want.Name, wt.Caption, gt.isTable, gt.empty, wt.Empty)
				}
				continue
			}
			if !gt.isTable || !slices.Equal(gt.header, wt.Columns) {
				t.Errorf("%s/%s: header %q, want %q", want.Name, wt.Caption, gt.header, wt.Columns)
			}
			if len(gt.rows) != len(wt.Rows) {
				t.Fatalf("%s/%s: %d rows, want %d", want.Name, wt.Caption, len(gt.rows), len(wt.Rows))
			}
			for k, wr := range wt.Rows {
				if got := gt.rows[k].texts(); !slices.Equal(got, wr.Cells) {
					t.Errorf("%s/%s row %d = %q, want %q", want.Name, wt.Caption, k, got, wr.Cells)
				}
			}
		}
	}
}

// Highlighted rows, and only those, are marked as overrides, and the style
// sheet gives the mark a look.
func TestReviewHTMLHighlight(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		highlight []bool
	}{
		{"none", []bool{false, false, false}},
		{"all", []bool{true, true}},
		{"first", []bool{true, false, false}},
		{"last", []bool{false, false, true}},
		{"alternate", []bool{false, true, false, true, false}},
		{"single", []bool{true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tbl := report.ReviewTable{Caption: "Rules", Columns: []string{"Rule", "Origin"}}
			for i, h := range tc.highlight {
				origin := "default"
				if h {
					origin = "override"
				}
				tbl.Rows = append(tbl.Rows, report.ReviewRow{Cells: []string{string(rune('a' + i)), origin}, Highlight: h})
			}
			r := report.Review{Title: "t", Legend: "an override", Sections: []report.ReviewSection{{Name: "s", Tables: []report.ReviewTable{tbl}}}}
			root := mustParse(t, renderReview(t, r))
			p := readReview(t, root)
			got := p.sections[0].tables[0]
			if !slices.Equal(got.header, tbl.Columns) {
				t.Fatalf("header %q, want %q", got.header, tbl.Columns)
			}
			if len(got.rows) != len(tc.highlight) {
				t.Fatalf("%d rows, want %d", len(got.rows), len(tc.highlight))
			}
			for i, h := range tc.highlight {
				want := ""
				if h {
					want = "override"
				}
				if got.rows[i].class != want {
					t.Errorf("row %d (highlight %v) has class %q, want %q", i, h, got.rows[i].class, want)
				}
				if got.rows[i].cells[0].text != string(rune('a'+i)) {
					t.Errorf("row %d shows %q: rows are out of order", i, got.rows[i].cells[0].text)
				}
			}
			css := root.one(t, "style").textContent()
			if !strings.Contains(css, "tr.override td {") {
				t.Error("the style sheet does not style tr.override")
			}
		})
	}
}

// The same review renders to the same bytes every time.
func TestReviewHTMLDeterministic(t *testing.T) {
	t.Parallel()
	for _, r := range []report.Review{sgReview(), {}} {
		want := renderReview(t, r)
		for range 20 {
			if got := renderReview(t, r); !bytes.Equal(got, want) {
				t.Fatalf("two renders of review %q differ", r.Title)
			}
		}
	}
}

// Every text of a review comes out escaped and shows exactly as given.
func TestReviewHTMLEscapes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field string
		set   func(*report.Review)
		where func(*testing.T, *node, page) []string
	}{
		{"title", func(r *report.Review) { r.Title = hostile }, func(t *testing.T, root *node, p page) []string {
			return []string{root.one(t, "title").textContent(), p.h1}
		}},
		{"subtitle", func(r *report.Review) { r.Subtitle = hostile }, func(_ *testing.T, _ *node, p page) []string { return []string{p.subtitle} }},
		{"fact key", func(r *report.Review) { r.Facts[1][0] = hostile }, func(_ *testing.T, _ *node, p page) []string { return []string{p.facts[1][0]} }},
		{"fact value", func(r *report.Review) { r.Facts[1][1] = hostile }, func(_ *testing.T, _ *node, p page) []string { return []string{p.facts[1][1]} }},
		{"section name", func(r *report.Review) { r.Sections[0].Name = hostile }, func(_ *testing.T, _ *node, p page) []string { return []string{p.sections[0].name} }},
		{"section description", func(r *report.Review) { r.Sections[0].Description = hostile }, func(_ *testing.T, _ *node, p page) []string {
			return []string{p.sections[0].description}
		}},
		{"section fact", func(r *report.Review) { r.Sections[1].Facts[1][1] = hostile }, func(_ *testing.T, _ *node, p page) []string {
			return []string{p.sections[1].facts[1][1]}
		}},
		{"caption", func(r *report.Review) { r.Sections[0].Tables[1].Caption = hostile }, func(_ *testing.T, _ *node, p page) []string {
			return []string{p.sections[0].tables[1].caption}
		}},
		{"column", func(r *report.Review) {
			r.Sections[0].Tables[0].Columns = slices.Clone(r.Sections[0].Tables[0].Columns)
			r.Sections[0].Tables[0].Columns[4] = hostile
		}, func(_ *testing.T, _ *node, p page) []string { return []string{p.sections[0].tables[0].header[4]} }},
		{"cell", func(r *report.Review) { r.Sections[0].Tables[0].Rows[1].Cells[4] = hostile }, func(_ *testing.T, _ *node, p page) []string {
			return []string{p.sections[0].tables[0].rows[1].cells[4].text}
		}},
		{"empty note", func(r *report.Review) { r.Sections[1].Tables[1].Empty = hostile }, func(_ *testing.T, _ *node, p page) []string {
			return []string{p.sections[1].tables[1].empty}
		}},
	} {
		t.Run(tc.field, func(t *testing.T) {
			t.Parallel()
			r := sgReview()
			tc.set(&r)
			out := renderReview(t, r)
			if bytes.Contains(out, []byte("<script")) || bytes.Contains(out, []byte(`href="`)) {
				t.Fatalf("%s is rendered raw:\n%s", tc.field, out)
			}
			root := mustParse(t, out)
			checkSelfContained(t, root)
			p := readReview(t, root)
			for _, g := range tc.where(t, root, p) {
				if g != hostile {
					t.Errorf("%s shows as %q, want %q", tc.field, g, hostile)
				}
			}
			// The value stayed in its place: the page has the same shape.
			if len(p.sections) != 2 || len(p.sections[0].tables) != 2 || len(p.sections[1].tables) != 2 {
				t.Fatalf("the page changed shape: %d sections", len(p.sections))
			}
			for _, s := range p.sections {
				for _, tb := range s.tables {
					for i, rw := range tb.rows {
						if len(rw.cells) != 6 {
							t.Errorf("%s/%s row %d has %d cells, want 6", s.name, tb.caption, i, len(rw.cells))
						}
					}
				}
			}
		})
	}
}

// TestReviewLegendSaysWhatHighlightingMeans: a page shows the legend its
// caller wrote, none when it highlights nothing, and refuses to highlight
// rows without saying what highlighting means.
func TestReviewLegendSaysWhatHighlightingMeans(t *testing.T) {
	if p := readReview(t, mustParse(t, renderReview(t, report.Review{Title: "t", Subtitle: "s"}))); p.legend != "" {
		t.Errorf("a page without highlights shows the legend %q", p.legend)
	}
	r := sgReview()
	r.Legend = ""
	if _, err := report.ReviewHTML(r); err == nil || !strings.Contains(err.Error(), "says not what highlighting means") {
		t.Errorf("highlights without a legend: %v", err)
	}
}
