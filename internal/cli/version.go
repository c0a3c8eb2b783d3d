package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/awsregion"
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

// runVersion prints landform's version, the build it is (module version,
// VCS revision), and how fresh its generated data is.
func runVersion(_ context.Context, opts *versionOptions) error {
	app := opts.App
	b := version.ReadBuild()
	v := map[string]any{
		"version":        version.Version,
		"build":          b,
		"iam_catalog":    catalog.Default().Source,
		"condition_keys": catalog.Default().ConditionSource,
		"resource_specs": cfnspec.Source(),
		"regions":        "aws-sdk-go-v2 " + awsregion.SDKVersion() + " partition metadata",
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, v)
	}
	rev := b.Revision
	switch {
	case rev == "":
		rev = "no VCS revision recorded"
	case b.Modified:
		rev += " (with uncommitted changes)"
	}
	if b.Time != "" {
		rev += ", " + b.Time
	}
	_, err := fmt.Fprintf(app.IO.Out, "landform %s\nbuild: module %s, %s, %s\nIAM action catalog: %s\nIAM condition keys: %s\nresource specification: %s\nregions: %s\n",
		version.Version, b.Module, rev, b.Go, v["iam_catalog"], v["condition_keys"], v["resource_specs"], v["regions"])
	return err
}
