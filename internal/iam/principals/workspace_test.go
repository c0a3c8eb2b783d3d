package principals_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/artifact"

	"github.com/landform/landform/internal/kinds/kindtest"

	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/access"
)

// load builds the workspace of config files the way the CLI does.
func load(t testing.TB, files ...string) (*principals.Model, []kinds.Spec) {
	t.Helper()
	w := principals.New()
	var specs []kinds.Spec
	b := &artifact.Builder{Env: kindtest.Env(nil)}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := b.Build(f, data)
		if err != nil || len(c.Artifacts) == 0 {
			t.Fatalf("%s: %v %v", f, err, c.Findings)
		}
		specs = append(specs, c.Spec)
		for _, a := range c.Artifacts {
			src := principals.Source{File: "templates/" + a.Stem + ".yaml", Account: a.Target.Account, AccountName: a.Unit.Name, Region: a.Target.Region, Template: a.Doc()}
			if err := w.Add(src); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.Finish()
	return w, specs
}

const orgExample = "../../../examples/access/organization.yaml"

// TestWhoCanAgreesWithAccessMatrix: every team's reachable roles and the
// length of its shortest chain, from the evaluation engine over the
// generated templates, are exactly what the access kind's own Matrix says.
func TestWhoCanAgreesWithAccessMatrix(t *testing.T) {
	w, specs := load(t, orgExample)
	rows := specs[0].(interface{ Matrix() []access.Access }).Matrix()
	if len(rows) == 0 {
		t.Fatal("empty matrix")
	}
	want := map[string]int{} // "team → role@account" → chain length
	teams := map[string]bool{}
	for _, r := range rows {
		if strings.HasPrefix(r.Team, "saml:") {
			// A SAML login straight into a member account's role: its entry
			// is the provider, not a principal who-can lists
			// (access's TestSAMLLoginInMemberAccount holds the trust).
			continue
		}
		team, err := w.Lookup("team:" + r.Team)
		if err != nil {
			t.Fatalf("team %s: %v", r.Team, err)
		}
		role, err := w.Lookup(r.Role + "@" + r.Account)
		if err != nil {
			t.Fatalf("role %s@%s: %v", r.Role, r.Account, err)
		}
		want[team.Display()+" → "+role.Display()] = len(r.Chain)
		teams[team.ARN] = true
	}
	got := map[string]int{}
	for arn := range teams {
		team := w.Principal(arn)
		for _, p := range w.Principals {
			if p.Kind != principals.Role || p == team {
				continue
			}
			// Who can assume p? The team, through its shortest chain.
			for _, a := range w.WhoCan("sts:AssumeRole", p.ARN, nil) {
				if a.Principal == team {
					got[team.Display()+" → "+p.Display()] = len(a.Chain) + 1
				}
			}
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: matrix chain of %d, who-can %d", k, n, got[k])
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: who-can finds a chain of %d the matrix does not have", k, n)
		}
	}
}

func TestUnknownManagedPolicyWarnsAndGrantsNothing(t *testing.T) {
	w := principals.New()
	src, err := principals.ParseTemplate("t.yaml", []byte(`
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:root"}, Action: sts:AssumeRole}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/NoSuchPolicyAtAll]
`), "111111111111")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(src); err != nil {
		t.Fatal(err)
	}
	w.Finish()
	if len(w.Warnings) != 1 || !strings.Contains(w.Warnings[0].Message, "unknown AWS-managed policy") {
		t.Fatalf("warnings: %v", w.Warnings)
	}
	r, _ := w.Lookup("r")
	if d := w.Decide(r, "s3:GetObject", "arn:aws:s3:::b/k", nil); d.Allowed() {
		t.Fatalf("an unknown managed policy allowed: %+v", d)
	}
}

func TestManagedPoliciesCompile(t *testing.T) {
	names, err := principals.ManagedPolicyNames()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("managed/*.json")
	if len(names) != len(files) || len(names) < 7 {
		t.Fatalf("%d policies from %d files", len(names), len(files))
	}
	w := principals.New()
	var tpl strings.Builder
	tpl.WriteString("Resources:\n")
	for i, n := range names {
		tpl.WriteString("  R" + string(rune('A'+i)) + ":\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r-" + n + "\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/" + n + "]\n")
	}
	src, err := principals.ParseTemplate("t.yaml", []byte(tpl.String()), "111111111111")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(src); err != nil {
		t.Fatal(err)
	}
	w.Finish()
	if len(w.Warnings) != 0 {
		t.Fatalf("warnings: %v", w.Warnings)
	}
	// Spot checks against the documents' meaning.
	cases := []struct {
		role, action, resource string
		allowed                bool
	}{
		{"r-AdministratorAccess", "iam:CreateUser", "arn:aws:iam::111111111111:user/x", true},
		{"r-PowerUserAccess", "iam:CreateUser", "arn:aws:iam::111111111111:user/x", false},
		{"r-PowerUserAccess", "ec2:TerminateInstances", "arn:aws:ec2:us-east-1:111111111111:instance/i-1", true},
		{"r-ReadOnlyAccess", "s3:GetObject", "arn:aws:s3:::b/k", true},
		{"r-ReadOnlyAccess", "s3:PutObject", "arn:aws:s3:::b/k", false},
		{"r-AmazonS3ReadOnlyAccess", "s3:ListBucket", "arn:aws:s3:::b", true},
		{"r-AmazonS3ReadOnlyAccess", "ec2:DescribeInstances", "*", false},
		{"r-CloudWatchAgentServerPolicy", "cloudwatch:PutMetricData", "*", true},
	}
	for _, c := range cases {
		p, err := w.Lookup(c.role)
		if err != nil {
			t.Fatal(err)
		}
		if d := w.Decide(p, c.action, c.resource, nil); d.Allowed() != c.allowed {
			t.Errorf("%s %s: %s", c.role, c.action, d.Result)
		}
	}
}
