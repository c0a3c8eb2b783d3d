package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/landform/landform/internal/suppress"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// NewRootCmd builds the landform command tree over app.
func NewRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "landform",
		Short: "Least-privilege AWS foundations from one YAML file, checked before they deploy",
		Long: `landform turns one YAML config (kind sec, sg, ml or access) into a
least-privilege AWS foundation as CloudFormation stacks: it validates the
config, generates and checks the templates, exports what they grant for
review, previews, deploys, test-deploys, detects drift and destroys them,
and says before deployment who can do what.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			switch strings.ToUpper(app.LogLevel) {
			case "DEBUG":
				app.Verbose = true
			case "", "INFO", "WARNING", "ERROR", "CRITICAL":
			default:
				return usageErrorf("--log-level %s: use DEBUG (as -v), INFO, WARNING, ERROR or CRITICAL", app.LogLevel)
			}
			switch app.Output {
			case "text", "json":
			case "sarif", "junit":
				if cmd.Name() != "check" && cmd.Name() != "validate" {
					return usageErrorf("--output %s is for check and validate; use text or json", app.Output)
				}
			default:
				return usageErrorf("--output %s: use text or json (or sarif or junit for check and validate)", app.Output)
			}
			return app.checkLicence(cmd)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErrorf("%v", err) })
	pf := root.PersistentFlags()
	pf.StringArrayVarP(&app.ConfigFiles, "config", "c", nil, "config file, directory or glob (repeatable)")
	pf.StringVar(&app.Workdir, "workdir", ".", "root of templates/ policies/ groups/ roles/ reports/")
	pf.StringVar(&app.Output, "output", "text", "output format: text or json; check and validate also take sarif and junit")
	pf.BoolVarP(&app.Verbose, "verbose", "v", false, "say more on stderr")
	pf.StringVar(&app.LogLevel, "log-level", "", "the seed tools' log level: DEBUG is -v; INFO, WARNING, ERROR and CRITICAL print what landform prints by default")
	pf.BoolVar(&app.DryRun, "dry-run", false, "print what would be written or changed; write nothing")
	pf.StringVar(&app.AssetsDir, "assets", "", "directory layered over the built-in policy templates and schemas")
	pf.StringVar(&app.Profile, "profile", "", "AWS shared-config profile (commands that call AWS)")
	pf.StringVar(&app.Region, "region", "", "AWS region (commands that call AWS)")
	pf.StringVar(&app.EndpointURL, "endpoint-url", "", "AWS endpoint override, also read from AWS_ENDPOINT_URL")
	pf.StringVar(&app.EstateFile, "estate", "", "the estate file (default: estate.yaml in a -c directory): the configs are one estate")
	pf.StringVar(&app.LicenseSKU, "license-sku", os.Getenv("LANDFORM_LICENSE_SKU"), "check out this AWS Marketplace product's entitlement through License Manager before running (default $LANDFORM_LICENSE_SKU; off when empty)")
	pf.StringVar(&app.SuppressionsFile, "suppressions", "", "the reviewed list of accepted findings (default: "+suppress.DefaultFile+" next to the -c configs, else in the current directory); validate, check, generate and plan apply it")
	pf.StringVar(&app.Account, "account", "", "only this account's stack, for configs with one stack per account (kind access)")
	root.AddCommand(
		newValidateCmd(app, nil),
		newGenerateCmd(app, nil),
		newExportCmd(app, nil),
		newCheckCmd(app, nil),
		newListCmd(app, nil),
		newDescribeCmd(app, nil),
		newSchemaCmd(app, nil),
		newReviewCmd(app, nil),
		newGraphCmd(app, nil),
		newPlanCmd(app, nil),
		newDeployCmd(app, nil),
		newDriftCmd(app, nil),
		newDestroyCmd(app, nil),
		newVersionCmd(app, nil),
		newAccessCmd(app, nil),
		newCanCmd(app, nil),
		newWhyCmd(app, nil),
		newWhoCanCmd(app, nil),
		newEscalationCmd(app, nil),
	)
	complete(root, app)
	return root
}

// Run executes landform with args and returns the exit code. Errors are
// printed to stderr, except findings, which the command already printed.
func Run(ctx context.Context, io *IOStreams, now func() time.Time, args []string) int {
	app := &App{IO: io, Now: now}
	root := NewRootCmd(app)
	args, err := seedArgs(args)
	if err != nil {
		fmt.Fprintf(io.ErrOut, "landform: %v\n", err)
		return ExitCode(err)
	}
	root.SetArgs(args)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	err = classify(root, cmd, err)
	if err == nil {
		return ExitOK
	}
	if !Silent(err) {
		fmt.Fprintf(io.ErrOut, "landform: %v\n", err)
		if ExitCode(err) == ExitUsage && cmd != nil {
			fmt.Fprintf(io.ErrOut, "run '%s --help' for usage\n", cmd.CommandPath())
		}
	}
	return ExitCode(err)
}

// classify turns cobra's own errors at the root (an unknown command) into
// usage errors; every other error keeps its type.
func classify(root, cmd *cobra.Command, err error) error {
	var ue *usageError
	if err != nil && !errors.As(err, &ue) && !Silent(err) && (cmd == nil || cmd == root) {
		return &usageError{msg: err.Error()}
	}
	return err
}

// noArgs is cobra.NoArgs as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q (configs go after -c)", cmd.CommandPath(), args[0])
	}
	return nil
}
