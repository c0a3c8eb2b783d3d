package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/suppress"
)

// suppressions loads the reviewed suppressions file once per run:
// --suppressions FILE, or landform.suppressions.yaml next to the first -c
// config (in a -c directory), else in the current directory. No file is no
// suppressions; a named file that is missing is an error. The file's own
// findings (a shape error, an expired entry, an unknown rule) wait in
// a.supFindings for the command's report.
func (a *App) suppressions() (*suppress.Set, error) {
	if a.supLoaded {
		return a.sup, a.supErr
	}
	a.supLoaded = true
	file := a.SuppressionsFile
	if file == "" {
		file = a.defaultSuppressions()
		if file == "" {
			return nil, nil
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		a.supErr = fmt.Errorf("reading the suppressions file %s: %w", file, unwrapPathError(err))
		return nil, a.supErr
	}
	known := map[string]bool{}
	for _, r := range artifact.Rules(a.kinds()) {
		known[r.ID] = true
	}
	set, fs := suppress.Load(file, data, func(rule string) bool { return known[rule] }, a.Now())
	a.sup, a.supFindings = set, fs
	if a.Verbose && set != nil {
		fmt.Fprintf(a.IO.ErrOut, "suppressions: %d entries from %s\n", len(set.Entries), file)
	}
	return set, nil
}

func (a *App) defaultSuppressions() string {
	dirs := []string{"."}
	if len(a.ConfigFiles) > 0 {
		first := a.ConfigFiles[0]
		if st, err := os.Stat(first); err == nil && st.IsDir() {
			dirs = append([]string{first}, dirs...)
		} else {
			dirs = append([]string{filepath.Dir(first)}, dirs...)
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, suppress.DefaultFile)
		if _, err := os.Stat(p); err == nil {
			return p
		} else if !errors.Is(err, fs.ErrNotExist) {
			return p // unreadable: reading it says why
		}
	}
	return ""
}

// suppressionReport is what the suppressions file has to say once the
// command read every input: its own findings, then the entries that
// matched nothing in the files the run read.
func (a *App) suppressionReport() finding.List {
	out := append(finding.List{}, a.supFindings...)
	return append(out, a.sup.Unused()...)
}

// writeSuppressionReport prints the report as validate and check print a
// file's findings, with a verdict line; it returns whether it fails.
func (a *App) writeSuppressionReport(fs finding.List) (bool, error) {
	if len(fs) == 0 {
		return false, nil
	}
	fails := a.fails(fs)
	if a.Text() {
		if err := finding.WriteText(a.IO.Out, fs); err != nil {
			return fails, err
		}
		fmt.Fprintf(a.IO.Out, "%s: %s\n", fs[0].Pos.File, a.verdict(!fails, fs))
	}
	return fails, nil
}

// withSuppressionReport ends a command that writes its findings to stderr
// (generate, plan): the report goes there too, and an error in it fails a
// run that did not fail already.
func (a *App) withSuppressionReport(err error) error {
	fs := a.suppressionReport()
	if len(fs) == 0 {
		return err
	}
	if werr := finding.WriteText(a.IO.ErrOut, fs); werr != nil {
		return werr
	}
	fmt.Fprintf(a.IO.ErrOut, "%s: %s\n", fs[0].Pos.File, a.verdict(!a.fails(fs), fs))
	if err == nil && a.fails(fs) {
		return errFindings
	}
	return err
}
