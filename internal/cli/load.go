package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/workdir"
)

// loadConfig reads and loads one config file. An unreadable file is an
// error; everything wrong inside it is a finding.
func (a *App) loadConfig(file string) (all.Loaded, finding.List, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return all.Loaded{}, nil, fmt.Errorf("reading config %s: %w", file, unwrapPathError(err))
	}
	l, fs, err := all.Load(file, data, a.Env())
	if err != nil {
		return l, fs, err
	}
	if a.Verbose && l.Note != "" {
		fmt.Fprintln(a.IO.ErrOut, l.Note)
	}
	return l, fs, nil
}

// runLog collects what a command did, for reports/{stem}-{command}-{ts}.log.
type runLog struct {
	lines []string
}

func (l *runLog) printf(format string, args ...any) {
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *runLog) findings(fs finding.List) {
	var b strings.Builder
	_ = finding.WriteText(&b, fs)
	for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		if line != "" {
			l.lines = append(l.lines, line)
		}
	}
}

// writeLog writes the run's log under reports/. A log that cannot be written
// is reported as a warning: the command's own result stands.
func (a *App) writeLog(stem, command string, l *runLog) {
	if a.DryRun {
		return
	}
	now := a.Now().UTC()
	name := fmt.Sprintf("%s-%s-%s.log", stem, command, now.Format("20060102T150405Z"))
	var b strings.Builder
	fmt.Fprintf(&b, "%s landform %s\n", now.Format("2006-01-02T15:04:05Z"), command)
	for _, line := range l.lines {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	path := a.Dir().Path("reports", name)
	if err := workdir.WriteFile(path, []byte(b.String())); err != nil {
		fmt.Fprintf(a.IO.ErrOut, "warning: %v\n", err)
	}
}
