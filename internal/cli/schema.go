package cli

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

type schemaOptions struct {
	App  *App
	Kind string
	Tier string
}

func newSchemaCmd(app *App, run func(context.Context, *schemaOptions) error) *cobra.Command {
	if run == nil {
		run = runSchema
	}
	opts := &schemaOptions{App: app}
	cmd := &cobra.Command{
		Use:   "schema KIND [--tier TIER]",
		Short: "Print the JSON Schema of a kind (or of one tier) for editors",
		Example: `  landform schema sec > sec.schema.json
  landform schema sec --tier startup`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("schema needs one kind: %s", strings.Join(app.kinds().Names(), ", "))
			}
			if _, ok := app.kinds().ByName(args[0]); !ok {
				return usageErrorf("unknown kind %q: use one of %s", args[0], strings.Join(app.kinds().Names(), ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Kind = args[0]
			k, _ := app.kinds().ByName(opts.Kind)
			if opts.Tier != "" && !slices.Contains(k.Variants(), opts.Tier) {
				return usageErrorf("--tier %s: kind %s has tiers %s", opts.Tier, opts.Kind, strings.Join(k.Variants(), ", "))
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Tier, "tier", "", "print the schema of one tier (default: the schema every tier passes)")
	return cmd
}

func runSchema(_ context.Context, opts *schemaOptions) error {
	k, _ := opts.App.kinds().ByName(opts.Kind)
	b, err := k.Schema(opts.App.Assets(), opts.Tier)
	if err != nil {
		return err
	}
	_, err = opts.App.IO.Out.Write(b)
	return err
}
