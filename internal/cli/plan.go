package cli

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/stack"
)

type planOptions struct {
	App       *App
	Files     []string // -c, expanded
	AWS       awsFlags
	Generated bool // plan the templates generate wrote (--generated)
	// DetailedExitCode: exit 2 when a stack would change (Terraform's
	// convention), 0 when none would, 1 on error.
	DetailedExitCode bool
	// Out keeps the change set and writes a saved plan there, for
	// deploy PLANFILE.
	Out string
	// DenyReplace fails a plan whose change set replaces a resource.
	DenyReplace bool
}

func newPlanCmd(app *App, run func(context.Context, *planOptions) error) *cobra.Command {
	if run == nil {
		run = runPlan
	}
	opts := &planOptions{App: app}
	cmd := &cobra.Command{
		Use:   "plan -c CONFIG",
		Short: "Show what deploy would change: CloudFormation's change set and a semantic diff with its security impact",
		Long: `Create a change set against the deployed stack (CREATE when there is none),
print each change, delete the change set, and compare the deployed template
with the new one: resources added, removed and modified with the properties
that changed, and a security-impact table of IAM statements that allow more,
trust policies that changed and security-group rules that were opened.
Nothing is deployed. A template over 51,200 bytes is uploaded to the
config's template bucket first, because a change set reads it from there.`,
		Aliases: []string{"show-changes"},
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			return run(withCommand(cmd.Context(), "plan"), opts)
		},
	}
	opts.AWS.register(cmd, false)
	cmd.Flags().BoolVar(&opts.Generated, "generated", false, generatedUsage)
	cmd.Flags().BoolVar(&opts.DetailedExitCode, "detailed-exitcode", false, "exit 2 when any stack would change, 0 when none would, 1 on error")
	cmd.Flags().StringVar(&opts.Out, "out", "", "keep the change set and save the plan to this file, for deploy PLANFILE --force (one stack)")
	cmd.Flags().BoolVar(&opts.DenyReplace, "deny-replace", false, "fail (exit 1) when the change set replaces a resource, or may")
	registerFailOn(cmd, app)
	return cmd
}

// runPlan computes each config's change set, diff and security impact.
func runPlan(ctx context.Context, opts *planOptions) error {
	app, f := opts.App, &opts.AWS
	var changes atomic.Bool
	var saved atomic.Int32
	if opts.Out != "" && (len(opts.Files) != 1 || app.EstateFile != "") {
		return usageErrorf("plan --out saves the plan of one stack: give one config (-c FILE), not %d or an estate", len(opts.Files))
	}
	if _, err := app.suppressions(); err != nil {
		return err
	}
	err := lifecycle(ctx, app, opts.Files, lifecycleMode{Generated: opts.Generated, Parallel: f.Parallel, Outcome: planOutcome, AWS: f, Changes: &changes,
		Blocks: func(p *stack.Plan) bool { return p != nil && !p.Exists }}, func(ctx context.Context, tg *target, log *runLog) (*stack.Plan, error) {
		if app.DryRun {
			dryRun(tg.ErrOut, tg, "plan", false)
			return nil, nil
		}
		c, id, err := app.connect(ctx, tg)
		if err != nil {
			return nil, err
		}
		log.printf("caller %s", id.ARN)
		o := app.stackOptions(f, tg.ErrOut)
		var p *stack.Plan
		var sv *stack.Saved
		if opts.Out != "" {
			if saved.Add(1) > 1 {
				return nil, fmt.Errorf("plan --out saves the plan of one stack, and %s has more: name one with --account", tg.Config)
			}
			p, sv, err = c.PlanToKeep(ctx, tg.Stack, o)
		} else {
			p, err = c.Plan(ctx, tg.Stack, o)
		}
		if err != nil {
			return p, err
		}
		if p.Retire, err = retiring(ctx, c, tg); err != nil {
			return p, err
		}
		if !p.Exists || p.ChangeSet != nil && !p.ChangeSet.Empty || len(p.Retire) > 0 {
			changes.Store(true)
		}
		esc, err := newEscalations(tg, p.Deployed, tg.Stack.Template)
		if err != nil {
			return p, err
		}
		// New escalation paths lead the security impact.
		p.Diff.Security = append(esc, p.Diff.Security...)
		if p.Exists && p.Deployed != nil {
			p.Drift = c.PlanDrift(ctx, p, id.Account)
		}
		var b strings.Builder
		writePlan(&b, p, app.Verbose)
		writePlanDrift(&b, p.Drift)
		writeRetire(&b, p.Retire)
		log.printf("%s", strings.TrimRight(b.String(), "\n"))
		if !app.JSON() {
			fmt.Fprint(tg.Out, b.String())
		}
		if r := p.ChangeSet.Replacements(); opts.DenyReplace && len(r) > 0 {
			if sv != nil {
				c.Discard(context.WithoutCancel(ctx), tg.Stack, sv, o)
			}
			return p, &stack.ReplaceError{Stack: tg.Stack.Name, Resources: r}
		}
		if sv != nil {
			pf, err := newPlanFile(tg, sv, app.Now())
			if err == nil {
				err = pf.write(opts.Out)
			}
			if err != nil {
				c.Discard(context.WithoutCancel(ctx), tg.Stack, sv, o)
				return p, fmt.Errorf("saving the plan: %w", err)
			}
			fmt.Fprintf(tg.ErrOut, "saved the plan to %s; run exactly it with: landform deploy %s --force\n", opts.Out, opts.Out)
		}
		return p, nil
	})
	if err = app.withSuppressionReport(err); err == nil && opts.DetailedExitCode && changes.Load() {
		return errChanges
	}
	return err
}

// short renders a changed value on one line, at most 120 characters.
func short(v any) string {
	if v == nil {
		return "(none)"
	}
	s := fmt.Sprint(v)
	if _, ok := v.(string); !ok {
		s = compactJSON(v)
	}
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
