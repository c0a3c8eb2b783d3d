package cli

import (
	"context"
	"path/filepath"
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
