package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/finding"
)

type listOptions struct {
	App  *App
	What string // a catalog's plural noun, or "kinds"
}

func newListCmd(app *App, run func(context.Context, *listOptions) error) *cobra.Command {
	if run == nil {
		run = runList
	}
	opts := &listOptions{App: app}
	var listables []string
	for _, n := range app.catalogNouns() {
		listables = append(listables, n+"s")
	}
	listables = append(listables, "kinds")
	return &cobra.Command{
		Use:       "list " + strings.Join(listables, "|"),
		Short:     "List the policy templates, sg scenarios, ml products or kinds landform knows (with --assets overrides)",
		Aliases:   []string{"list-products"},
		ValidArgs: listables,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && cmd.CalledAs() == "list-products" {
				return nil // the seed's list-products lists products
			}
			if len(args) != 1 || !slices.Contains(listables, args[0]) {
				return usageErrorf("list what? use one of: %s", strings.Join(listables, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.What = "products"
			if len(args) > 0 {
				opts.What = args[0]
			}
			return run(cmd.Context(), opts)
		},
	}
}

type kindJSON struct {
	Name     string   `json:"name"`
	Section  string   `json:"section"`
	Variants []string `json:"variants"`
}

func runList(_ context.Context, opts *listOptions) error {
	app := opts.App
	if opts.What == "kinds" {
		return listKinds(app)
	}
	c := app.catalogs()[strings.TrimSuffix(opts.What, "s")]
	v, fs, err := c.List(app.Env())
	if err != nil {
		return err
	}
	if err := showView(app, v); err != nil {
		return err
	}
	// A broken drop-in entry is reported with its file and line, and
	// fails the command.
	if len(fs) > 0 {
		fs.Sort()
		if err := finding.WriteText(app.IO.ErrOut, fs); err != nil {
			return err
		}
		if fs.HasErrors() {
			return errFindings
		}
	}
	return nil
}

func listKinds(app *App) error {
	var out []kindJSON
	for _, k := range app.kinds() {
		out = append(out, kindJSON{Name: k.Name(), Section: k.Section(), Variants: k.Variants()})
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, out)
	}
	tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tSECTION\tTIERS")
	for _, k := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", k.Name, k.Section, strings.Join(k.Variants, ", "))
	}
	return tw.Flush()
}
