package cli

import (
	"context"
	"testing"

	"github.com/spf13/cobra"
)

// replaced returns the root command with one command swapped for the
// same command built with a fake run, so a test sees the parsed options.
func replaced(app *App, cmd *cobra.Command) *cobra.Command {
	root := NewRootCmd(app)
	for _, c := range root.Commands() {
		if c.Name() == cmd.Name() {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(cmd)
	return root
}

// TestCommandsParseIntoOptions: argv becomes each command's options
// through its run seam, with nothing run.
func TestCommandsParseIntoOptions(t *testing.T) {
	const cfg = "../../examples/sec/startup.yaml"
	t.Run("test-deploy", func(t *testing.T) {
		io, _, _ := TestIO()
		app := &App{IO: io, Now: fixedNow}
		var got *deployOptions
		root := replaced(app, newDeployCmd(app, func(_ context.Context, o *deployOptions) error { got = o; return nil }))
		root.SetArgs([]string{"test-deploy", "-c", cfg, "--force", "--keep"})
		if err := root.Execute(); err != nil || got == nil || !got.Flags.Test || !got.Flags.Keep || !got.Flags.Force || len(got.Files) != 1 {
			t.Fatalf("%v %+v", err, got)
		}
	})
	t.Run("deploy without --force is refused before run", func(t *testing.T) {
		io, _, _ := TestIO()
		app := &App{IO: io, Now: fixedNow}
		ran := false
		root := replaced(app, newDeployCmd(app, func(context.Context, *deployOptions) error { ran = true; return nil }))
		root.SetArgs([]string{"deploy", "-c", cfg})
		if err := root.Execute(); ExitCode(err) != ExitUsage || ran {
			t.Fatalf("exit %d, ran %v", ExitCode(err), ran)
		}
	})
	t.Run("plan", func(t *testing.T) {
		io, _, _ := TestIO()
		app := &App{IO: io, Now: fixedNow}
		var got *planOptions
		root := replaced(app, newPlanCmd(app, func(_ context.Context, o *planOptions) error { got = o; return nil }))
		root.SetArgs([]string{"plan", "-c", cfg, "--poll-interval", "2s"})
		if err := root.Execute(); err != nil || got == nil || got.AWS.PollInterval.Seconds() != 2 || len(got.Files) != 1 {
			t.Fatalf("%v %+v", err, got)
		}
	})
	t.Run("graph", func(t *testing.T) {
		io, _, _ := TestIO()
		app := &App{IO: io, Now: fixedNow}
		var got *graphOptions
		root := replaced(app, newGraphCmd(app, func(_ context.Context, o *graphOptions) error { got = o; return nil }))
		root.SetArgs([]string{"graph", "-c", "../../examples/estate", "--format", "mermaid"})
		if err := root.Execute(); err != nil || got == nil || got.Format != "mermaid" || got.Estate != "../../examples/estate/estate.yaml" || len(got.Files) != 6 {
			t.Fatalf("%v %+v", err, got)
		}
	})
	t.Run("plan --parallel --detailed-exitcode", func(t *testing.T) {
		io, _, _ := TestIO()
		app := &App{IO: io, Now: fixedNow}
		var got *planOptions
		root := replaced(app, newPlanCmd(app, func(_ context.Context, o *planOptions) error { got = o; return nil }))
		root.SetArgs([]string{"plan", "-c", "../../examples/estate", "--parallel", "6", "--detailed-exitcode"})
		if err := root.Execute(); err != nil || got == nil || got.AWS.Parallel != 6 || !got.DetailedExitCode {
			t.Fatalf("%v %+v", err, got)
		}
	})
	t.Run("can", func(t *testing.T) {
		io, _, _ := TestIO()
		app := &App{IO: io, Now: fixedNow}
		var got *canOptions
		root := replaced(app, newCanCmd(app, func(_ context.Context, o *canOptions) error { got = o; return nil }))
		root.SetArgs([]string{"can", "-c", cfg, "team:dev", "s3:GetObject", "*", "--context", "aws:SourceIp=10.0.0.1"})
		if err := root.Execute(); err != nil || got == nil || got.Principal != "team:dev" || got.Action != "s3:GetObject" ||
			got.Resource != "*" || len(got.IAM.context) != 1 {
			t.Fatalf("%v %+v", err, got)
		}
	})
	t.Run("describe by noun and by kind", func(t *testing.T) {
		io, _, _ := TestIO()
		app := &App{IO: io, Now: fixedNow}
		var got []describeOptions
		root := replaced(app, newDescribeCmd(app, func(_ context.Context, o *describeOptions) error { got = append(got, *o); return nil }))
		root.SetArgs([]string{"describe", "scenario", "two-tier-web"})
		if err := root.Execute(); err != nil {
			t.Fatal(err)
		}
		root.SetArgs([]string{"describe", "access", "-c", "../../examples/access/organization.yaml"})
		if err := root.Execute(); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Noun != "scenario" || got[0].Name != "two-tier-web" || got[1].Kind != "access" || len(got[1].Files) != 1 {
			t.Fatalf("%+v", got)
		}
	})
}
