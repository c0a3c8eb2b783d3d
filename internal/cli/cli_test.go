package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"landform": func() {
			io := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
			os.Exit(Run(context.Background(), io, fixedNow, os.Args[1:]))
		},
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the landform
// binary as a user runs it, with exit codes, stdout, stderr and files.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	bad, err := filepath.Abs("../kinds/sec/testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			env.Setenv("BAD", bad)
			return nil
		},
	})
}

// parse runs the root command with a fake run function for one command and
// returns the exit code, so tests see how argv becomes options.
func parse(t *testing.T, args ...string) (code int, app *App, stderr string) {
	t.Helper()
	io, _, errOut := TestIO()
	app = &App{IO: io, Now: fixedNow}
	root := NewRootCmd(app)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	err = classify(root, cmd, err)
	if err != nil && !Silent(err) {
		errOut.WriteString(err.Error())
	}
	return ExitCode(err), app, errOut.String()
}

func TestExportAliasesPickTheirSet(t *testing.T) {
	cases := map[string][]string{
		"groups":           {"export-groups", "-c", "../../examples/sec/startup.yaml"},
		"roles":            {"export-roles", "-c", "../../examples/sec/startup.yaml"},
		"operator-policy":  {"export-iam-policy", "-c", "../../examples/sec/startup.yaml"},
		"service-policies": {"export-service-policies", "-c", "../../examples/sec/startup.yaml"},
		"all":              {"export", "-c", "../../examples/sec/startup.yaml"},
		"groups ":          {"export-roles", "--what", "groups", "-c", "../../examples/sec/startup.yaml"},
	}
	for want, args := range cases {
		t.Run(want, func(t *testing.T) {
			io, _, _ := TestIO()
			app := &App{IO: io, Now: fixedNow}
			var got *exportOptions
			root := NewRootCmd(app)
			for _, c := range root.Commands() {
				if c.Name() == "export" {
					root.RemoveCommand(c)
				}
			}
			root.AddCommand(newExportCmd(app, func(_ context.Context, o *exportOptions) error { got = o; return nil }))
			root.SetArgs(args)
			if err := root.Execute(); err != nil {
				t.Fatal(err)
			}
			if got == nil || got.What != trim(want) || len(got.Files) != 1 {
				t.Errorf("options = %+v, want What=%s and one file", got, trim(want))
			}
		})
	}
}

func trim(s string) string {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func TestUsageErrorsExitTwo(t *testing.T) {
	cases := [][]string{
		{"validate"},                       // no -c
		{"nonsense"},                       // unknown command
		{"validate", "-c", "x", "--bogus"}, // unknown flag
		{"validate", "-c", "does-not-exist.yaml"},
		{"generate", "-c", "../../examples/sec/startup.yaml", "--format", "xml"},
		{"validate", "-c", "../../examples/sec/startup.yaml", "--output", "xml"},
		{"validate", "stray-arg"},
		{"list", "everything"},
		{"schema", "nokind"},
		{"schema", "sec", "--tier", "huge"},
		{"describe", "policy-template", "s3/level9"},
	}
	for _, args := range cases {
		if code, _, stderr := parse(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, ExitUsage, stderr)
		}
	}
}

func TestValidateJSON(t *testing.T) {
	io, out, _ := TestIO()
	dir := t.TempDir()
	code := Run(context.Background(), io, fixedNow, []string{"validate", "-c", "../kinds/sec/testdata/bad/account-id-unquoted.yaml", "-c", "../../examples/sec/startup.yaml", "--output", "json", "--workdir", dir, "--report"})
	if code != ExitFailure {
		t.Fatalf("exit %d, want 1", code)
	}
	var got validateJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, out)
	}
	if got.Valid || len(got.Configs) != 2 || got.Configs[1].Stem != "acme-dev-t001-us-east-1-startup-sec" || !got.Configs[1].Valid {
		t.Errorf("result = %+v", got)
	}
	if len(got.Findings) != 1 || got.Findings[0].Rule != "LF-CFG-021" || got.Findings[0].Line != 7 || got.Findings[0].Column != 15 ||
		got.Findings[0].Path != "client.account_id" || got.Findings[0].Severity != "error" {
		t.Errorf("findings = %+v", got.Findings)
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "reports", "*-validate-20261123T120000Z.log"))
	if len(logs) != 1 {
		t.Errorf("want one validate log for the valid config (--report), got %v", logs)
	}
}
