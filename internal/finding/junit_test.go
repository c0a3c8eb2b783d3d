package finding_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/joshdk/go-junit"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/testutil"
)

var junitRules = []finding.Rule{
	{ID: "LF-CFN-002", Severity: finding.Error, Summary: "Ref to an unknown resource"},
	{ID: "LF-IAM-003", Severity: finding.Warning, Summary: "policy allows every action"},
	{ID: "LF-CFN-014", Severity: finding.Note, Summary: "template is large"},
}

var junitFiles = []string{"a.yaml", "b.yaml", "empty.yaml"}

// junitFindings has, across two listed files and one unlisted one, a finding
// of each severity, a rule missing from junitRules and a whole-file finding.
func junitFindings() finding.List {
	var l finding.List
	l.Errorf("LF-CFN-002", finding.Pos{File: "a.yaml", Line: 3, Column: 9}, "Resources.A.Properties.X", "name a resource", "Ref to unknown %q", "B")
	l.Warnf("LF-IAM-003", finding.Pos{File: "a.yaml", Line: 10, Column: 1}, "", "", "wide")
	l.Add(finding.Finding{Rule: "LF-CFN-014", Severity: finding.Note, Pos: finding.Pos{File: "a.yaml"}, Path: "Resources", Message: "big"})
	l.Errorf("LF-ZZZ-999", finding.Pos{File: "b.yaml", Line: 4, Column: 2}, "", "", "from a rule nobody listed")
	l.Warnf("LF-IAM-003", finding.Pos{File: "b.yaml", Line: 7, Column: 5}, "Resources.P", "list the actions", "allows *")
	l.Warnf("LF-AAA-001", finding.Pos{File: "b.yaml", Line: 1, Column: 1}, "", "", "also unlisted, sorts first")
	l.Errorf("LF-CFN-002", finding.Pos{File: "c.yaml", Line: 1, Column: 1}, "Resources.C", "", "not among the files")
	return l
}

func writeJUnit(t *testing.T, failOn finding.Severity, files []string, l finding.List) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := finding.WriteJUnit(&b, finding.Tool{Name: "landform", Version: "0.1.0"}, files, junitRules, failOn, l); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestJUnitIngest(t *testing.T) {
	// Every testcase in order, with its status when failing on errors and
	// when failing on warnings.
	want := []struct{ suite, name, atError, atWarning string }{
		{"a.yaml", "LF-CFN-002 Resources.A.Properties.X", "failed", "failed"},
		{"a.yaml", "LF-IAM-003 line 10", "passed", "failed"},
		{"a.yaml", "LF-CFN-014 Resources", "passed", "passed"},
		{"b.yaml", "LF-CFN-002 Ref to an unknown resource", "passed", "passed"},
		{"b.yaml", "LF-IAM-003 Resources.P", "passed", "failed"},
		{"b.yaml", "LF-CFN-014 template is large", "passed", "passed"},
		{"b.yaml", "LF-AAA-001 line 1", "passed", "failed"},
		{"b.yaml", "LF-ZZZ-999 line 4", "failed", "failed"},
		{"empty.yaml", "LF-CFN-002 Ref to an unknown resource", "passed", "passed"},
		{"empty.yaml", "LF-IAM-003 policy allows every action", "passed", "passed"},
		{"empty.yaml", "LF-CFN-014 template is large", "passed", "passed"},
		{"c.yaml", "LF-CFN-002 Resources.C", "failed", "failed"},
		{"c.yaml", "LF-IAM-003 policy allows every action", "passed", "passed"},
		{"c.yaml", "LF-CFN-014 template is large", "passed", "passed"},
	}
	for _, failOn := range []finding.Severity{finding.Error, finding.Warning} {
		t.Run(failOn.String(), func(t *testing.T) {
			suites, err := junit.Ingest(writeJUnit(t, failOn, junitFiles, junitFindings()))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			failed := 0
			for _, s := range suites {
				for _, tc := range s.Tests {
					if tc.Classname != s.Name {
						t.Errorf("%s: classname %q, want the suite's name", tc.Name, tc.Classname)
					}
					got = append(got, s.Name+" | "+tc.Name+" | "+string(tc.Status))
				}
				failed += s.Totals.Failed
				if s.Name == "empty.yaml" && (s.Totals.Passed != len(junitRules) || s.Totals.Tests != len(junitRules)) {
					t.Errorf("empty.yaml: totals %+v, want %d passing tests", s.Totals, len(junitRules))
				}
			}
			var wantLines []string
			wantFailed := 0
			for _, w := range want {
				status := w.atError
				if failOn == finding.Warning {
					status = w.atWarning
				}
				if status == "failed" {
					wantFailed++
				}
				wantLines = append(wantLines, w.suite+" | "+w.name+" | "+status)
			}
			if g, w := strings.Join(got, "\n"), strings.Join(wantLines, "\n"); g != w {
				t.Errorf("testcases:\n%s\nwant:\n%s", g, w)
			}
			if failed != wantFailed {
				t.Errorf("%d failed, want %d", failed, wantFailed)
			}
		})
	}
}

func TestJUnitFailureAndOutputText(t *testing.T) {
	suites, err := junit.Ingest(writeJUnit(t, finding.Error, junitFiles, junitFindings()))
	if err != nil {
		t.Fatal(err)
	}
	fail, pass := suites[0].Tests[0], suites[1].Tests[1]
	if fail.Message != `Ref to unknown "B"` || fail.Error == nil {
		t.Fatalf("failing testcase: %+v", fail)
	}
	if got, want := fail.Error.Error(), "a.yaml:3:9: error LF-CFN-002 Resources.A.Properties.X: Ref to unknown \"B\"\nhint: name a resource"; got != want {
		t.Errorf("failure text %q, want %q", got, want)
	}
	if e, ok := fail.Error.(junit.Error); !ok || e.Type != "error" {
		t.Errorf("failure type: %#v", fail.Error)
	}
	if got, want := pass.SystemOut, "b.yaml:7:5: warning LF-IAM-003 Resources.P: allows *\nhint: list the actions"; got != want || pass.Error != nil {
		t.Errorf("passing testcase output %q (error %v), want %q", got, pass.Error, want)
	}
}

func TestJUnitControlCharacters(t *testing.T) {
	var l finding.List
	l.Errorf("LF-CFN-002", finding.Pos{File: "a.yaml", Line: 1, Column: 1}, "Resources.\x1bX", "quote <it> & \"go\"", "two\nlines \x1b[31mred\x00 <&\" \uFFFE end")
	out := writeJUnit(t, finding.Error, []string{"a.yaml"}, l)
	if bytes.ContainsAny(out, "\x1b\x00") {
		t.Errorf("raw control characters in the output:\n%q", out)
	}
	// encoding/xml's decoder rejects characters XML 1.0 cannot hold.
	if err := xml.Unmarshal(out, new(any)); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	suites, err := junit.Ingest(out)
	if err != nil {
		t.Fatal(err)
	}
	tc := suites[0].Tests[0]
	wantMsg := `two\nlines \x1b[31mred\x00 <&" ` + "\uFFFD end"
	if tc.Message != wantMsg {
		t.Errorf("message %q, want %q", tc.Message, wantMsg)
	}
	if tc.Name != `LF-CFN-002 Resources.\x1bX` {
		t.Errorf("name %q", tc.Name)
	}
	wantText := `a.yaml:1:1: error LF-CFN-002 Resources.\x1bX: ` + wantMsg + "\nhint: quote <it> & \"go\""
	if tc.Error == nil || tc.Error.Error() != wantText {
		t.Errorf("failure text %v, want %q", tc.Error, wantText)
	}
}

// xmlSuites decodes the report independently of go-junit, keeping the
// attributes as written and the elements as found.
type xmlSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Failures []struct{} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitCounts(t *testing.T) {
	for _, tt := range []struct {
		name                  string
		failOn                finding.Severity
		files                 []string
		l                     finding.List
		tests, failed, suites int
	}{
		{"errors", finding.Error, junitFiles, junitFindings(), 14, 3, 4},
		{"warnings", finding.Warning, junitFiles, junitFindings(), 14, 6, 4},
		{"notes", finding.Note, junitFiles, junitFindings(), 14, 7, 4},
		{"file named twice", finding.Error, []string{"a.yaml", "a.yaml"}, junitFindings(), 11, 3, 3},
		{"nothing", finding.Error, nil, nil, 0, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var doc xmlSuites
			if err := xml.Unmarshal(writeJUnit(t, tt.failOn, tt.files, tt.l), &doc); err != nil {
				t.Fatal(err)
			}
			tests, failed := 0, 0
			for _, s := range doc.Suites {
				sf := 0
				for _, c := range s.Cases {
					if len(c.Failures) > 1 {
						t.Errorf("%s: a testcase with %d failures", s.Name, len(c.Failures))
					}
					sf += len(c.Failures)
				}
				if s.Tests != len(s.Cases) || s.Failures != sf || s.Skipped != 0 {
					t.Errorf("%s: tests=%d failures=%d skipped=%d, but %d testcases and %d failures", s.Name, s.Tests, s.Failures, s.Skipped, len(s.Cases), sf)
				}
				tests += len(s.Cases)
				failed += sf
			}
			if doc.Tests != tests || doc.Failures != failed {
				t.Errorf("testsuites: tests=%d failures=%d, but %d testcases and %d failures", doc.Tests, doc.Failures, tests, failed)
			}
			if tests != tt.tests || failed != tt.failed || len(doc.Suites) != tt.suites {
				t.Errorf("%d suites, %d tests, %d failures; want %d, %d, %d", len(doc.Suites), tests, failed, tt.suites, tt.tests, tt.failed)
			}
		})
	}
}

func TestJUnitDeterministic(t *testing.T) {
	first := writeJUnit(t, finding.Warning, junitFiles, junitFindings())
	// Several writes, so that map iteration order would show if it leaked.
	for range 10 {
		if again := writeJUnit(t, finding.Warning, junitFiles, junitFindings()); !bytes.Equal(first, again) {
			t.Fatalf("two writes differ:\n%s\n---\n%s", first, again)
		}
	}
}

func TestJUnitGolden(t *testing.T) {
	l := junitFindings()
	l.Errorf("LF-CFN-002", finding.Pos{File: "b.yaml", Line: 2, Column: 3}, "Resources.Q", "", "escaped: \x1b[1m <&\" \n")
	testutil.Golden(t, "testdata/junit.golden", writeJUnit(t, finding.Warning, junitFiles, l))
}
