package report_test

import (
	"strings"
	"testing"
)

// The escaping and self-containment tests lean on parse and
// checkSelfContained; these cases show both reject what they must.

const testPage = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title><style>CSS</style></head><body>BODY</body></html>\n"

func testDoc(css, body string) string {
	return strings.Replace(strings.Replace(testPage, "CSS", css, 1), "BODY", body, 1)
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, doc string }{
		{"raw lt", testDoc("", `<p>a < b</p>`)},
		{"bare ampersand", testDoc("", `<p>fish & chips</p>`)},
		{"unclosed", testDoc("", `<p>text`)},
		{"misnested", testDoc("", `<p><b>x</p></b>`)},
		{"stray close", testDoc("", `</td>`)},
		{"broken out of a cell", testDoc("", `<table><tr><td></td></td></tr></table>`)},
		{"unquoted attribute", testDoc("", `<p class=x>y</p>`)},
		{"no doctype", "<html></html>"},
		{"two html", "<!DOCTYPE html>\n<html></html><html></html>"},
		{"text outside html", "<!DOCTYPE html>\ntext<html></html>"},
		{"no html", "<!DOCTYPE html>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := parse(tc.doc); err == nil {
				t.Errorf("parse accepted %q", tc.doc)
			}
		})
	}
	root, err := parse(testDoc("", `<p class="a">x &amp; &#34;y&#34; &#x27;&lt;z&gt;</p>`))
	if err != nil {
		t.Fatalf("parse rejected a well-formed page: %v", err)
	}
	p := root.one(t, "p")
	if got := p.textContent(); got != `x & "y" '<z>` {
		t.Errorf("text %q, want it unescaped", got)
	}
	if p.attrs["class"] != "a" {
		t.Errorf("class %q, want a", p.attrs["class"])
	}
	if problems := selfContainedProblems(root); len(problems) != 0 {
		t.Errorf("a plain page is not self-contained: %q", problems)
	}
}

func TestSelfContainedProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, css, body string }{
		{"script", "", `<script></script>`},
		{"link", "", `<link rel="stylesheet"></link>`},
		{"img", "", `<img alt="x"></img>`},
		{"iframe", "", `<iframe></iframe>`},
		{"href", "", `<a href="#x">x</a>`},
		{"src", "", `<p src="x">x</p>`},
		{"handler", "", `<p onclick="x">x</p>`},
		{"style attribute", "", `<p style="color: red">x</p>`},
		{"url in attribute", "", `<p title="https://example.com">x</p>`},
		{"css import", `@import "x.css";`, ``},
		{"css url", `body { background: url(x.png); }`, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root, err := parse(testDoc(tc.css, tc.body))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if len(selfContainedProblems(root)) == 0 {
				t.Errorf("accepted css %q body %q", tc.css, tc.body)
			}
		})
	}
}
