package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/aws/smithy-go"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/estate"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/workdir"
)

// defaultParallel is how many stacks of an estate run at once when neither
// --parallel nor estate.yaml says.
const defaultParallel = 4

// builtEstate is the configs of a run as one estate, with everything found
// on the way: estate.yaml's, each config's and the wiring's.
type builtEstate struct {
	File     string // estate.yaml
	Estate   *estate.Estate
	Configs  []*artifact.Config
	Findings finding.List
}

// buildEstate builds every config and the estate they make. spec is the
// estate file ("" for none: then the configs are an estate without
// external declarations, as graph draws it).
func (a *App) buildEstate(b *artifact.Builder, files []string, file string) (*builtEstate, error) {
	var configs []*artifact.Config
	for _, f := range files {
		c, err := a.build(b, f)
		if err != nil {
			return nil, err
		}
		configs = append(configs, c)
	}
	be, err := estateOf(file, configs)
	if err != nil {
		return nil, err
	}
	for _, c := range configs {
		be.Findings = append(be.Findings, c.Findings...)
	}
	return be, nil
}

// estateOf is the estate of configs already built, with estate.yaml's
// findings and the wiring's (not the configs' own).
func estateOf(file string, configs []*artifact.Config) (*builtEstate, error) {
	be := &builtEstate{File: file, Configs: configs}
	var spec *estate.Spec
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("reading the estate file %s: %w", file, unwrapPathError(err))
		}
		s, fs, err := estate.LoadSpec(file, data)
		if err != nil {
			return nil, err
		}
		be.Findings = append(be.Findings, fs...)
		if s == nil {
			return be, nil
		}
		spec = s
	}
	be.Estate = estate.Build(configs, spec)
	be.Findings = append(be.Findings, be.Estate.Findings...)
	return be, nil
}

// OK says the estate can go to AWS: every config built and nothing in the
// wiring is wrong.
func (be *builtEstate) OK() bool { return be.Estate != nil && !be.Findings.HasErrors() }

// estateLifecycle runs an AWS command over an estate: every config built and
// the wiring checked before any call; then the stacks in launch order
// (reversed for destroy), parallel at once, each one's output prefixed by
// its label; a failure skips what depends on it; a summary table at the end.
func estateLifecycle[T any](ctx context.Context, app *App, files []string, file string, mode lifecycleMode,
	do func(ctx context.Context, tg *target, log *runLog) (T, error)) error {
	if mode.Suffix != nil {
		// Each test copy renames what it writes, so its readers in the
		// estate would read the real stacks' parameters.
		return usageErrorf("deploy --test copies one config, not an estate (%s): its readers would still read the real stacks' parameters; run it with -c on one config file", file)
	}
	be, err := app.buildEstate(app.builder(cfn.YAML, mode.Suffix), files, file)
	if err != nil {
		return err
	}
	fs := be.Findings
	fs.Sort()
	if err := finding.WriteText(app.IO.ErrOut, fs); err != nil {
		return err
	}
	if !be.OK() || app.fails(fs) {
		fmt.Fprintf(app.IO.ErrOut, "estate %s: nothing sent to AWS (%s)\n", file, finding.Summary(fs))
		return errFindings
	}
	e := be.Estate
	if mode.Generated {
		var gfs finding.List
		for _, n := range e.Nodes {
			more, err := app.useGenerated(n.Artifact)
			if err != nil {
				return err
			}
			gfs = append(gfs, more...)
		}
		if err := finding.WriteText(app.IO.ErrOut, gfs); err != nil {
			return err
		}
		if gfs.HasErrors() {
			fmt.Fprintf(app.IO.ErrOut, "estate %s: nothing sent to AWS (%s)\n", file, finding.Summary(gfs))
			return errFindings
		}
	}
	parallel := mode.Parallel
	if parallel == 0 && e.Spec != nil {
		parallel = e.Spec.Parallel
	}
	if parallel == 0 {
		parallel = defaultParallel
	}
	levels := e.Levels()
	fmt.Fprintf(app.IO.ErrOut, "estate %s: %d stacks in %d levels, %d at a time%s\n", file, len(e.Nodes), len(levels), parallel, reversed(mode.Reverse))
	out, errOut := &lines{w: app.IO.Out}, &lines{w: app.IO.ErrOut}
	width := 0
	for _, n := range e.Nodes {
		width = max(width, len(n.Label))
	}
	results := map[*estate.Node]T{}
	deferred := map[*estate.Node]string{} // not planned: what it reads is not deployed yet
	sets := map[*estate.Node]any{}        // the results of stacks deployed as stack sets
	var mu sync.Mutex
	outcomes := e.Run(ctx, estate.RunOptions{Parallel: parallel, Reverse: mode.Reverse}, func(ctx context.Context, n *estate.Node) error {
		prefix := fmt.Sprintf("%-*s | ", width, n.Label)
		o, eo := out.with(prefix), errOut.with(prefix)
		defer o.Flush()
		defer eo.Flush()
		if why := waitsFor(n, mode, results, deferred, &mu); why != "" {
			fmt.Fprintf(o, "stack %s: not planned: %s\n", n.Artifact.StackName, why)
			return nil
		}
		tg := &target{Artifact: n.Artifact, Stack: stackOf(n.Artifact), Out: o, ErrOut: eo}
		var log runLog
		log.printf("estate %s, config %s (kind %s), stack %s, level %d", file, n.Artifact.Config, tg.Kind, tg.Stack.Name, n.Level)
		start := time.Now()
		var res T
		var err error
		if n.StackSet != nil {
			var set any
			set, err = app.stackSetCommand(ctx, commandName(ctx), tg, n.StackSet, mode.AWS, &log)
			if changed(set) && mode.Changes != nil {
				mode.Changes.Store(true)
			}
			mu.Lock()
			sets[n] = set
			mu.Unlock()
		} else {
			res, err = do(ctx, tg, &log)
		}
		log.printf("took %s", time.Since(start).Round(time.Millisecond))
		if err != nil {
			log.printf("failed: %v", err)
			if !Silent(err) {
				fmt.Fprintf(eo, "landform: %s: %v\n", tg.Where(), err)
			}
		} else {
			log.printf("succeeded")
		}
		app.writeLog(tg.Unit.Stem(), commandName(ctx), &log)
		mu.Lock()
		results[n] = res
		mu.Unlock()
		return err
	})
	if ctx.Err() != nil {
		fmt.Fprintf(app.IO.ErrOut, "interrupted: no stack started after it; the running ones were waited for\n")
	}
	detail := func(n *estate.Node) string {
		if d := deferred[n]; d != "" {
			return d
		}
		if set, ok := sets[n]; ok {
			return setOutcome(set)
		}
		return outcomeText(results[n], mode)
	}
	byNode := map[*estate.Node]estate.Outcome{}
	for _, oc := range outcomes {
		byNode[oc.Node] = oc
	}
	if path, err := app.writeEstatePage(file, commandName(ctx), e, func(n *estate.Node) (string, bool) {
		oc := byNode[n]
		return outcomeCell(oc, detail), oc.State != estate.Done
	}); err != nil {
		fmt.Fprintf(app.IO.ErrOut, "warning: %v\n", err)
	} else if !app.DryRun {
		fmt.Fprintf(app.IO.ErrOut, "report: %s\n", path)
	}
	if app.JSON() {
		if err := writeJSON(app.IO.Out, estateJSONOf(file, outcomes, results, sets, deferred)); err != nil {
			return err
		}
	} else {
		writeSummary(app.IO.Out, outcomes, detail)
	}
	for _, oc := range outcomes {
		if oc.State != estate.Done {
			return errReported
		}
	}
	return nil
}

func reversed(r bool) string {
	if r {
		return ", dependants first"
	}
	return ""
}

// waitsFor says why n cannot be planned yet: a stack it reads from is not
// deployed (CloudFormation resolves SSM parameters when it makes a change
// set, so the reader's change set would fail), or is itself waiting. ""
// when n can be planned, and for commands without mode.Blocks.
func waitsFor[T any](n *estate.Node, mode lifecycleMode, results map[*estate.Node]T, deferred map[*estate.Node]string, mu *sync.Mutex) string {
	blocks, ok := mode.Blocks.(func(T) bool)
	if !ok {
		return ""
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range n.Needs {
		r, has := results[m]
		if deferred[m] != "" || has && blocks(r) {
			why := fmt.Sprintf("waits for %s to be deployed (it reads %s)", m.Label, n.Why[m])
			deferred[n] = why
			return why
		}
	}
	return ""
}

// outcomeText is what a command's result says in the summary's outcome
// column, when the mode knows how to tell it.
func outcomeText[T any](res T, mode lifecycleMode) string {
	if f, ok := mode.Outcome.(func(T) string); ok {
		return f(res)
	}
	return ""
}

// writeSummary prints the table every estate run ends with.
func writeSummary(w io.Writer, outcomes []estate.Outcome, detail func(*estate.Node) string) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CONFIG\tSTACK\tACCOUNT\tREGION\tOUTCOME\tDURATION")
	for _, oc := range outcomes {
		n := oc.Node
		what := outcomeCell(oc, detail)
		took := "-"
		if oc.State == estate.Done || oc.State == estate.Failed {
			took = oc.Duration.Round(time.Millisecond).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", n.Label, n.Artifact.StackName, n.Account(), n.Region(), what, took)
	}
	tw.Flush()
}

// outcomeCell is what became of a stack, in a few words: the command's
// own (detail) when it succeeded.
func outcomeCell(oc estate.Outcome, detail func(*estate.Node) string) string {
	what := string(oc.State)
	switch {
	case oc.State == estate.Done:
		if d := detail(oc.Node); d != "" {
			what = d
		}
	case oc.State == estate.Failed:
		what = "failed: " + briefly(oc.Err)
	case oc.Reason != "":
		what += " (" + oc.Reason + ")"
	}
	return what
}

// briefly is an error in a table cell: AWS's own code and message when the
// error came from AWS (the SDK's chain of operation and request ids is in
// the stack's own lines above), on one line of at most 160 characters.
func briefly(err error) string {
	s := err.Error()
	var ae smithy.APIError
	if errors.As(err, &ae) {
		s = ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

// estateOutcomeJSON is one stack of an estate run, as --output json prints it.
type estateOutcomeJSON struct {
	Config  string  `json:"config"`
	Unit    string  `json:"unit,omitempty"`
	Stack   string  `json:"stack"`
	Account string  `json:"account"`
	Region  string  `json:"region"`
	Level   int     `json:"level"`
	Outcome string  `json:"outcome"`
	Reason  string  `json:"reason,omitempty"`
	Error   string  `json:"error,omitempty"`
	Seconds float64 `json:"seconds"`
	Result  any     `json:"result,omitempty"`
}

type estateRunJSON struct {
	Estate string              `json:"estate"`
	Stacks []estateOutcomeJSON `json:"stacks"`
}

func estateJSONOf[T any](file string, outcomes []estate.Outcome, results map[*estate.Node]T, sets map[*estate.Node]any, deferred map[*estate.Node]string) estateRunJSON {
	out := estateRunJSON{Estate: file, Stacks: []estateOutcomeJSON{}}
	for _, oc := range outcomes {
		n := oc.Node
		j := estateOutcomeJSON{Config: n.Artifact.Config, Unit: n.Artifact.Unit.Name, Stack: n.Artifact.StackName, Account: n.Account(),
			Region: n.Region(), Level: n.Level, Outcome: string(oc.State), Reason: oc.Reason, Seconds: oc.Duration.Seconds()}
		if oc.Err != nil {
			j.Error = oc.Err.Error()
		}
		if d := deferred[n]; d != "" {
			j.Outcome, j.Reason = "not planned", d
		}
		if r, ok := results[n]; ok {
			j.Result = r
		}
		if r, ok := sets[n]; ok {
			j.Result = r
		}
		out.Stacks = append(out.Stacks, j)
	}
	return out
}

// The summary's outcome column, per command.

func planOutcome(p *stack.Plan) string {
	switch {
	case p == nil:
		return "ok"
	case p.ChangeSet == nil || p.ChangeSet.Empty:
		return "no changes"
	case !p.Exists:
		return fmt.Sprintf("new stack, %d resources", len(p.ChangeSet.Changes))
	}
	return fmt.Sprintf("%d changes", len(p.ChangeSet.Changes))
}

func deployOutcome(d deployJSON) string {
	switch {
	case d.Deployed == nil:
		return "ok"
	case d.Deployed.NoChanges:
		return "no changes"
	}
	return d.Deployed.Status
}

func destroyOutcome(d *stack.Destroyed) string {
	switch {
	case d == nil:
		return "ok"
	case !d.Existed:
		return "did not exist"
	}
	return "deleted"
}

// writeEstatePage writes reports/{dir}-estate.html (graph), or
// reports/{dir}-estate-{command}.html after a run: the launch order, with
// each stack's outcome when there is one.
func (a *App) writeEstatePage(file, command string, e *estate.Estate, outcome func(*estate.Node) (string, bool)) (string, error) {
	name := filepath.Base(filepath.Dir(file)) + "-estate"
	subtitle := "The launch order of " + file + ": each level's stacks can run together, after the levels before."
	if command != "graph" {
		name += "-" + command
		subtitle = fmt.Sprintf("landform %s over %s, in launch order. Highlighted: stacks that failed, were skipped or did not start.", command, file)
	}
	page, err := report.ReviewHTML(e.Page("landform estate "+file, subtitle, outcome))
	if err != nil {
		return "", err
	}
	path := a.Dir().Path("reports", name+".html")
	if a.DryRun {
		return path, nil
	}
	return path, workdir.WriteFile(path, page)
}

// changed reports whether a stack set's plan would change it, or its drift
// detection found it drifted.
func changed(set any) bool {
	switch v := set.(type) {
	case *stack.StackSetPlan:
		return v != nil && len(v.Add)+len(v.Update)+len(v.Remove) > 0
	case *stack.StackSetDrift:
		return v != nil && v.Status == "DRIFTED"
	}
	return false
}
