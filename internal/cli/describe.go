package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/workdir"
)

type describeOptions struct {
	App   *App
	Noun  string // a catalog's noun, with Name; or "" with Kind
	Name  string
	Kind  string   // describe KIND -c CONFIG
	Files []string // -c, expanded, for Kind
}

func newDescribeCmd(app *App, run func(context.Context, *describeOptions) error) *cobra.Command {
	if run == nil {
		run = runDescribe
	}
	opts := &describeOptions{App: app}
	nouns := app.catalogNouns()
	var uses []string
	for _, n := range nouns {
		uses = append(uses, n+" NAME")
	}
	return &cobra.Command{
		Use:     "describe " + strings.Join(uses, " | ") + " | KIND -c CONFIG",
		Short:   "Show a policy template, an sg scenario, an ml product tier, or who can assume what in an access config",
		Aliases: []string{"describe-product"},
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 1 {
				if _, ok := app.kinds().ByName(args[0]); ok {
					return nil
				}
			}
			if len(args) != 2 || !slices.Contains(nouns, args[0]) {
				return usageErrorf("usage: landform describe %s (see landform list), or landform describe KIND -c CONFIG", strings.Join(uses, ", or "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				files, err := expandConfigs(app.ConfigFiles)
				if err != nil {
					return err
				}
				opts.Kind, opts.Files = args[0], files
			} else {
				opts.Noun, opts.Name = args[0], args[1]
			}
			return run(cmd.Context(), opts)
		},
	}
}

func runDescribe(_ context.Context, opts *describeOptions) error {
	app := opts.App
	if opts.Kind != "" {
		return describeConfigs(app, opts.Kind, opts.Files)
	}
	v, err := app.catalogs()[opts.Noun].Describe(app.Env(), opts.Name)
	var nf *kinds.NotFoundError
	if errors.As(err, &nf) {
		return usageErrorf("%v", nf)
	}
	if err != nil {
		return err
	}
	return showView(app, v)
}

// describeConfigs prints, for each config of a kind whose specs describe
// what they grant (access: who can assume which role in which account),
// that description, and writes its page under reports/.
func describeConfigs(app *App, kind string, files []string) error {
	all := []any{}
	for _, file := range files {
		loaded, fs, err := app.loadSpec(file)
		if err != nil {
			return err
		}
		if loaded.Spec == nil || fs.HasErrors() {
			fs.Sort()
			_ = finding.WriteText(app.IO.ErrOut, fs)
			return errFindings
		}
		d, ok := loaded.Spec.(kinds.Describer)
		if !ok || loaded.Kind.Name() != kind {
			return usageErrorf("describe %s is for %s configs that describe what they grant; %s is kind %s", kind, kind, file, loaded.Kind.Name())
		}
		desc, err := d.Describe()
		if err != nil {
			return fmt.Errorf("describing %s: %w", file, err)
		}
		all = append(all, desc.Items...)
		if err := writePage(app, desc.Report, desc.Page); err != nil {
			return err
		}
		if !app.JSON() {
			if err := writeView(app.IO.Out, desc.View); err != nil {
				return err
			}
			if desc.View.Note != "" {
				fmt.Fprintln(app.IO.ErrOut, desc.View.Note)
			}
		}
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, all)
	}
	return nil
}

// writePage renders a page and writes it as reports/name (nothing with
// --dry-run).
// writeQueryPage writes a read-only query's page only with --report.
func writeQueryPage(app *App, name string, page report.Review) error {
	if !app.Report {
		return nil
	}
	return writePage(app, name, page)
}

func writePage(app *App, name string, page report.Review) error {
	html, err := report.ReviewHTML(page)
	if err != nil {
		return err
	}
	if app.DryRun {
		return nil
	}
	path := app.Dir().Path("reports", name)
	if err := workdir.WriteFile(path, html); err != nil {
		return err
	}
	fmt.Fprintf(app.IO.ErrOut, "wrote %s\n", path)
	return nil
}
