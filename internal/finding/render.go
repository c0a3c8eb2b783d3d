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
		b.WriteString(f.Pos.String())
		b.WriteString(": ")
		b.WriteString(f.Severity.String())
		b.WriteString(" ")
		b.WriteString(f.Rule)
		if f.Path != "" {
			b.WriteString(" ")
			b.WriteString(f.Path)
		}
		b.WriteString(": ")
		b.WriteString(f.Message)
		b.WriteString("\n")
		if f.Hint != "" {
			b.WriteString("  hint: ")
			b.WriteString(f.Hint)
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

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
}

// ToJSON converts the list to its JSON shape; never nil, so it encodes as [].
func ToJSON(l List) []JSON {
	out := make([]JSON, 0, len(l))
	for _, f := range l {
		out = append(out, JSON{
			Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Hint: f.Hint,
			File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Column, Path: f.Path,
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
