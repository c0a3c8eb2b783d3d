package cli

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/estate"
)

// TestCfnLint generates every example in YAML and JSON and runs cfn-lint on
// the templates, as CI must: zero errors, zero warnings, zero informational
// findings. cfn-lint is on the machine image; if it is missing the test fails
// rather than skips, so CI cannot pass without it.
func TestCfnLint(t *testing.T) {
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatal("cfn-lint is not on PATH; it is part of the machine image (see README)")
	}
	dir := t.TempDir()
	examples, err := filepath.Glob("../../examples/*/*.yaml")
	examples = slices.DeleteFunc(examples, func(f string) bool { return filepath.Base(f) == estate.FileName })
	if err != nil || len(examples) < 13 {
		t.Fatalf("examples: %v %v", examples, err)
	}
	written := 0
	for _, format := range []string{"yaml", "json"} {
		io, out, errOut := TestIO()
		args := []string{"generate", "--format", format, "--workdir", dir}
		for _, ex := range examples {
			args = append(args, "-c", ex)
		}
		code := Run(context.Background(), io, fixedNow, args)
		if code != ExitOK {
			t.Fatalf("generate --format %s: exit %d\n%s", format, code, errOut)
		}
		written += strings.Count(out.String(), "\n") // one template path per line
	}
	templates, err := filepath.Glob(filepath.Join(dir, "templates", "*"))
	if err != nil || len(templates) != written || written < 2*len(examples) {
		t.Fatalf("generate wrote %d templates for %d examples in yaml and json; %d in the directory: %v", written, len(examples), len(templates), err)
	}
	out, err := exec.Command(lint, append([]string{"--format", "parseable"}, templates...)...).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Fatalf("cfn-lint reported findings (%v):\n%s", err, out)
	}
}
