package cli

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/landform/landform/internal/diff"
	"github.com/landform/landform/internal/stack"
)

// writePlan prints a plan for people. A new stack is summarised (counts by
// resource type, the security impact by severity with its error and high
// rows in full): listing hundreds of additions line by line hides the few
// that matter. verbose, like --output json, lists everything.
func writePlan(w io.Writer, p *stack.Plan, verbose bool) {
	state := "does not exist yet"
	if p.Exists {
		state = "is " + p.Status
	}
	fmt.Fprintf(w, "stack %s %s; template sent by %s\n", p.Stack, state, p.Method)
	if p.Note != "" {
		fmt.Fprintf(w, "note: %s\n", p.Note)
	}
	summary := !p.Exists && !verbose
	if cs := p.ChangeSet; cs != nil {
		switch {
		case cs.Empty:
			fmt.Fprintf(w, "\nchange set %s (%s): no changes\n", cs.Name, cs.Type)
		case summary:
			types := map[string]int{}
			for _, ch := range cs.Changes {
				types[ch.Type]++
			}
			fmt.Fprintf(w, "\nchange set %s (%s), %d resources to add: %s\n", cs.Name, cs.Type, len(cs.Changes), byCount(types))
		default:
			fmt.Fprintf(w, "\nchange set %s (%s), %d changes:\n", cs.Name, cs.Type, len(cs.Changes))
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  ACTION\tLOGICAL ID\tTYPE\tREPLACEMENT")
			for _, ch := range cs.Changes {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", ch.Action, ch.LogicalID, ch.Type, dash(ch.Replacement))
			}
			tw.Flush()
		}
	}
	if summary {
		writeCreated(w, p.Diff)
	} else {
		writeDiff(w, p.Diff)
	}
	writeSecurity(w, p.Diff.Security, p.Exists, verbose)
}

// writeCreated summarises the template of a new stack.
func writeCreated(w io.Writer, d diff.Result) {
	types := map[string]int{}
	for _, r := range d.Added {
		types[r.Type]++
	}
	fmt.Fprintf(w, "\nnew template: %d resources (%s), %d outputs; -v lists them\n", len(d.Added), byCount(types), len(d.Outputs))
}

func writeDiff(w io.Writer, d diff.Result) {
	if d.Empty() {
		fmt.Fprintln(w, "\ntemplate: same resources and outputs as deployed")
		return
	}
	fmt.Fprintf(w, "\ntemplate differences (deployed → new): %d added, %d removed, %d modified\n", len(d.Added), len(d.Removed), len(d.Modified))
	for _, r := range d.Added {
		fmt.Fprintf(w, "  + %s (%s)\n", r.LogicalID, r.Type)
	}
	for _, r := range d.Removed {
		fmt.Fprintf(w, "  - %s (%s)\n", r.LogicalID, r.Type)
	}
	for _, m := range d.Modified {
		fmt.Fprintf(w, "  ~ %s (%s)\n", m.LogicalID, m.Type)
		for _, c := range m.Changes {
			fmt.Fprintf(w, "      %s: %s → %s\n", c.Path, short(c.Old), short(c.New))
		}
	}
	for _, c := range d.Outputs {
		switch {
		case c.Old == nil:
			fmt.Fprintf(w, "  + output %s: %s\n", c.Path, short(c.New))
		case c.New == nil:
			fmt.Fprintf(w, "  - output %s (was %s)\n", c.Path, short(c.Old))
		default:
			fmt.Fprintf(w, "  ~ output %s: %s → %s\n", c.Path, short(c.Old), short(c.New))
		}
	}
}

// detailWidth is where a security row's detail wraps.
const detailWidth = 90

// writeSecurity prints the security impact: every row, or for a new stack
// without verbose the error and high rows and a count of the others.
func writeSecurity(w io.Writer, rows []diff.Impact, exists, verbose bool) {
	if len(rows) == 0 {
		fmt.Fprintln(w, "\nsecurity impact: none (no IAM permission, trust policy or security-group rule widened)")
		return
	}
	bySeverity := map[string]int{}
	for _, s := range rows {
		bySeverity[s.Severity]++
	}
	shown, hidden := rows, 0
	what := "security impact"
	if !exists {
		var counts []string
		for _, sev := range []string{"error", "high", "medium", "low"} {
			if n := bySeverity[sev]; n > 0 {
				counts = append(counts, fmt.Sprintf("%s %d", sev, n))
			}
		}
		what = fmt.Sprintf("security impact (new stack: everything it grants; %s)", strings.Join(counts, ", "))
		if !verbose {
			shown = slices.DeleteFunc(slices.Clone(rows), func(s diff.Impact) bool { return s.Severity != "error" && s.Severity != "high" })
			hidden = len(rows) - len(shown)
		}
	}
	fmt.Fprintf(w, "\n%s:\n", what)
	if len(shown) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  SEVERITY\tRESOURCE\tCHANGE\tDETAIL")
		for _, s := range shown {
			res := s.LogicalID
			if s.Policy != "" {
				res += " " + s.Policy
			}
			lines := wrap(s.Detail, detailWidth)
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", strings.ToUpper(s.Severity), res, s.Kind, lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(tw, "  \t\t\t%s\n", l)
			}
		}
		tw.Flush()
	}
	if hidden > 0 {
		fmt.Fprintf(w, "  and %d medium and low rows: -v or --output json lists them\n", hidden)
	}
}

// byCount is "AWS::IAM::Role 5, AWS::IAM::Group 3": most first, then by name.
func byCount(m map[string]int) string {
	keys := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(keys, func(a, b string) int { return m[b] - m[a] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// wrap breaks s at spaces into lines of at most width characters (a word
// longer than width gets a line of its own).
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
