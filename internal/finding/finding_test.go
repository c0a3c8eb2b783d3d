package finding

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	var l List
	l.Warnf("LF-SEC-016", Pos{File: "b.yaml", Line: 3, Column: 5}, "security.x", "", "second file")
	l.Errorf("LF-SEC-004", Pos{File: "a.yaml", Line: 23, Column: 17}, "security_groups.tiers[2]", "allow it from the app tier", "port %d is open", 5432)
	l.Errorf("LF-CFG-001", Pos{File: "a.yaml"}, "", "", "file too large")
	l.Sort()
	var b strings.Builder
	if err := WriteText(&b, l); err != nil {
		t.Fatal(err)
	}
	want := `a.yaml: error LF-CFG-001: file too large
a.yaml:23:17: error LF-SEC-004 security_groups.tiers[2]: port 5432 is open
  hint: allow it from the app tier
b.yaml:3:5: warning LF-SEC-016 security.x: second file
`
	if b.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", b.String(), want)
	}
	raw, _ := json.Marshal(ToJSON(l))
	if !strings.Contains(string(raw), `{"rule":"LF-SEC-004","severity":"error","message":"port 5432 is open","hint":"allow it from the app tier","file":"a.yaml","line":23,"column":17,"path":"security_groups.tiers[2]"}`) {
		t.Errorf("json: %s", raw)
	}
	if got := Summary(l); got != "2 errors, 1 warning" {
		t.Errorf("Summary = %q", got)
	}
	if !l.HasErrors() || (List{}).HasErrors() {
		t.Error("HasErrors wrong")
	}
	if raw, _ := json.Marshal(ToJSON(nil)); string(raw) != "[]" {
		t.Errorf("empty list encodes as %s, want []", raw)
	}
}

// A value from the input with control characters cannot break a finding
// over lines or send a terminal escape.
func TestWriteTextOneLine(t *testing.T) {
	var b strings.Builder
	l := List{{Rule: "LF-CFG-024", Severity: Error, Pos: Pos{File: "c.yaml", Line: 3, Column: 1}, Path: "tags[\"a\nb\"]",
		Message: "key `a\nb\x1b[31m` is not an allowed name here", Hint: "rename\tthe key"}}
	if err := WriteText(&b, l); err != nil {
		t.Fatal(err)
	}
	want := "c.yaml:3:1: error LF-CFG-024 tags[\"a\\nb\"]: key `a\\nb\\x1b[31m` is not an allowed name here\n  hint: rename\\tthe key\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}
