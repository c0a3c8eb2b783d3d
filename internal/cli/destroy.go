package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/stack"
)

type destroyOptions struct {
	App   *App
	Files []string // -c, expanded
	AWS   awsFlags
}

func newDestroyCmd(app *App, run func(context.Context, *destroyOptions) error) *cobra.Command {
	if run == nil {
		run = runDestroy
	}
	opts := &destroyOptions{App: app}
	cmd := &cobra.Command{
		Use:   "destroy -c CONFIG --force",
		Short: "Delete the stack and the SSM parameters landform wrote for it",
		Long: `Delete the config's stack, follow its events until it is gone, and remove the
SSM parameters deploy wrote for it (those under its path tagged with its
name, nothing else). A stack that does not exist is a no-op. A stack with
termination protection is refused, with how to turn it off.`,
		Aliases: []string{"delete-stack", "delete-product"},
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := app.requireForce(cmd, &opts.AWS); err != nil {
				return err
			}
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			return run(withCommand(cmd.Context(), "destroy"), opts)
		},
	}
	opts.AWS.register(cmd, true)
	return cmd
}

// runDestroy deletes each config's stacks and the SSM parameters landform
// wrote for them.
func runDestroy(ctx context.Context, opts *destroyOptions) error {
	app, f := opts.App, &opts.AWS
	return lifecycle(ctx, app, opts.Files, lifecycleMode{StopOnError: true, Parallel: f.Parallel, Reverse: true, Outcome: destroyOutcome, AWS: f}, func(ctx context.Context, tg *target, log *runLog) (*stack.Destroyed, error) {
		if app.DryRun {
			dryRun(tg.ErrOut, tg, "destroy", false)
			return nil, nil
		}
		c, id, err := app.connect(ctx, tg)
		if err != nil {
			return nil, err
		}
		log.printf("caller %s", id.ARN)
		started := app.Now()
		// The family's stacks the config no longer makes go too: destroy
		// leaves nothing of the config behind (an engineer who left).
		if _, err := retire(ctx, c, tg, app.stackOptions(f, tg.ErrOut), log); err != nil {
			return nil, err
		}
		d, err := c.Destroy(ctx, tg.Stack, app.stackOptions(f, tg.ErrOut))
		if d != nil {
			log.printf("existed=%v status=%s events=%d ssm deleted=%v", d.Existed, d.Status, len(d.Events), d.SSM)
		}
		if err != nil {
			return d, err
		}
		if err := app.writeDestroyReport(c, tg, id, d, started); err != nil {
			fmt.Fprintf(tg.ErrOut, "warning: updating the deployment report: %v\n", err)
		}
		if !app.JSON() {
			w := tg.Out
			if d.Existed {
				fmt.Fprintf(w, "stack %s deleted (%d events)\n", d.Stack, len(d.Events))
			} else {
				fmt.Fprintf(w, "stack %s does not exist: nothing to delete\n", d.Stack)
			}
			fmt.Fprintf(w, "SSM parameters deleted: %d\n", len(d.SSM))
			for _, r := range d.Retained {
				fmt.Fprintf(w, "  retained by its DeletionPolicy: %s\n", r)
			}
		}
		return d, nil
	})
}
