package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/cfnspec"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/version"
)

type versionOptions struct {
	App *App
}

func newVersionCmd(app *App, run func(context.Context, *versionOptions) error) *cobra.Command {
	if run == nil {
		run = runVersion
	}
	opts := &versionOptions{App: app}
	return &cobra.Command{
		Use:   "version",
		Short: "Print landform's version",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return run(cmd.Context(), opts) },
	}
}

// runVersion prints landform's version and how fresh its generated data is.
func runVersion(_ context.Context, opts *versionOptions) error {
	app := opts.App
	v := map[string]string{
		"version":        version.Version,
		"iam_catalog":    catalog.Default().Source,
		"condition_keys": catalog.Default().ConditionSource,
		"resource_specs": cfnspec.Source(),
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, v)
	}
	_, err := fmt.Fprintf(app.IO.Out, "landform %s\nIAM action catalog: %s\nIAM condition keys: %s\nresource specification: %s\n",
		v["version"], v["iam_catalog"], v["condition_keys"], v["resource_specs"])
	return err
}
