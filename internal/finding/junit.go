package finding

import (
	"encoding/xml"
	"io"
	"slices"
	"strconv"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the findings of the given input files as one JUnit XML
// report, for CI systems that show test results but not SARIF. It follows
// cfn-lint's --format junit in naming a passing testcase per rule
// "RULEID summary", and departs from it where CI tools would lose findings:
// each file is a testsuite (in files order, then any other file a finding
// names, sorted), and each finding is its own testcase named by its rule and
// its path (or "line N"), listed by rule in rules order, then by rule id for
// rules missing from rules. A finding of severity failOn or graver is a
// failure; a milder one passes, with its text in system-out. Findings keep
// their list order within a rule; Sort the list first for output that does
// not depend on the order checks ran in.
func WriteJUnit(w io.Writer, tool Tool, files []string, rules []Rule, failOn Severity, l List) error {
	byFile := map[string]List{}
	for _, f := range l {
		byFile[f.Pos.File] = append(byFile[f.Pos.File], f)
	}
	var others []string
	for file := range byFile {
		if !slices.Contains(files, file) {
			others = append(others, file)
		}
	}
	slices.Sort(others)
	doc := junitSuites{Name: tool.Name}
	seen := map[string]bool{}
	for _, file := range append(slices.Clone(files), others...) {
		if seen[file] {
			continue // a file named twice is reported once
		}
		seen[file] = true
		s := newJUnitSuite(file, rules, failOn, byFile[file])
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Suites = append(doc.Suites, s)
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, xml.Header+string(out)+"\n")
	return err
}

// newJUnitSuite builds the testsuite of one file from that file's findings.
func newJUnitSuite(file string, rules []Rule, failOn Severity, l List) junitSuite {
	s := junitSuite{Name: oneLine(file)}
	byRule := map[string]List{}
	for _, f := range l {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	add := func(c junitCase) {
		s.Cases = append(s.Cases, c)
		if c.Failure != nil {
			s.Failures++
		}
	}
	listed := map[string]bool{}
	for _, r := range rules {
		if listed[r.ID] {
			continue
		}
		listed[r.ID] = true
		if len(byRule[r.ID]) == 0 {
			add(junitCase{Classname: s.Name, Name: oneLine(r.ID + " " + r.Summary)})
		}
		for _, f := range byRule[r.ID] {
			add(newJUnitCase(s.Name, f, failOn))
		}
	}
	var unlisted []string
	for id := range byRule {
		if !listed[id] {
			unlisted = append(unlisted, id)
		}
	}
	slices.Sort(unlisted)
	for _, id := range unlisted {
		for _, f := range byRule[id] {
			add(newJUnitCase(s.Name, f, failOn))
		}
	}
	s.Tests = len(s.Cases)
	return s
}

// newJUnitCase turns one finding into a testcase, failed when the finding is
// of severity failOn or graver (the comparison List.AtLeast makes).
//
// Every value from the input goes through oneLine, which writes each C0
// control character as \n, \t or \xNN. Those are the characters XML 1.0
// cannot hold (bar U+FFFE and U+FFFF, which encoding/xml replaces with
// U+FFFD), so the document always parses and shows what the input held.
func newJUnitCase(classname string, f Finding, failOn Severity) junitCase {
	where := f.Path
	if where == "" {
		where = "line " + strconv.Itoa(f.Pos.Line)
	}
	c := junitCase{Classname: classname, Name: oneLine(f.Rule + " " + where)}
	text := textLine(f)
	if f.Hint != "" {
		text += "\nhint: " + oneLine(f.Hint)
	}
	if f.Severity <= failOn {
		c.Failure = &junitFailure{Type: f.Severity.String(), Message: oneLine(f.Message), Text: text}
	} else {
		c.SystemOut = text
	}
	return c
}
