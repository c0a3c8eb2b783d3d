package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/finding"
)

// failOn is the --fail-on flag: the least severity that fails the command.
type failOn struct{ app *App }

func (f failOn) String() string { return f.app.FailOn.String() }
func (f failOn) Type() string   { return "severity" }

func (f failOn) Set(s string) error {
	sev, ok := finding.ParseSeverity(s)
	if !ok {
		return fmt.Errorf("%q is not a severity: use error, warning or note", s)
	}
	f.app.FailOn = sev
	return nil
}

// registerFailOn adds --fail-on to a command that reports findings.
func registerFailOn(cmd *cobra.Command, app *App) {
	cmd.Flags().Var(failOn{app}, "fail-on", "the least severity that fails the command and stops it before writing or AWS: error, warning or note")
}

// fails reports whether findings fail the command at --fail-on.
func (a *App) fails(fs finding.List) bool { return fs.AtLeast(a.FailOn) }

// verdict is a file's one-line result: valid, failing --fail-on (with no
// error), or invalid.
func (a *App) verdict(valid bool, fs finding.List) string {
	switch {
	case valid:
		return "valid (" + finding.Summary(fs) + ")"
	case !fs.HasErrors() && a.fails(fs):
		return "fails --fail-on " + a.FailOn.String() + " (" + finding.Summary(fs) + ")"
	}
	return "invalid (" + finding.Summary(fs) + ")"
}

// registerReport adds --report to a read-only query, which writes nothing
// under reports/ unless asked.
func registerReport(cmd *cobra.Command, app *App, what string) {
	cmd.Flags().BoolVar(&app.Report, "report", false, "also write "+what+" under reports/")
}
