package report_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

// golang.org/x/net/html is not a requirement of this module, so these
// tests parse the reports with the strict little parser below. It accepts
// only what the templates are meant to produce: quoted attributes, balanced
// non-void elements, and text in which every '<' starts a tag and every '&'
// starts a character reference. A value that escapes html/template's
// escaping therefore fails to parse instead of slipping through.

// node is an element, or a text node when tag is empty.
type node struct {
	tag      string
	attrs    map[string]string
	children []*node
	text     string // unescaped text of a text node
}

var (
	tagRe  = regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+(?:="[^"<>]*")?)*)\s*>`)
	attrRe = regexp.MustCompile(`([a-zA-Z-]+)(?:="([^"]*)")?`)
	refRe  = regexp.MustCompile(`^&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#x[0-9a-fA-F]+);`)
	// voids are the void elements the reports may use.
	voids = map[string]bool{"meta": true}
)

const doctype = "<!DOCTYPE html>\n"

// parse parses a whole report: the doctype, then one html element and
// nothing but white space after it.
func parse(doc string) (*node, error) {
	if !strings.HasPrefix(doc, doctype) {
		return nil, fmt.Errorf("document does not start with %q", doctype)
	}
	root := &node{tag: "#document"}
	stack := []*node{root}
	rest := doc[len(doctype):]
	for len(rest) > 0 {
		top := stack[len(stack)-1]
		i := strings.IndexByte(rest, '<')
		if i != 0 {
			if i < 0 {
				i = len(rest)
			}
			raw := rest[:i]
			for j := 0; j < len(raw); j++ {
				if raw[j] == '&' && !refRe.MatchString(raw[j:]) {
					return nil, fmt.Errorf("bare & in text %q", raw)
				}
			}
			if top == root && strings.TrimSpace(raw) != "" {
				return nil, fmt.Errorf("text %q outside the html element", raw)
			}
			top.children = append(top.children, &node{text: html.UnescapeString(raw)})
			rest = rest[i:]
			continue
		}
		m := tagRe.FindStringSubmatch(rest)
		if m == nil {
			end := min(len(rest), 40)
			return nil, fmt.Errorf("'<' that does not start a well-formed tag: %q", rest[:end])
		}
		rest = rest[len(m[0]):]
		name := strings.ToLower(m[2])
		if m[1] == "/" {
			if top.tag != name {
				return nil, fmt.Errorf("</%s> closes <%s>", name, top.tag)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		if top == root && (name != "html" || len(nonText(root.children)) > 0) {
			return nil, fmt.Errorf("<%s> at the top level; want exactly one <html>", name)
		}
		n := &node{tag: name, attrs: map[string]string{}}
		for _, a := range attrRe.FindAllStringSubmatch(m[3], -1) {
			key := strings.ToLower(a[1])
			if _, dup := n.attrs[key]; dup {
				return nil, fmt.Errorf("<%s> repeats attribute %s", name, key)
			}
			n.attrs[key] = html.UnescapeString(a[2])
		}
		top.children = append(top.children, n)
		if !voids[name] {
			stack = append(stack, n)
		}
	}
	if len(stack) != 1 {
		return nil, fmt.Errorf("<%s> is never closed", stack[len(stack)-1].tag)
	}
	if len(nonText(root.children)) != 1 {
		return nil, fmt.Errorf("no html element")
	}
	return root, nil
}

// mustParse parses doc, failing the test when it is not well formed.
func mustParse(t *testing.T, doc []byte) *node {
	t.Helper()
	root, err := parse(string(doc))
	if err != nil {
		t.Fatalf("report is not well-formed HTML: %v\n%s", err, doc)
	}
	return root
}

func nonText(ns []*node) []*node {
	var out []*node
	for _, n := range ns {
		if n.tag != "" {
			out = append(out, n)
		}
	}
	return out
}

// elements returns the element children of n.
func (n *node) elements() []*node { return nonText(n.children) }

// all returns every element under n (n included) for which keep is true,
// in document order.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if m.tag != "" && keep(m) {
			out = append(out, m)
		}
		for _, c := range m.children {
			walk(c)
		}
	}
	walk(n)
	return out
}

// byTag returns every element named tag under n.
func (n *node) byTag(tag string) []*node {
	return n.all(func(m *node) bool { return m.tag == tag })
}

// byID returns the one element with the id, failing the test otherwise.
func (n *node) byID(t *testing.T, id string) *node {
	t.Helper()
	found := n.all(func(m *node) bool { return m.attrs["id"] == id })
	if len(found) != 1 {
		t.Fatalf("%d elements with id %q, want 1", len(found), id)
	}
	return found[0]
}

// hasID reports whether some element has the id.
func (n *node) hasID(id string) bool {
	return len(n.all(func(m *node) bool { return m.attrs["id"] == id })) > 0
}

// one returns the single element named tag under n, failing otherwise.
func (n *node) one(t *testing.T, tag string) *node {
	t.Helper()
	found := n.byTag(tag)
	if len(found) != 1 {
		t.Fatalf("%d <%s> elements, want 1", len(found), tag)
	}
	return found[0]
}

// textContent is the unescaped text under n.
func (n *node) textContent() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		if m.tag == "" {
			b.WriteString(m.text)
		}
		for _, c := range m.children {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// cell is one td or th of a table row.
type cell struct {
	text  string
	class string
}

// row is one tr of a table.
type row struct {
	class string
	cells []cell
}

// rows returns the rows of a table element.
func (n *node) rows(t *testing.T) []row {
	t.Helper()
	if n.tag != "table" {
		t.Fatalf("rows of <%s>, want a <table>", n.tag)
	}
	var out []row
	for _, tr := range n.elements() {
		if tr.tag != "tr" {
			t.Fatalf("<table> holds <%s>, want only <tr>", tr.tag)
		}
		r := row{class: tr.attrs["class"]}
		for _, c := range tr.elements() {
			if c.tag != "td" && c.tag != "th" {
				t.Fatalf("<tr> holds <%s>, want only <td> and <th>", c.tag)
			}
			r.cells = append(r.cells, cell{text: c.textContent(), class: c.attrs["class"]})
		}
		out = append(out, r)
	}
	return out
}

// texts returns the text of each cell of r.
func (r row) texts() []string {
	out := make([]string, len(r.cells))
	for i, c := range r.cells {
		out[i] = c.text
	}
	return out
}

// pairs returns the dt/dd pairs of a dl element.
func (n *node) pairs(t *testing.T) [][2]string {
	t.Helper()
	if n.tag != "dl" {
		t.Fatalf("pairs of <%s>, want a <dl>", n.tag)
	}
	kids := n.elements()
	if len(kids)%2 != 0 {
		t.Fatalf("<dl> has %d children, want dt/dd pairs", len(kids))
	}
	var out [][2]string
	for i := 0; i < len(kids); i += 2 {
		if kids[i].tag != "dt" || kids[i+1].tag != "dd" {
			t.Fatalf("<dl> holds <%s><%s>, want <dt><dd>", kids[i].tag, kids[i+1].tag)
		}
		out = append(out, [2]string{kids[i].textContent(), kids[i+1].textContent()})
	}
	return out
}

// fact returns the dd text of the dt named key in dl.
func (n *node) fact(t *testing.T, key string) string {
	t.Helper()
	for _, p := range n.pairs(t) {
		if p[0] == key {
			return p[1]
		}
	}
	t.Fatalf("no fact %q in %v", key, n.pairs(t))
	return ""
}

var externalRe = regexp.MustCompile(`(?i)(url\s*\(|@import|https?:|//[a-z0-9])`)

// checkSelfContained fails unless the document is one page that needs
// nothing else: no scripts, no linked or embedded resources, no attribute
// that points anywhere, and a style sheet that imports nothing.
func checkSelfContained(t *testing.T, root *node) {
	t.Helper()
	for _, p := range selfContainedProblems(root) {
		t.Error(p)
	}
}

func selfContainedProblems(root *node) []string {
	var out []string
	for _, n := range root.all(func(*node) bool { return true }) {
		switch n.tag {
		case "script", "link", "img", "iframe", "object", "embed", "frame", "source", "video", "audio", "base", "form":
			out = append(out, fmt.Sprintf("report holds a <%s> element", n.tag))
		}
		for k, v := range n.attrs {
			switch {
			case k == "src" || k == "href" || k == "srcset" || k == "action" || k == "data" || k == "poster":
				out = append(out, fmt.Sprintf("<%s> has a %s attribute %q", n.tag, k, v))
			case strings.HasPrefix(k, "on"):
				out = append(out, fmt.Sprintf("<%s> has an event handler %s", n.tag, k))
			case k == "style":
				out = append(out, fmt.Sprintf("<%s> has an inline style attribute", n.tag))
			case externalRe.MatchString(v):
				out = append(out, fmt.Sprintf("<%s %s=%q> refers to something outside the page", n.tag, k, v))
			}
		}
		if n.tag == "meta" && n.attrs["http-equiv"] != "" {
			out = append(out, fmt.Sprintf("<meta http-equiv=%q>", n.attrs["http-equiv"]))
		}
	}
	for _, s := range root.byTag("style") {
		if externalRe.MatchString(s.textContent()) {
			out = append(out, "the style sheet refers to something outside the page:\n"+s.textContent())
		}
	}
	return out
}

// checkPage checks the parts every report shares: html lang, a head with
// the utf-8 charset, the title and one inline style sheet, then a body.
func checkPage(t *testing.T, root *node, title string) {
	t.Helper()
	htmlEl := root.elements()[0]
	if htmlEl.attrs["lang"] != "en" {
		t.Errorf(`<html lang=%q>, want "en"`, htmlEl.attrs["lang"])
	}
	kids := htmlEl.elements()
	if len(kids) != 2 || kids[0].tag != "head" || kids[1].tag != "body" {
		t.Fatalf("<html> holds %d elements, want <head> then <body>", len(kids))
	}
	head := kids[0]
	metas := head.byTag("meta")
	if len(metas) != 1 || metas[0].attrs["charset"] != "utf-8" {
		t.Errorf("head does not declare the utf-8 charset: %v", metas)
	}
	if got := head.one(t, "title").textContent(); got != title {
		t.Errorf("title %q, want %q", got, title)
	}
	head.one(t, "style")
	checkSelfContained(t, root)
}

// body returns the body element of a parsed report.
func body(root *node) *node { return root.elements()[0].elements()[1] }
