package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/workdir"
)

// builder is the artifact stage as this run configures it: the kinds,
// the assets and compiled schemas, --workdir and --account. format is
// the templates' encoding; suffix, when set, makes test copies.
func (a *App) builder(format cfn.Format, suffix func() string) *artifact.Builder {
	set, _ := a.suppressions() // an unreadable file fails the command that reports it
	return &artifact.Builder{Kinds: a.kinds(), Env: a.Env(), Dir: a.Dir(), Format: format, Account: a.Account, Suffix: suffix, Suppressions: set}
}

// build reads one config file and builds its artifacts, once. An
// unreadable file is an error and an --account the config does not have a
// usage error; everything wrong inside the config is a finding.
func (a *App) build(b *artifact.Builder, file string) (*artifact.Config, error) {
	c, err, ok := a.ahead.take(b, file)
	if !ok {
		c, err = readAndBuild(b, file)
	}
	var ae *artifact.AccountError
	if errors.As(err, &ae) {
		return nil, usageErrorf("%v", ae)
	}
	if err != nil {
		return nil, err
	}
	if a.Verbose && c.Note != "" {
		fmt.Fprintln(a.IO.ErrOut, c.Note)
	}
	return c, nil
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
		return
	}
	a.pruneLogs(filepath.Dir(path), stem+"-"+command+"-")
}

// keptLogs is how many logs of one stem and command reports/ keeps: the
// newest, so a CI job that runs every few minutes does not fill the disk.
const keptLogs = 20

// pruneLogs removes the logs named prefix + UTC timestamp + ".log" beyond
// the newest keptLogs (the timestamps sort as the names do).
func (a *App) pruneLogs(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var logs []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if ok && strings.HasSuffix(rest, "Z.log") && len(rest) == len("20060102T150405Z.log") {
			logs = append(logs, e.Name())
		}
	}
	slices.Sort(logs)
	for _, name := range logs[:max(0, len(logs)-keptLogs)] {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			fmt.Fprintf(a.IO.ErrOut, "warning: %v\n", err)
		}
	}
}

// loadSpec builds one config for the commands that work on its spec
// (export, review, describe access): the findings about the config, and
// the templates' own too when an error in them stops the config. The
// caller goes on only with a spec and no error-severity finding.
func (a *App) loadSpec(file string) (*artifact.Config, finding.List, error) {
	c, err := a.build(a.builder(cfn.YAML, nil), file)
	if err != nil {
		return nil, nil, err
	}
	fs := c.OfConfig()
	if c.Findings.HasErrors() && !fs.HasErrors() {
		fs = c.Findings
	}
	return c, fs, nil
}
