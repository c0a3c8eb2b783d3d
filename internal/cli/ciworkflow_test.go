package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCIWorkflowCommands: every landform command of the CI example
// (examples/ci/github-actions.yml) is run, in the workflow's order, by
// testdata/aws/ci-workflow.txtar, which may only add flags after it.
func TestCIWorkflowCommands(t *testing.T) {
	wf, err := os.ReadFile("../../examples/ci/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(wf), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "run:"))
		if strings.HasPrefix(line, "landform ") {
			want = append(want, line)
		}
	}
	script, err := os.ReadFile("testdata/aws/ci-workflow.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^exec sh -c '(landform [^']*)'$`).FindAllStringSubmatch(string(script), -1) {
		cmd, _, _ := strings.Cut(m[1], `; echo "rc=$?"`)
		got = append(got, cmd)
	}
	if len(want) < 6 {
		t.Fatalf("the workflow has %d landform commands: %q", len(want), want)
	}
	if len(got) != len(want) {
		t.Fatalf("the script runs %d landform commands, the workflow has %d:\n%q\n%q", len(got), len(want), got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("command %d: the script runs %q, the workflow %q", i+1, got[i], want[i])
		}
	}
}
