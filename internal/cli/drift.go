package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/stack"
)

// errDrifted says drift was found and printed, and nothing failed: exit 2
// (Terraform's convention), nothing more to say.
var errDrifted = errors.New("stack drifted")

type driftOptions struct {
	App   *App
	Files []string // -c, expanded
	AWS   awsFlags
}

func newDriftCmd(app *App, run func(context.Context, *driftOptions) error) *cobra.Command {
	if run == nil {
		run = runDrift
	}
	opts := &driftOptions{App: app}
	cmd := &cobra.Command{
		Use:     "drift -c CONFIG",
		Short:   "Run CloudFormation drift detection and show each resource's differences; exit 0 in sync, 2 drifted, 1 on error",
		Aliases: []string{"check-drift"},
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			return run(withCommand(cmd.Context(), "drift"), opts)
		},
	}
	opts.AWS.register(cmd, false)
	return cmd
}

// runDrift runs drift detection on each config's stacks.
func runDrift(ctx context.Context, opts *driftOptions) error {
	app, f := opts.App, &opts.AWS
	var drifted atomic.Bool
	err := lifecycle(ctx, app, opts.Files, lifecycleMode{Parallel: f.Parallel, Outcome: driftOutcome, AWS: f, Changes: &drifted}, func(ctx context.Context, tg *target, log *runLog) (*stack.Drift, error) {
		if app.DryRun {
			fmt.Fprintf(tg.ErrOut, "dry run: drift would call sts:GetCallerIdentity, cloudformation:DetectStackDrift %s, DescribeStackDriftDetectionStatus until done, DescribeStackResourceDrifts; nothing was called\n", tg.Stack.Name)
			return nil, nil
		}
		c, id, err := app.connect(ctx, tg)
		if err != nil {
			return nil, err
		}
		log.printf("caller %s", id.ARN)
		d, err := c.DetectDrift(ctx, tg.Stack.Name, app.stackOptions(f, tg.ErrOut))
		if err != nil {
			return d, err
		}
		log.printf("drift status %s, %d drifted resources", d.Status, d.Drifted)
		if !app.JSON() {
			writeDrift(tg.Out, d)
		}
		if d.Status == "DRIFTED" {
			drifted.Store(true)
		}
		return d, nil
	})
	if err == nil && drifted.Load() {
		return errDrifted
	}
	return err
}

func writeDrift(w io.Writer, d *stack.Drift) {
	fmt.Fprintf(w, "stack %s: %s (%d of %d resources drifted)\n", d.Stack, d.Status, d.Drifted, len(d.Resources))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  STATUS\tLOGICAL ID\tTYPE\tPHYSICAL ID")
	for _, r := range d.Resources {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Status, r.LogicalID, r.Type, r.PhysicalID)
	}
	tw.Flush()
	for _, r := range d.Resources {
		for _, p := range r.Differences {
			fmt.Fprintf(w, "  %s %s (%s):\n    expected: %s\n    actual:   %s\n", r.LogicalID, p.Path, p.Kind, p.Expected, p.Actual)
		}
	}
}
