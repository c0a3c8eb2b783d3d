package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/finding"
)

// TestEscalationFindings: every template of the workspace's escalation
// corpus that opens a path fails check with LF-IAM-011 (role assumption
// only) or LF-IAM-012 (any other technique), at the principal that gains
// it; no near miss is reported.
func TestEscalationFindings(t *testing.T) {
	dirs, _ := filepath.Glob("../iam/principals/testdata/escalation/*")
	if len(dirs) < 30 {
		t.Fatalf("found %d technique directories, want 30", len(dirs))
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			want := "LF-IAM-012"
			if name == "assume-role" || name == "outsider-assume-role" {
				want = "LF-IAM-011"
			}
			opens := escalationFindings(t, filepath.Join(dir, "opens.yaml"))
			if len(opens) == 0 {
				t.Fatalf("opens.yaml: no escalation finding")
			}
			for _, f := range opens {
				if f.Rule != want || f.Severity != finding.Error || !strings.HasPrefix(f.Path, "Resources.") || f.Pos.Line == 0 {
					t.Errorf("opens.yaml: %s %s at %s (line %d), want an error %s at a resource", f.Severity, f.Rule, f.Path, f.Pos.Line, want)
				}
			}
			if near := escalationFindings(t, filepath.Join(dir, "near-miss.yaml")); len(near) > 0 {
				t.Errorf("near-miss.yaml reported: %v", near)
			}
		})
	}
}

func escalationFindings(t *testing.T, file string) finding.List {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out finding.List
	for _, f := range Bytes(file, data) {
		if f.Rule == "LF-IAM-011" || f.Rule == "LF-IAM-012" {
			out = append(out, f)
		}
	}
	return out
}

// TestEscalationSuppressed: a suppression on the principal turns the
// finding into a note that says why, and check passes.
func TestEscalationSuppressed(t *testing.T) {
	const file = "../iam/principals/testdata/escalation/assume-role/opens.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(escalationFindings(t, file)[0].Path, "Resources.")
	src := strings.Replace(string(data), "\n  "+id+":\n", "\n  "+id+":\n    Metadata: {landform: {suppress: [{rule: LF-IAM-011, reason: intended}]}}\n", 1)
	if src == string(data) {
		t.Fatalf("could not find resource %s in the template", id)
	}
	got := Bytes("opens.yaml", []byte(src))
	for _, f := range got {
		if f.Rule == "LF-IAM-011" && (f.Severity != finding.Note || !strings.Contains(f.Message, "intended")) {
			t.Errorf("suppressed finding is %s: %s", f.Severity, f.Message)
		}
	}
	if got.HasErrors() {
		t.Errorf("suppressed template still fails: %v", got)
	}
}
