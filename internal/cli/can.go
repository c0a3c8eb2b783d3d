package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/iam/principals"
)

type canOptions struct {
	App                         *App
	IAM                         iamFlags
	Principal, Action, Resource string
}

func newCanCmd(app *App, run func(context.Context, *canOptions) error) *cobra.Command {
	if run == nil {
		run = runCan
	}
	opts := &canOptions{App: app}
	cmd := &cobra.Command{
		Use:   "can PRINCIPAL ACTION RESOURCE",
		Short: "Say whether a principal can do an action on a resource, from the generated templates",
		Long: `can evaluates, offline, whether PRINCIPAL may do ACTION on RESOURCE with the
policies of the workspace's templates (every -c config's stacks and every
--template), and names the deciding statements.

PRINCIPAL is a role name (acme-terraform), role@account (account name or
12-digit id), a full ARN, team:NAME, user:NAME or group:NAME.

When the principal cannot itself but a role it can assume (sts:AssumeRole,
through any chain) can, can prints that chain. The exit code is about the
principal itself: 0 when it is allowed, 1 when it is denied — even if a
chain can.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 3 {
				return usageErrorf("can takes PRINCIPAL ACTION RESOURCE, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Principal, opts.Action, opts.Resource = args[0], args[1], args[2]
			return run(cmd.Context(), opts)
		},
	}
	opts.IAM.register(cmd, true)
	return cmd
}

type canJSON struct {
	Principal string              `json:"principal"`
	ARN       string              `json:"arn"`
	Action    string              `json:"action"`
	Resource  string              `json:"resource"`
	Decision  principals.Decision `json:"decision"`
	Via       *canVia             `json:"via,omitempty"`
}

type canVia struct {
	Chain    []jsonHop           `json:"chain"`
	Decision principals.Decision `json:"decision"`
}

func runCan(_ context.Context, opts *canOptions) error {
	app, f, who, action, resource := opts.App, &opts.IAM, opts.Principal, opts.Action, opts.Resource
	ctx, err := f.ctx()
	if err != nil {
		return err
	}
	w, _, err := loadIAMWorkspace(app, f)
	if err != nil {
		return err
	}
	p, err := w.Lookup(who)
	if err != nil {
		return usageErrorf("%v", err)
	}
	r := w.Can(p, action, resource, ctx)
	if app.JSON() {
		out := canJSON{Principal: p.Display(), ARN: p.ARN, Action: action, Resource: resource, Decision: r.Direct}
		if r.Via != nil {
			out.Via = &canVia{Chain: jsonChain(r.Via.Chain), Decision: r.Via.Decision}
		}
		if err := writeJSON(app.IO.Out, out); err != nil {
			return err
		}
	} else {
		o := app.IO.Out
		fmt.Fprintf(o, "%s %s on %s: %s", p.Display(), action, resource, r.Direct.Result)
		if !r.Direct.Allowed() && r.Direct.Reason != "" {
			fmt.Fprintf(o, " (%s)", r.Direct.Reason)
		}
		fmt.Fprintln(o)
		for _, s := range r.Direct.Statements {
			fmt.Fprintf(o, "  %s\n", s)
		}
		if r.Via != nil {
			fmt.Fprintf(o, "but through a chain: %s can\n", chainText(r.Via.Chain))
			for _, h := range r.Via.Chain[1:] {
				fmt.Fprintf(o, "  assume %s:\n", h.Principal.Display())
				for _, s := range h.Statements {
					fmt.Fprintf(o, "    %s\n", s)
				}
			}
			fmt.Fprintf(o, "  then %s:\n", action)
			for _, s := range r.Via.Decision.Statements {
				fmt.Fprintf(o, "    %s\n", s)
			}
		}
	}
	if !r.Direct.Allowed() {
		return fmt.Errorf("denied: %w", errReported)
	}
	return nil
}
