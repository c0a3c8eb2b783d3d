package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/landform/landform/internal/report"
)

// browser is a headless Chromium, or "" when the machine has none. CI
// installs Debian's chromium (.ci/run) and sets LANDFORM_REQUIRE_BROWSER,
// so there the test cannot skip.
func browser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("LANDFORM_REQUIRE_BROWSER") != "" {
		t.Fatal("LANDFORM_REQUIRE_BROWSER is set and no chromium is installed (apt-get install chromium)")
	}
	t.Skip("no chromium on this machine: the HTML reports are not opened in a browser (CI installs it)")
	return ""
}

// TestReportsRenderInABrowser: every HTML report landform writes, made as a
// user makes it, opens in headless Chromium, which parses it into a page
// with its title, heading and the tables it must hold; no script, no
// external fetch.
func TestReportsRenderInABrowser(t *testing.T) {
	chromium := browser(t)
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	anyone, err := os.ReadFile("../check/testdata/check/bad/145-role-anyone-can-assume-admin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	run := func(args ...string) {
		t.Helper()
		io, _, errOut := TestIO()
		if code := Run(context.Background(), io, fixedNow, args); code != 0 && code != 1 {
			t.Fatalf("landform %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
		}
	}
	run("generate", "-c", filepath.Join(examples, "sec/startup.yaml"))
	run("review", "-c", filepath.Join(examples, "sg/two-tier-web.yaml"))
	run("review", "-c", filepath.Join(examples, "ml/techcorp-prod-a001-us-west-2-customer-churn-ml-codecommit.yaml"))
	run("describe", "access", "-c", filepath.Join(examples, "access/organization.yaml"))
	run("who-can", "-c", filepath.Join(examples, "access/organization.yaml"), "sts:AssumeRole", "arn:aws:iam::222222222222:role/acme-tfstate-rw", "--report")
	run("escalation", "-c", filepath.Join(examples, "sec/enterprise.yaml"), "--report")
	if err := os.WriteFile("open.yaml", anyone, 0o644); err != nil {
		t.Fatal(err)
	}
	run("escalation", "--template", "open.yaml@111111111111", "--report")
	run("graph", "-c", filepath.Join(examples, "estate"))
	// The deployment report needs a deploy; its page is made from a sample.
	dep, err := report.DeploymentHTML(report.Deployment{Stack: "app-stack", Status: "CREATE_COMPLETE", Outcome: "Deployed: 1 changes applied.",
		Outputs: map[string]string{"RoleArn": "arn:aws:iam::123456789012:role/app"}, Started: fixedNow(), Duration: time.Second,
		Resources: []report.Resource{{LogicalID: "Role", Type: "AWS::IAM::Role", PhysicalID: "app", Status: "CREATE_COMPLETE"}},
		Events:    []report.Event{{Time: fixedNow(), LogicalID: "Role", Type: "AWS::IAM::Role", Status: "CREATE_COMPLETE"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("reports/app-stack-deployment.html", dep, 0o644); err != nil {
		t.Fatal(err)
	}
	// The drift report needs a deployed stack; its page is made from a sample.
	dr, err := report.DriftHTML(report.Drift{Stack: "app-stack", Drifted: true, Outcome: "Drifted.", CloudFormation: "IN_SYNC (0 of 1 resources drifted)",
		Checked: fixedNow(), Findings: []report.DriftFinding{{Severity: "high", LogicalID: "Team", Type: "AWS::IAM::Group", PhysicalID: "team",
			Kind: "member-added", Detail: "user mallory added to the group outside the stack", Expected: "alice", Actual: "alice, mallory",
			Revert: "aws iam remove-user-from-group --group-name team --user-name mallory"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("reports/app-stack-drift.html", dr, 0o644); err != nil {
		t.Fatal(err)
	}
	// What each page must hold once the browser has parsed it.
	want := map[string][]string{
		"acme-dev-t001-us-east-1-startup-sec-template.html":          {"<h1>Template documentation: ", "<td>GroupViewers</td><td>AWS::IAM::Group</td>", "<h3>Outputs</h3>"},
		"acme-dev-t001-us-east-1-startup-sec-policies.html":          {"<h1>Policy documentation: ", "privilege escalation", "Held by"},
		"acme-dev-t001-us-east-1-portal-sg-review.html":              {"<h1>Security group review: ", "<th>Protocol</th>"},
		"techcorp-prod-a001-us-west-2-customer-churn-ml-review.html": {"<h1>ML product review: ", "<h3>SSM parameters</h3>"},
		"acme-access-matrix.html":                                    {"<h1>Who can assume what: ", "reached only by chaining through another role"},
		"acme-access-who-can.html":                                   {"<h1>Who can sts:AssumeRole on ", "acme-team-devops@identity"},
		"globex-prod-ml01-eu-west-1-enterprise-sec-escalation.html":  {"<h1>Privilege-escalation paths: ", "No escalation path."},
		"open-escalation.html":                                       {"<h1>Privilege-escalation paths: ", "<th>Deciding statements</th>", "<td>anyone (any AWS account)</td>", "AssumeRolePolicyDocument statement 0"},
		"estate-estate.html":                                         {"<h1>", "<th>after</th>"},
		"app-stack-deployment.html":                                  {"<h1>Deployment report: app-stack</h1>", `id="status">CREATE_COMPLETE<`, "<td>RoleArn</td>"},
		"app-stack-drift.html":                                       {"<h1>Drift report: app-stack</h1>", `<td class="high">high</td>`, "aws iam remove-user-from-group --group-name team --user-name mallory"},
	}
	pages, err := filepath.Glob("reports/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for name := range want {
		if _, err := os.Stat(filepath.Join("reports", name)); err != nil {
			t.Errorf("%s was not written", name)
		}
	}
	title := regexp.MustCompile(`<title>[^<]+</title>`)
	for _, page := range pages {
		name := filepath.Base(page)
		abs, _ := filepath.Abs(page)
		out, err := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--user-data-dir="+filepath.Join(dir, "chromium"), "--dump-dom", "file://"+abs).Output()
		if err != nil {
			t.Errorf("%s: chromium: %v", name, err)
			continue
		}
		dom := string(out)
		if !title.MatchString(dom) || !strings.Contains(dom, "<h1>") || strings.Contains(dom, "<script") {
			t.Errorf("%s: the browser's page has no title or heading, or a script:\n%.400s", name, dom)
		}
		musts, ok := want[name]
		if !ok {
			t.Errorf("%s: a page this test does not know; say what it must hold", name)
		}
		for _, m := range musts {
			if !strings.Contains(dom, m) {
				t.Errorf("%s: the browser's page lacks %q", name, m)
			}
		}
	}
}
