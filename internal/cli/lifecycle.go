package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/stack"
)

// awsFlags are the flags every command that calls AWS shares.
type awsFlags struct {
	Force        bool
	Parallel     int // stacks of an estate at once (0: estate.yaml's, else defaultParallel)
	PollInterval time.Duration
	Timeout      time.Duration
}

func (f *awsFlags) register(cmd *cobra.Command, mutating bool) {
	if mutating {
		cmd.Flags().BoolVar(&f.Force, "force", false, "really change AWS (without it the command refuses; --dry-run shows what it would do)")
	}
	cmd.Flags().IntVar(&f.Parallel, "parallel", 0, "for an estate: how many stacks run at once (default: estate.yaml's parallel, else 4)")
	cmd.Flags().DurationVar(&f.PollInterval, "poll-interval", 5*time.Second, "time between status polls")
	cmd.Flags().DurationVar(&f.Timeout, "timeout", 60*time.Minute, "longest wait for CloudFormation, per wait")
}

// requireForce refuses a mutating command without --force, unless it is a
// dry run.
func (a *App) requireForce(cmd *cobra.Command, f *awsFlags) error {
	if f.Force || a.DryRun {
		return nil
	}
	return usageErrorf("%s changes AWS: add --force to run it, or --dry-run to see what it would do", cmd.CommandPath())
}

func (a *App) stackOptions(f *awsFlags, progress io.Writer) stack.Options {
	// Waits run on the wall clock, not a.Now (which tests may freeze), so
	// a timeout always ends a wait.
	return stack.Options{Progress: progress, PollInterval: f.PollInterval, Timeout: f.Timeout}
}

// target is one artifact made ready for AWS: the stack it deploys as, and
// where its output goes (the command's streams, or, in an estate run of
// several stacks at once, the streams with a prefix that names it).
type target struct {
	*artifact.Artifact
	Stack       stack.Stack
	Out, ErrOut io.Writer
}

// stackOf is what the lifecycle needs to know of an artifact.
func stackOf(a *artifact.Artifact) stack.Stack {
	return stack.Stack{Name: a.StackName, Stem: a.Stem, Body: a.Body, Send: a.Send, Template: a.Tree.Root.Interface(),
		Resources: len(a.Template.Resources), Outputs: len(a.Template.Outputs), Account: a.Target.Account,
		Bucket: a.Unit.TemplateBucket(), Prefix: a.Target.TemplatePrefix, Tags: a.Target.Tags, OutputsPath: a.Target.OutputsPath}
}

// prepare builds a config's artifacts (test copies when the builder makes
// them). A config or template with errors returns findings and no target:
// nothing broken goes to AWS.
func (a *App) prepare(b *artifact.Builder, file string, generated bool) ([]*target, finding.List, error) {
	c, err := a.build(b, file)
	if err != nil {
		return nil, nil, err
	}
	fs := c.Findings
	if generated {
		for _, art := range c.Artifacts {
			gfs, err := a.useGenerated(art)
			if err != nil {
				return nil, fs, err
			}
			fs = append(fs, gfs...)
		}
		if fs.HasErrors() {
			return nil, fs, nil
		}
	}
	if a.fails(fs) {
		return nil, fs, nil // --fail-on: findings below error stop a plan too
	}
	var out []*target
	for _, art := range c.Artifacts {
		out = append(out, &target{Artifact: art, Stack: stackOf(art), Out: a.IO.Out, ErrOut: a.IO.ErrOut})
	}
	return out, fs, nil
}

// useGenerated points an artifact at the template generate wrote for it,
// templates/{stem}.yaml or .json, refusing one that is missing or is not
// what the config builds now.
func (a *App) useGenerated(art *artifact.Artifact) (finding.List, error) {
	for _, f := range []cfn.Format{cfn.YAML, cfn.JSON} {
		path := a.Dir().Path("templates", art.Stem+f.Ext())
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading the generated template %s: %w", path, unwrapPathError(err))
		}
		return art.UseGenerated(path, data)
	}
	var found finding.List
	found.Add(finding.Finding{Rule: "LF-STK-002", Severity: finding.Error, Pos: finding.Pos{File: art.Config},
		Message: fmt.Sprintf("--generated: there is no %s (or .json) to deploy", a.Dir().Path("templates", art.Stem+".yaml")),
		Hint:    fmt.Sprintf("run landform generate -c %s first, or leave out --generated", art.Config)})
	return found, nil
}

// connect resolves credentials for the target's account and region and
// checks, with sts:GetCallerIdentity, that they belong to that account.
func (a *App) connect(ctx context.Context, tg *target) (*stack.Clients, stack.Identity, error) {
	profile := a.Profile
	if profile == "" {
		profile = tg.Target.Profile
	}
	cfg, err := stack.LoadConfig(ctx, stack.Access{Profile: profile, Region: a.Region, EndpointURL: a.EndpointURL}, tg.Target.Region)
	if err != nil {
		return nil, stack.Identity{}, err
	}
	c := stack.NewClients(cfg)
	if tg.Target.RoleARN != "" {
		// Reach the account through its role, unless the credentials are
		// already for it.
		if c, err = c.Into(ctx, cfg, tg.Target.Account, tg.Target.RoleARN); err != nil {
			return nil, stack.Identity{}, err
		}
	}
	id, err := c.WhoAmI(ctx, tg.Target.Account)
	return c, id, err
}

// generatedUsage is the --generated flag of plan and deploy.
const generatedUsage = "send the templates generate wrote (templates/{stem}.yaml or .json), refusing any that is not byte for byte what the config builds now"

// lifecycleMode is how a lifecycle command treats its configs.
type lifecycleMode struct {
	Suffix      func() string // make test copies with this suffix
	StopOnError bool          // mutating commands stop at the first AWS failure
	Generated   bool          // send the templates generate wrote, once they match (--generated)

	// For an estate: stacks at once (--parallel), dependants first
	// (destroy), and Outcome, a func(T) string that says what a stack's
	// result was in the summary table.
	Parallel int
	Reverse  bool
	Outcome  any
	// Blocks, a func(T) bool, says a stack's result leaves the stacks that
	// read from it unable to run (plan: a stack not deployed yet).
	Blocks any
	// AWS are the command's AWS flags, for the stacks an estate deploys
	// as stack sets.
	AWS *awsFlags
	// Changes, when set, is set by a plan that finds a change.
	Changes *atomic.Bool
}

// lifecycle runs one AWS command over each config: prepare, then do. Text
// results are printed by do as it goes; with --output json the results are
// one document at the end. A config with findings stops before AWS; an AWS
// failure stops the run when stopOnError (mutating commands), and fails it at
// the end otherwise.
func lifecycle[T any](ctx context.Context, app *App, files []string, mode lifecycleMode,
	do func(ctx context.Context, tg *target, log *runLog) (T, error)) error {
	file, err := estateFile(app.EstateFile, app.ConfigFiles)
	if err != nil {
		return err
	}
	if file != "" {
		return estateLifecycle(ctx, app, files, file, mode, do)
	}
	b := app.builder(cfn.YAML, mode.Suffix)
	stopOnError := mode.StopOnError
	var results []T
	var firstErr error
	stopped := false
	for _, file := range files {
		if stopped {
			break
		}
		tgs, fs, err := app.prepare(b, file, mode.Generated)
		if err != nil {
			return err
		}
		fs.Sort()
		if err := finding.WriteText(app.IO.ErrOut, fs); err != nil {
			return err
		}
		if len(tgs) == 0 {
			fmt.Fprintf(app.IO.ErrOut, "%s: nothing sent to AWS (%s)\n", file, finding.Summary(fs))
			if firstErr == nil {
				firstErr = errFindings
			}
			continue
		}
		for _, tg := range tgs {
			var log runLog
			log.printf("config %s (kind %s), stack %s", file, tg.Kind, tg.Stack.Name)
			start := app.Now()
			res, err := do(ctx, tg, &log)
			log.printf("took %s", app.Now().Sub(start).Round(time.Millisecond))
			if err != nil {
				log.printf("failed: %v", err)
			} else {
				log.printf("succeeded")
			}
			app.writeLog(tg.Unit.Stem(), commandName(ctx), &log) // a test deploy logs under the real stem
			results = append(results, res)
			if err != nil {
				if !Silent(err) {
					fmt.Fprintf(app.IO.ErrOut, "landform: %s: %v\n", tg.Where(), err)
				}
				if firstErr == nil || firstErr == errFindings {
					firstErr = errReported
				}
				if stopOnError {
					stopped = true
					break
				}
			}
		}
	}
	if app.JSON() && len(results) > 0 {
		var v any = results
		if len(results) == 1 {
			v = results[0]
		}
		if err := writeJSON(app.IO.Out, v); err != nil {
			return err
		}
	}
	return firstErr
}

type commandKey struct{}

// withCommand names the running command in ctx, for log file names.
func withCommand(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, commandKey{}, name)
}

func commandName(ctx context.Context) string {
	if s, ok := ctx.Value(commandKey{}).(string); ok {
		return s
	}
	return "aws"
}
