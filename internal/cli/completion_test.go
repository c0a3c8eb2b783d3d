package cli

import (
	"context"
	"strings"
	"testing"
)

// TestCompletion: the values cobra's completion scripts ask for, through
// its hidden __complete command, as a shell runs it.
func TestCompletion(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"describe", ""}, []string{"policy-template", "scenario", "product", "access"}},
		{[]string{"describe", "policy-template", ""}, []string{"s3/level1", "bedrock/level2", "combined/cost-read-only"}},
		{[]string{"describe", "scenario", ""}, []string{"three-tier-cache"}},
		{[]string{"describe", "product", ""}, []string{"starter", "professional", "enterprise"}},
		{[]string{"schema", ""}, []string{"sec", "sg", "ml", "access"}},
		{[]string{"schema", "sec", "--tier", ""}, []string{"startup", "medium", "enterprise"}},
		{[]string{"check", "--fail-on", ""}, []string{"error", "warning", "note"}},
		{[]string{"validate", "--output", ""}, []string{"text", "json", "sarif", "junit"}},
		{[]string{"graph", "--format", ""}, []string{"text", "dot", "mermaid"}},
	} {
		io, out, _ := TestIO()
		if code := Run(context.Background(), io, fixedNow, append([]string{"__complete"}, tt.args...)); code != 0 {
			t.Fatalf("%v: exit %d", tt.args, code)
		}
		got := strings.Split(strings.TrimSpace(out.String()), "\n")
		for _, w := range tt.want {
			if !strings.Contains("\n"+strings.Join(got, "\n")+"\n", "\n"+w+"\n") {
				t.Errorf("%v: %q not offered in %q", tt.args, w, got)
			}
		}
	}
}
