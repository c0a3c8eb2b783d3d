package finding

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity ranks a finding. Only Error fails a command.
type Severity int

// Severities, from worst to mildest.
const (
	Error Severity = iota
	Warning
	Note
)

// String returns the lower-case name used in text and JSON output.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "note"
	}
}

// Pos is a position in a named input file. Line and Column are 1-based; a zero
// Line means the finding has no position inside the file.
type Pos struct {
	File   string
	Line   int
	Column int
}

// String renders "file:line:col", or just the file when the line is unknown.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Finding is one thing wrong with the user's input.
type Finding struct {
	Rule     string   // "LF-SEC-004"
	Severity Severity // Error, Warning, Note
	Pos      Pos      // where in the input; Line is 0 for whole-file findings
	Path     string   // "security.iam_groups[2].name" or "Resources.DbSG.Properties"
	Message  string   // what is wrong: one line, lower case, no final period
	Hint     string   // how to fix it, in the imperative; may be empty
	// Suppressed says who accepted the finding and why, when someone did:
	// it is then a note, and fails nothing.
	Suppressed *Suppression
}

// Suppression is an accepted finding's record: where it was accepted, by
// whom, why and until when.
type Suppression struct {
	// Kind is "external" (a suppressions file) or "inSource" (the
	// template's own Metadata), as SARIF names them.
	Kind    string `json:"kind"`
	By      string `json:"by"` // "landform.suppressions.yaml:4:5", or "Resources.X.Metadata.landform.suppress"
	Reason  string `json:"reason"`
	Owner   string `json:"owner,omitempty"`
	Expires string `json:"expires,omitempty"` // YYYY-MM-DD
	// Severity is what the finding was before it was suppressed.
	Severity string `json:"severity"`
}

// Suppress makes f a note that says who accepted it and why.
func (f *Finding) Suppress(s Suppression) {
	s.Severity = f.Severity.String()
	f.Severity = Note
	f.Suppressed = &s
	who := s.By
	if s.Owner != "" {
		who += ", owner " + s.Owner
	}
	if s.Expires != "" {
		who += ", until " + s.Expires
	}
	f.Message = fmt.Sprintf("%s (suppressed by %s: %s)", f.Message, who, s.Reason)
}

// List is an ordered collection of findings.
type List []Finding

// Add appends a finding.
func (l *List) Add(f Finding) { *l = append(*l, f) }

// Errorf appends an error finding.
func (l *List) Errorf(rule string, pos Pos, path, hint, format string, args ...any) {
	l.Add(Finding{Rule: rule, Severity: Error, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf appends a warning finding.
func (l *List) Warnf(rule string, pos Pos, path, hint, format string, args ...any) {
	l.Add(Finding{Rule: rule, Severity: Warning, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(f Finding) bool { return f.Severity == Error })
}

// AtLeast reports whether a finding is of severity s or graver (an error is
// graver than a warning, a warning than a note).
func (l List) AtLeast(s Severity) bool {
	return slices.ContainsFunc(l, func(f Finding) bool { return f.Severity <= s })
}

// ParseSeverity reads "error", "warning" or "note".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "note":
		return Note, true
	}
	return Error, false
}

// Count returns the number of findings of severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, f := range l {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders findings by file, line, column, rule and message, so output
// does not depend on the order checks ran in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
