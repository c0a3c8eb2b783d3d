package finding

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes one finding per line, in the shape editors and terminals
// link ("file:line:col: severity RULE path: message"), each followed by its
// hint on an indented line.
func WriteText(w io.Writer, l List) error {
	var b strings.Builder
	for _, f := range l {
		b.WriteString(textLine(f))
		b.WriteString("\n")
		if f.Hint != "" {
			b.WriteString("  hint: ")
			b.WriteString(oneLine(f.Hint))
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textLine renders a finding without its hint as one line:
// "file:line:col: severity RULE path: message".
func textLine(f Finding) string {
	var b strings.Builder
	b.WriteString(oneLine(f.Pos.String()))
	b.WriteString(": ")
	b.WriteString(f.Severity.String())
	b.WriteString(" ")
	b.WriteString(f.Rule)
	if f.Path != "" {
		b.WriteString(" ")
		b.WriteString(oneLine(f.Path))
	}
	b.WriteString(": ")
	b.WriteString(oneLine(f.Message))
	return b.String()
}

// oneLine escapes the control characters a value from the input may
// bring into a finding (a key with a newline, a tab, an escape sequence),
// so that each finding stays on its line and a terminal shows what the
// input holds rather than obeying it.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }

// JSON is the machine-readable shape of one finding.
type JSON struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Path     string `json:"path"`
	// Suppressed is who accepted the finding and why.
	Suppressed *Suppression `json:"suppressed,omitempty"`
}

// ToJSON converts the list to its JSON shape; never nil, so it encodes as [].
func ToJSON(l List) []JSON {
	out := make([]JSON, 0, len(l))
	for _, f := range l {
		out = append(out, JSON{
			Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Hint: f.Hint,
			File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Column, Path: f.Path, Suppressed: f.Suppressed,
		})
	}
	return out
}

// Summary returns "2 errors, 1 warning" style counts.
func Summary(l List) string {
	return fmt.Sprintf("%s, %s", plural(l.Count(Error), "error"), plural(l.Count(Warning), "warning"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
