package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/landform/landform/internal/testutil"
)

// TestIAMGoldens: can, who-can and escalation on the bundled examples, text
// and JSON, against goldens (go test -update rewrites them).
func TestIAMGoldens(t *testing.T) {
	org := filepath.Join("..", "..", "examples", "access", "organization.yaml")
	sec := filepath.Join("..", "..", "examples", "sec")
	cases := []struct {
		name string
		code int
		args []string
	}{
		{"can-allowed", 0, []string{"can", "-c", org, "team:devops", "sts:AssumeRole", "arn:aws:iam::222222222222:role/acme-tfstate-rw"}},
		{"can-chain", 1, []string{"can", "-c", org, "team:developers", "s3:GetObject", "arn:aws:s3:::acme-dev-cdn/index.html"}},
		{"can-denied", 1, []string{"can", "-c", org, "team:auditors", "iam:CreateUser", "arn:aws:iam::111111111111:user/x"}},
		{"can-json", 1, []string{"can", "-c", org, "--output", "json", "team:developers", "s3:GetObject", "arn:aws:s3:::acme-dev-cdn/index.html"}},
		{"who-can-tfstate", 0, []string{"who-can", "-c", org, "sts:AssumeRole", "arn:aws:iam::222222222222:role/acme-tfstate-rw"}},
		{"who-can-json", 0, []string{"who-can", "-c", org, "-c", sec, "--output", "json", "iam:CreateUser", "arn:aws:iam::333333333333:user/x"}},
		{"escalation", 1, []string{"escalation", "-c", org, "-c", sec}},
		// why: an engineer's permission through two levels of the DAG
		// (ml-lead includes data, which includes base, which lists it).
		{"why-access-engineer", 0, []string{"why", "-c", org, "acme-personal-jane-doe@dev", "secretsmanager:GetSecretValue",
			"arn:aws:secretsmanager:us-east-1:333333333333:secret:acme/shared/db-AbCdEf"}},
		// ... and through a chain: each hop's statements are traced too.
		{"why-access-chain", 0, []string{"why", "-c", org, "--output", "json", "team:developers", "iam:PassRole", "arn:aws:iam::333333333333:role/acme-personal-ana-lima",
			"--context", "aws:PrincipalTag/engineer=ana-lima", "--context", "iam:PassedToService=ec2.amazonaws.com"}},
		// a sec group: a managed policy it attaches, and an inline one.
		{"why-sec-group-managed", 0, []string{"why", "-c", filepath.Join(sec, "startup.yaml"), "group:acme-dev-t001-group-ml-engineers", "s3:GetObject", "arn:aws:s3:::acme-dev-t001-data/x"}},
		{"why-sec-group-inline", 0, []string{"why", "-c", filepath.Join(sec, "startup.yaml"), "group:acme-dev-t001-group-ml-engineers", "lambda:GetAlias", "arn:aws:lambda:us-east-1:012345678901:function:acme-dev-t001-x"}},
		// an ml role.
		{"why-ml-role", 0, []string{"why", "-c", filepath.Join("..", "..", "examples", "ml", "techcorp-prod-a001-us-west-2-customer-churn-ml-s3.yaml"),
			"techcorp-prod-a001-customer-churn-s3-ml-codebuild-role", "iam:PassRole", "arn:aws:iam::111122223333:role/techcorp-prod-a001-customer-churn-s3-ml-sagemaker-role",
			"--context", "iam:PassedToService=sagemaker.amazonaws.com"}},
		// one statement, by its policy and Sid: an inline policy of a role,
		// a sec managed policy; a Sid that is not there exits 1.
		{"why-statement-inline", 0, []string{"why", "-c", org, "--policy", "acme-devserver/own-devserver", "--sid", "PassOwnPersonalRole"}},
		{"why-statement-managed", 0, []string{"why", "-c", filepath.Join(sec, "startup.yaml"), "--policy", "acme-dev-t001-policy-s3-level2", "--sid", "ReadWriteTenantObjects"}},
		{"why-statement-missing", 1, []string{"why", "-c", filepath.Join(sec, "startup.yaml"), "--policy", "acme-dev-t001-policy-s3-level2", "--sid", "Nope"}},
		// nothing grants it: exit 1, and says so.
		{"why-nothing", 1, []string{"why", "-c", org, "team:auditors", "iam:CreateUser"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			io, out, errOut := TestIO()
			args := append(c.args, "--workdir", t.TempDir())
			if code := Run(context.Background(), io, fixedNow, args); code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, errOut)
			}
			testutil.Golden(t, filepath.Join("testdata", "iam", c.name+".txt"), out.Bytes())
		})
	}
}

// TestWhyPointsAtTheLines: each config step of why names a line whose text
// at its column is what the step says (the group, the include, the atomic
// policy), and the template step's line is the statement with its Sid.
func TestWhyPointsAtTheLines(t *testing.T) {
	org := filepath.Join("..", "..", "examples", "access", "organization.yaml")
	dir := t.TempDir()
	io, out, errOut := TestIO()
	args := []string{"why", "-c", org, "--output", "json", "--workdir", dir, "acme-personal-jane-doe@dev", "secretsmanager:GetSecretValue",
		"arn:aws:secretsmanager:us-east-1:333333333333:secret:acme/shared/db-AbCdEf"}
	if code := Run(context.Background(), io, fixedNow, args); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var got whyJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Links) != 1 {
		t.Fatalf("links: %+v", got.Links)
	}
	l := got.Links[0]
	// What each step's line holds at its column.
	want := []string{"policy_group: ml-lead", "ml-lead", "data", "base", "SecretsReadShared", "name: SecretsReadShared"}
	if len(l.Config) != len(want) {
		t.Fatalf("steps: %+v", l.Config)
	}
	at := func(pos string) string {
		file, line, col := splitPos(t, pos)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		return lines[line-1][col-1:]
	}
	for i, st := range l.Config {
		if text := at(st.At); !strings.HasPrefix(text, want[i]) {
			t.Errorf("step %d (%s) at %s reads %q, want %q", i, st.What, st.At, text, want[i])
		}
	}
	// The template the workspace names is the one generate would write;
	// read the one the build wrote to compare.
	file, line, _ := splitPos(t, l.At)
	run(t, "generate", "-c", org, "--workdir", dir, "--account", "dev")
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Split(string(data), "\n")[line-1]; !strings.Contains(text, "Sid: SecretsReadShared") {
		t.Errorf("template line %d is %q, not the statement", line, text)
	}
}

func splitPos(t *testing.T, pos string) (string, int, int) {
	t.Helper()
	parts := strings.Split(pos, ":")
	if len(parts) < 3 {
		t.Fatalf("position %q", pos)
	}
	line, err1 := strconv.Atoi(parts[len(parts)-2])
	col, err2 := strconv.Atoi(parts[len(parts)-1])
	if err1 != nil || err2 != nil {
		t.Fatalf("position %q", pos)
	}
	return strings.Join(parts[:len(parts)-2], ":"), line, col
}

func run(t *testing.T, args ...string) string {
	t.Helper()
	io, out, errOut := TestIO()
	if code := Run(context.Background(), io, fixedNow, args); code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, code, errOut)
	}
	return out.String()
}
