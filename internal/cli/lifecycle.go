package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/stack"
)

// awsFlags are the flags every command that calls AWS shares.
type awsFlags struct {
	Force        bool
	PollInterval time.Duration
	Timeout      time.Duration
}

func (f *awsFlags) register(cmd *cobra.Command, mutating bool) {
	if mutating {
		cmd.Flags().BoolVar(&f.Force, "force", false, "really change AWS (without it the command refuses; --dry-run shows what it would do)")
	}
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

func (a *App) stackOptions(f *awsFlags) stack.Options {
	var progress io.Writer = a.IO.ErrOut
	// Waits run on the wall clock, not a.Now (which tests may freeze), so
	// a timeout always ends a wait.
	return stack.Options{Progress: progress, PollInterval: f.PollInterval, Timeout: f.Timeout}
}

// target is one config made ready for AWS: its template built and checked.
type target struct {
	File     string
	Kind     string
	Spec     kinds.Spec
	Unit     kinds.NamedUnit
	Target   kinds.Target
	Template *cfn.Template
	Stack    stack.Stack
	Suffix   string // set for a test deploy
}

// prepare loads a config, builds the template of each of its stacks
// (renamed for a test copy when suffix is set) and checks them. A config or
// template with errors returns findings and no target: nothing broken goes
// to AWS.
func (a *App) prepare(file string, suffix func() string) ([]*target, finding.List, error) {
	loaded, fs, err := a.loadConfig(file)
	if err != nil || loaded.Spec == nil || fs.HasErrors() {
		return nil, fs, err
	}
	units, err := a.units(loaded.Spec)
	if err != nil {
		return nil, fs, err
	}
	var out []*target
	for _, u := range units {
		sfx := ""
		if suffix != nil {
			sfx = suffix()
		}
		tg, ufs, err := a.prepareUnit(file, loaded.Kind.Name(), loaded.Spec, u, sfx)
		fs = append(fs, ufs...)
		if err != nil {
			return nil, fs, err
		}
		if tg != nil {
			out = append(out, tg)
		}
	}
	if fs.HasErrors() {
		return nil, fs, nil
	}
	return out, fs, nil
}

func (a *App) prepareUnit(file, kind string, spec kinds.Spec, u kinds.NamedUnit, suffix string) (*target, finding.List, error) {
	var fs finding.List
	t, err := u.Build()
	if err != nil {
		return nil, fs, fmt.Errorf("building template for %s: %w", file, err)
	}
	tg := &target{File: file, Kind: kind, Spec: spec, Unit: u, Target: u.Target(), Template: t, Suffix: suffix}
	st := stack.Stack{Name: u.StackName(), Stem: u.Stem(), Account: tg.Target.Account,
		Bucket: u.TemplateBucket(), Prefix: tg.Target.TemplatePrefix, Tags: tg.Target.Tags, OutputsPath: tg.Target.OutputsPath}
	if suffix != "" {
		if err := t.SuffixNames(suffix); err != nil {
			fs.Add(finding.Finding{Rule: "LF-STK-001", Severity: finding.Error, Pos: finding.Pos{File: file},
				Message: "cannot make a test copy: " + err.Error(), Hint: "shorten the names in the config, or deploy without --test"})
			return nil, fs, nil
		}
		st.Name = fmt.Sprintf("%s-test-%s", st.Name, suffix)
		st.Stem = fmt.Sprintf("%s-test-%s", st.Stem, suffix)
		if st.OutputsPath != "" {
			st.OutputsPath += "/test-" + suffix
		}
		tags := map[string]string{"landform:test-deploy": suffix}
		for k, v := range st.Tags {
			tags[k] = v
		}
		st.Tags = tags
	}
	body, err := t.Encode(cfn.YAML)
	if err != nil {
		return nil, fs, err
	}
	for _, f := range check.Bytes(a.Dir().Path("templates", st.Stem+".yaml"), body) {
		if f.Severity == finding.Error {
			fs = append(fs, f)
		}
	}
	if fs.HasErrors() {
		return nil, fs, nil
	}
	st.Body, st.Resources, st.Outputs = body, len(t.Resources), len(t.Outputs)
	tg.Stack = st
	return tg, fs, nil
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

// lifecycle runs one AWS command over each config: prepare, then do. Text
// results are printed by do as it goes; with --output json the results are
// one document at the end. A config with findings stops before AWS; an AWS
// failure stops the run when stopOnError (mutating commands), and fails it at
// the end otherwise.
func lifecycle[T any](ctx context.Context, app *App, files []string, suffix func() string, stopOnError bool,
	do func(ctx context.Context, tg *target, log *runLog) (T, error)) error {
	var results []T
	var firstErr error
	stopped := false
	for _, file := range files {
		if stopped {
			break
		}
		tgs, fs, err := app.prepare(file, suffix)
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
					fmt.Fprintf(app.IO.ErrOut, "landform: %s: %v\n", where(tg), err)
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

// where names a target in messages: the config, and the account for
// configs with a stack per account.
func where(tg *target) string {
	if tg.Unit.Name != "" {
		return tg.File + " (account " + tg.Unit.Name + ")"
	}
	return tg.File
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
