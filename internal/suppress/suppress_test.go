package suppress

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
)

var today = time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)

func known(rule string) bool { return rule != "LF-NOPE-001" }

func load(t *testing.T, text string) (*Set, finding.List) {
	t.Helper()
	return Load("s.yaml", []byte(text), known, today)
}

// TestExpiry: an entry holds through its expires day and is an error, at
// the date, from the day after; a day that does not exist is an error too.
func TestExpiry(t *testing.T) {
	for _, c := range []struct {
		expires string
		want    string // "" in force, else the finding's position and rule
	}{
		{"2026-12-07", ""},
		{"2027-01-01", ""},
		{"2026-12-06", "s.yaml:6:14 LF-SUP-001"},
		{"2027-02-30", "s.yaml:6:14 LF-SUP-001"},
	} {
		set, fs := load(t, "suppressions:\n  - rule: LF-IAM-010\n    target: Resources.A\n    reason: a reason long enough\n    owner: me\n    expires: \""+c.expires+"\"\n")
		got := ""
		if len(fs) > 0 {
			got = fs[0].Pos.String() + " " + fs[0].Rule
		}
		if got != c.want || len(fs) > 1 {
			t.Errorf("expires %s: findings %v, want %q", c.expires, fs, c.want)
		}
		f := finding.List{{Rule: "LF-IAM-010", Severity: finding.Error, Path: "Resources.A.Properties.X", Pos: finding.Pos{File: "t.yaml"}}}
		set.Apply(f)
		if suppressed := f[0].Suppressed != nil; suppressed != (c.want == "") {
			t.Errorf("expires %s: suppressed %v", c.expires, suppressed)
		}
	}
}

// TestShapeErrors: a missing reason or owner, an unknown field, a rule that
// is not an id are the schema's errors at their line; nothing loads.
func TestShapeErrors(t *testing.T) {
	for text, want := range map[string]string{
		"suppressions:\n  - rule: LF-IAM-010\n    target: Resources.A\n    owner: me\n":                                     "s.yaml:2:5: error LF-CFG-022 suppressions[0].reason",
		"suppressions:\n  - rule: LF-IAM-010\n    target: Resources.A\n    reason: a reason long enough\n":                  "s.yaml:2:5: error LF-CFG-022 suppressions[0].owner",
		"suppressions:\n  - rule: iam-010\n    target: A\n    reason: a reason long enough\n    owner: me\n":                "s.yaml:2:11: error LF-CFG-024 suppressions[0].rule",
		"suppressions:\n  - rule: LF-IAM-010\n    target: A\n    reason: a reason long enough\n    owner: me\n    why: x\n": "s.yaml:6:5: error LF-CFG-020",
	} {
		set, fs := load(t, text)
		var b strings.Builder
		finding.WriteText(&b, fs)
		if set != nil || !strings.Contains(b.String(), want) {
			t.Errorf("%q:\ngot %s\nwant %s", text, b.String(), want)
		}
	}
}

// TestMatching: the rule, the target (itself or anything inside it, never
// a name that only starts alike) and the files decide; the first entry in
// force that matches is the one named.
func TestMatching(t *testing.T) {
	set, fs := load(t, `suppressions:
  - rule: LF-IAM-010
    target: Resources.Admin
    files: [templates/*-dev-*.yaml]
    reason: the dev admin role is the break-glass role
    owner: security
  - rule: LF-ACC-005
    target: team_roles[0]
    files: [org.yaml]
    reason: the IdP grants it directly
    owner: platform
`)
	if len(fs) > 0 {
		t.Fatal(fs)
	}
	f := func(rule, file, path string) finding.Finding {
		return finding.Finding{Rule: rule, Severity: finding.Warning, Pos: finding.Pos{File: file, Line: 1, Column: 1}, Path: path}
	}
	l := finding.List{
		f("LF-IAM-010", "templates/acme-dev-access.yaml", "Resources.Admin.Properties.Policies[0]"), // yes
		f("LF-IAM-010", "templates/acme-dev-access.yaml", "Resources.Admin"),                        // yes
		f("LF-IAM-010", "templates/acme-dev-access.yaml", "Resources.AdminTwo.Properties"),          // another resource
		f("LF-IAM-010", "templates/acme-prod-access.yaml", "Resources.Admin"),                       // another file
		f("LF-IAM-011", "templates/acme-dev-access.yaml", "Resources.Admin"),                        // another rule
		f("LF-ACC-005", "./cfg/org.yaml", "team_roles[0]"),                                          // base name
		f("LF-ACC-005", "org.yaml", "team_roles[0].name"),                                           // inside
		f("LF-ACC-005", "org.yaml", "team_roles[01]"),                                               // not it
	}
	set.Apply(l)
	want := []bool{true, true, false, false, false, true, true, false}
	for i, w := range want {
		if got := l[i].Suppressed != nil; got != w {
			t.Errorf("%d %s %s %s: suppressed %v, want %v", i, l[i].Rule, l[i].Pos.File, l[i].Path, got, w)
		}
	}
	if s := l[0].Suppressed; s.By != "s.yaml:2:5" || s.Owner != "security" || s.Severity != "warning" || l[0].Severity != finding.Note ||
		!strings.HasSuffix(l[0].Message, "(suppressed by s.yaml:2:5, owner security: the dev admin role is the break-glass role)") {
		t.Errorf("suppressed finding: %+v %+v", l[0], s)
	}
}

// TestUnused: an entry is judged only when the run read a file with its
// target; then matching nothing is a warning at the entry.
func TestUnused(t *testing.T) {
	set, _ := load(t, `suppressions:
  - rule: LF-IAM-010
    target: Resources.Admin
    reason: the break-glass role may do anything
    owner: security
  - rule: LF-NOPE-001
    target: Resources.Admin
    reason: a rule that does not exist, reported by Load
    owner: security
  - rule: LF-IAM-010
    target: Resources.Elsewhere
    reason: in a template this run did not read
    owner: security
`)
	doc, fs := config.Load("t.yaml", []byte("Resources:\n  Admin: {Type: AWS::IAM::Role}\n"))
	if doc == nil {
		t.Fatal(fs)
	}
	if u := set.Unused(); len(u) != 0 {
		t.Errorf("unused before any file was read: %v", u)
	}
	set.See(doc)
	u := set.Unused()
	if len(u) != 1 || u[0].Pos.String() != "s.yaml:2:5" || u[0].Rule != "LF-SUP-002" {
		t.Errorf("unused: %v", u)
	}
	set.Apply(finding.List{{Rule: "LF-IAM-010", Path: "Resources.Admin", Pos: finding.Pos{File: "t.yaml"}}})
	if u := set.Unused(); len(u) != 0 {
		t.Errorf("unused after a match: %v", u)
	}
	var nilSet *Set
	nilSet.See(doc)
	nilSet.Apply(finding.List{{Rule: "LF-IAM-010"}})
	if nilSet.Unused() != nil {
		t.Error("a nil set reports something")
	}
}

// TestConcurrentApply: configs build in parallel; the set is shared (run
// with -race).
func TestConcurrentApply(t *testing.T) {
	set, _ := load(t, "suppressions:\n  - rule: LF-IAM-010\n    target: Resources.A\n    reason: a reason long enough\n    owner: me\n")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := finding.List{{Rule: "LF-IAM-010", Path: "Resources.A"}}
			set.Apply(l)
			if l[0].Suppressed == nil {
				t.Error("not suppressed")
			}
			set.Unused()
		}()
	}
	wg.Wait()
}
