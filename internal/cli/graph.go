package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
)

type graphOptions struct {
	App    *App
	Files  []string
	Estate string // the estate file, or ""
	Format string // text, dot or mermaid
}

func newGraphCmd(app *App, run func(context.Context, *graphOptions) error) *cobra.Command {
	if run == nil {
		run = runGraph
	}
	opts := &graphOptions{App: app}
	cmd := &cobra.Command{
		Use:   "graph -c DIR",
		Short: "The launch order of an estate: which stacks read which others' SSM parameters and exports",
		Long: `Build every config, join each SSM parameter and export a stack reads to
the stack that writes it, and print the launch order: levels of stacks that
can run together, each after the stacks it reads from. Offline; nothing is
called. --format dot or mermaid draws it (an edge from writer to reader);
--output json gives levels and edges as data. Without estate.yaml, what no
config writes counts as written outside; with it, it is an error.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			if opts.Estate, err = estateFile(app.EstateFile, app.ConfigFiles); err != nil {
				return err
			}
			switch opts.Format {
			case "text", "dot", "mermaid":
			default:
				return usageErrorf("--format %s: use text, dot or mermaid", opts.Format)
			}
			if opts.Format != "text" && app.JSON() {
				return usageErrorf("--format %s and --output json are two pictures: choose one", opts.Format)
			}
			opts.Files = files
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "text, dot (Graphviz) or mermaid")
	return cmd
}

func runGraph(_ context.Context, opts *graphOptions) error {
	app := opts.App
	be, err := app.buildEstate(app.builder(cfn.YAML, nil), opts.Files, opts.Estate)
	if err != nil {
		return err
	}
	fs := be.Findings
	fs.Sort()
	if err := finding.WriteText(app.IO.ErrOut, fs); err != nil {
		return err
	}
	if !be.OK() {
		fmt.Fprintf(app.IO.ErrOut, "no launch order: %s\n", finding.Summary(fs))
		return errFindings
	}
	e := be.Estate
	if opts.Estate != "" {
		path, err := app.writeEstatePage(opts.Estate, "graph", e, nil)
		if err != nil {
			return err
		}
		if !app.DryRun {
			fmt.Fprintf(app.IO.ErrOut, "report: %s\n", path)
		}
	}
	switch {
	case app.JSON():
		return writeJSON(app.IO.Out, e.JSON())
	case opts.Format == "dot":
		return e.WriteDOT(app.IO.Out)
	case opts.Format == "mermaid":
		return e.WriteMermaid(app.IO.Out)
	}
	return e.WriteText(app.IO.Out)
}
