package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
)

type describeOptions struct {
	App *App
	ID  string
}

func newDescribeCmd(app *App, run func(context.Context, *describeOptions) error) *cobra.Command {
	if run == nil {
		run = runDescribe
	}
	opts := &describeOptions{App: app}
	return &cobra.Command{
		Use:     "describe policy-template ID",
		Short:   "Show one policy template: what it grants and its policy with placeholders",
		Aliases: []string{"describe-product"},
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 || args[0] != "policy-template" {
				return usageErrorf("usage: landform describe policy-template ID (see landform list policy-templates)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[1]
			return run(cmd.Context(), opts)
		},
	}
}

func runDescribe(_ context.Context, opts *describeOptions) error {
	app := opts.App
	ts, err := iam.LoadTemplates(app.Assets())
	if err != nil {
		return err
	}
	t, ok := ts[opts.ID]
	if !ok {
		hint := "run landform list policy-templates"
		if m := finding.Suggest(opts.ID, iam.SortedIDs(ts)); m != "" {
			hint = "did you mean " + m + "?"
		}
		return usageErrorf("no policy template %q: %s", opts.ID, hint)
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, templateJSON{ID: t.ID, Service: t.Service(), Level: t.Level(),
			Description: t.Description, File: t.File, Actions: t.Policy.Actions(), Policy: t.Policy})
	}
	doc, err := t.Policy.Indented()
	if err != nil {
		return err
	}
	fmt.Fprintf(app.IO.Out, "%s: %s\nfile: %s\nsize: %d characters (before placeholders)\n\n%s", t.ID, t.Description, t.File, t.Policy.Size(), doc)
	return nil
}
