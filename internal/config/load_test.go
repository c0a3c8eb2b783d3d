package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/landform/landform/internal/finding"
)

func TestLoadRejects(t *testing.T) {
	billion := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i, prev := 0, "a"; i < 8; i++ {
		name := string(rune('b' + i))
		billion += name + ": &" + name + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = name
	}
	mergeBudget := "a: &a [x, x]\n"
	for i := 0; i <= 2500; i++ {
		mergeBudget += fmt.Sprintf("m%d: {<<: *a}\n", i)
	}
	tests := []struct {
		name     string
		in       string
		rule     string
		line     int
		col      int
		path     string
		wantHint string
	}{
		{"too large", "k: " + strings.Repeat("x", MaxFileBytes), "LF-CFG-001", 0, 0, "", "split"},
		{"not utf-8", "kind: sec\nname: caf\xe9\n", "LF-CFG-002", 2, 10, "", "UTF-8"},
		{"empty", "\n  \n", "LF-CFG-008", 0, 0, "", "sections"},
		{"two documents", "kind: sec\n---\nkind: sec\n", "LF-CFG-008", 3, 1, "", "one config"},
		{"duplicate key", "kind: sec\ntier: startup\ntier: medium\n", "LF-CFG-004", 3, 1, "", "remove one"},
		{"syntax error", "kind: sec\nname: \"unterminated\n", "LF-CFG-003", 0, 0, "", "syntax"},
		{"yes is a trap", "kind: sec\nenv: yes\n", "LF-CFG-006", 2, 6, "env", `"yes"`},
		{"off is a trap", "a:\n  b: [x, off]\n", "LF-CFG-006", 2, 10, "a.b[1]", "true or false"},
		{"leading zero", "account_id: 012345678901\n", "LF-CFG-007", 1, 13, "account_id", `"012345678901"`},
		{"billion laughs", billion, "LF-CFG-005", 0, 0, "", "fewer nested aliases"},
		// Found by FuzzLoadConfig in CI: a merge of an expansion that ran
		// out of budget reported a second error with no position.
		// Found by FuzzLoadConfig in CI: when the alias budget ran out on
		// the alias of a merge key, a second error had no position.
		{"alias budget spent by merges", mergeBudget, "LF-CFG-005", 0, 0, "", "fewer nested aliases"},
		{"root is a list", "- a\n- b\n", "LF-CFG-009", 1, 1, "", "kind:"},
		{"unsupported tag", "kind: !Ref sec\n", "LF-CFG-010", 1, 7, "kind", "remove the tag"},
		{"undefined alias", "a: *nope\n", "LF-CFG-003", 0, 0, "a", "define the anchor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, fs := Load("c.yaml", []byte(tt.in))
			f := first(fs, tt.rule)
			if f == nil {
				t.Fatalf("no %s finding; got %+v", tt.rule, fs)
			}
			if tt.line != 0 && f.Pos.Line != tt.line {
				t.Errorf("line = %d, want %d", f.Pos.Line, tt.line)
			}
			if tt.col != 0 && f.Pos.Column != tt.col {
				t.Errorf("column = %d, want %d", f.Pos.Column, tt.col)
			}
			for _, f := range fs {
				if f.Pos.File != "c.yaml" {
					t.Errorf("finding %s %q names file %q, want c.yaml", f.Rule, f.Message, f.Pos.File)
				}
			}
			if tt.path != "" && f.Path != tt.path {
				t.Errorf("path = %q, want %q", f.Path, tt.path)
			}
			if !strings.Contains(f.Hint, tt.wantHint) {
				t.Errorf("hint %q does not mention %q", f.Hint, tt.wantHint)
			}
			if !fs.HasErrors() {
				t.Error("finding is not an error")
			}
			_ = doc
		})
	}
}

func first(fs finding.List, rule string) *finding.Finding {
	for i := range fs {
		if fs[i].Rule == rule {
			return &fs[i]
		}
	}
	return nil
}

func TestLoadPositionsAndValues(t *testing.T) {
	in := `kind: sec
client:
  account_id: "012345678901"
  quoted_no: "no"
list:
  - name: a
    n: 3
  - name: b
base: &base {x: 1, y: two}
merged:
  <<: *base
  y: three
`
	doc, fs := Load("c.yaml", []byte(in))
	if len(fs) != 0 || doc == nil {
		t.Fatalf("unexpected findings: %+v", fs)
	}
	cases := []struct {
		path      string
		value     any
		line, col int
	}{
		{"kind", "sec", 1, 7},
		{"client.account_id", "012345678901", 3, 15},
		{"client.quoted_no", "no", 4, 14},
		{"list[1].name", "b", 8, 11},
		{"merged.y", "three", 12, 6},
	}
	for _, c := range cases {
		n := doc.Lookup(c.path)
		if n == nil {
			t.Errorf("%s: not found", c.path)
			continue
		}
		if n.Value != c.value {
			t.Errorf("%s = %#v, want %#v", c.path, n.Value, c.value)
		}
		if n.Pos.Line != c.line || n.Pos.Column != c.col {
			t.Errorf("%s at %d:%d, want %d:%d", c.path, n.Pos.Line, n.Pos.Column, c.line, c.col)
		}
	}
	if got := doc.Root.Get("merged").Get("x"); got == nil || got.Text != "1" {
		t.Errorf("merge key did not bring x in: %+v", got)
	}
	if got := doc.KeyPos("list[1].name"); got.Line != 8 || got.Column != 5 {
		t.Errorf("key position of list[1].name = %v, want 8:5", got)
	}
	if got := doc.Pos("list[1].missing"); got.Line != 8 {
		t.Errorf("missing path should fall back to its parent, got %v", got)
	}
}

// FuzzLoadConfig checks Load's invariants on any input: it never panics, a
// nil document always comes with an error finding, and every finding names
// the file and a line inside the input.
func FuzzLoadConfig(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		doc, fs := Load("fuzz.yaml", in)
		if doc == nil && !fs.HasErrors() {
			t.Fatalf("nil document without an error finding")
		}
		// YAML breaks lines at \n, \r\n and a lone \r.
		lines := bytes.Count(in, []byte("\n")) + bytes.Count(in, []byte("\r")) - bytes.Count(in, []byte("\r\n")) + 1
		for _, f := range fs {
			if f.Pos.File != "fuzz.yaml" {
				t.Fatalf("finding without the file: %+v", f)
			}
			if f.Pos.Line < 0 || f.Pos.Line > lines {
				t.Fatalf("finding at line %d of a %d-line input: %+v", f.Pos.Line, lines, f)
			}
			if f.Rule == "" || f.Message == "" {
				t.Fatalf("finding without rule or message: %+v", f)
			}
		}
		if doc != nil {
			_ = doc.Root.Interface()
		}
	})
}

// TestDecodeJSONAsEncodingJSON: the JSON Decode writes from a tree reads
// back as the tree's values do through encoding/json: strings with quotes,
// escapes, HTML characters and non-ASCII text, numbers, booleans, nulls,
// nesting and document order.
func TestDecodeJSONAsEncodingJSON(t *testing.T) {
	doc, fs := Load("c.yaml", []byte(`kind: sec
name: "a \"quoted\" <b>&amp; name\ttab é ☃"
count: 12
ratio: 1.5e3
negative: -7
enabled: true
none: null
empty: ~
list: [1, "two", {three: 3}, [], {}]
nested: {z: 1, a: {b: [x, w]}}
`))
	if doc == nil || fs.HasErrors() {
		t.Fatalf("%v", fs)
	}
	var b bytes.Buffer
	if err := appendJSON(&b, doc.Root); err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(doc.Root.Interface())
	if err != nil {
		t.Fatal(err)
	}
	var got, exp any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%s: %v", b.Bytes(), err)
	}
	if err := json.Unmarshal(want, &exp); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("appendJSON reads back as\n%v\nencoding/json's as\n%v", got, exp)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte(`{"kind":"sec","name":`)) {
		t.Errorf("entries not in document order: %s", b.Bytes())
	}
}
