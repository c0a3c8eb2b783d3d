package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/kinds/kindtest/toy"
)

// TestFifthKindIsOneRegistryLine: a kind the commands have never heard of
// (package kindtest/toy: its package and its assets) gets validate,
// generate, check, list kinds, list and describe of its catalog, schema
// and --list-rules from one line, the
// registry below. Nothing in cli names it.
func TestFifthKindIsOneRegistryLine(t *testing.T) {
	registry := append(append(all.Registry{}, all.Kinds...), toy.Kind{}) // the one line
	dir := t.TempDir()
	cfg := filepath.Join(dir, "demo.yaml")
	if err := os.WriteFile(cfg, []byte("kind: toy\ntoy:\n  name: demo\n  account_id: \"123456789012\"\n  region: eu-west-1\n  retention_days: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string, string) {
		t.Helper()
		io, out, errOut := TestIO()
		app := &App{IO: io, Now: fixedNow, Kinds: registry}
		root := NewRootCmd(app)
		root.SetArgs(append([]string{"--workdir", dir}, args...))
		root.SetOut(out)
		root.SetErr(errOut)
		cmd, err := root.ExecuteC()
		err = classify(root, cmd, err)
		if err != nil && !Silent(err) {
			errOut.WriteString(err.Error())
		}
		return ExitCode(err), out.String(), errOut.String()
	}

	if code, out, _ := run("list", "kinds"); code != 0 || !strings.Contains(out, "toy") {
		t.Fatalf("list kinds: %d %s", code, out)
	}
	if code, out, _ := run("list", "presets"); code != 0 || !strings.Contains(out, "short   7") {
		t.Fatalf("list presets: %d %s", code, out)
	}
	if code, out, _ := run("describe", "preset", "long"); code != 0 || out != "long: 365 days\n" {
		t.Fatalf("describe preset long: %d %q", code, out)
	}
	if code, _, errOut := run("describe", "preset", "shrot"); code != ExitUsage || !strings.Contains(errOut, "did you mean short?") {
		t.Fatalf("describe preset shrot: %d %s", code, errOut)
	}
	if code, out, _ := run("schema", "toy"); code != 0 || !strings.Contains(out, `"retention_days"`) {
		t.Fatalf("schema toy: %d %s", code, out)
	}
	if code, out, _ := run("check", "--list-rules"); code != 0 || !strings.Contains(out, "LF-TOY-001") || !strings.Contains(out, "LF-TOY-101") {
		t.Fatalf("--list-rules has no toy rules: %d", code)
	}
	// The toy template rule judges the generated template: 3 days is an
	// error, so nothing is written.
	code, _, errOut := run("generate", "-c", cfg)
	if code != 1 || !strings.Contains(errOut, "LF-TOY-101") {
		t.Fatalf("generate with a toy rule broken: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "templates", "demo-toy.yaml")); !os.IsNotExist(err) {
		t.Fatalf("a template with an error was written: %v", err)
	}
	if err := os.WriteFile(cfg, []byte("kind: toy\ntoy:\n  name: demo\n  account_id: \"123456789012\"\n  region: eu-west-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run("validate", "-c", cfg); code != 0 || !strings.Contains(out, "LF-TOY-001") {
		t.Fatalf("validate: %d %s", code, out)
	}
	code, out, errOut := run("generate", "-c", cfg)
	if code != 0 || !strings.Contains(out, "demo-toy.yaml") {
		t.Fatalf("generate: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run("check", "-c", cfg); code != 0 || !strings.Contains(out, "demo-toy.yaml") {
		t.Fatalf("check -c: %d %s", code, out)
	}
}
