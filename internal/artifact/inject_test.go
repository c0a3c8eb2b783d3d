package artifact_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/kinds/kindtest"
)

// TestConfigStringInjection: CloudFormation syntax in a config string of
// any kind (a description, a name, a tag, a GitHub OIDC subject) is an
// error at the value's line:col, and the config builds no template.
func TestConfigStringInjection(t *testing.T) {
	cases := []struct {
		name, example, old, new string
	}{
		{"sec group description, dynamic reference", "sec/startup.yaml",
			"description: Explore data and train models in SageMaker", "description: \"{{resolve:ssm:/x}} data\""},
		{"sec role description, pseudo parameter", "sec/startup.yaml",
			"description: Glue jobs that prepare training data", "description: Glue jobs in ${AWS::Region}"},
		{"sec secret in a description", "sec/startup.yaml",
			"description: Read-only view of ML resources", "description: \"{{resolve:secretsmanager:prod/db:SecretString:password}}\""},
		{"sg tag value", "sg/two-tier-web.yaml", "Owner: platform", "Owner: \"{{resolve:ssm-secure:/owner}}\""},
		{"sg workload, resource attribute", "sg/two-tier-web.yaml", "workload: portal", "workload: ${Role.Arn}"},
		{"ml tag value", "ml/techcorp-prod-a001-us-west-2-customer-churn-ml-codecommit.yaml", "owner: churn-ml-team", "owner: \"{{ resolve:ssm:/team }}\""},
		{"access team description", "access/organization.yaml", "description: Platform administrators", "description: Admins of ${AWS::AccountId}"},
		{"access OIDC subject", "access/organization.yaml",
			`trusted_github_repos: ["repo:acme/infra:ref:refs/heads/main"]`, `trusted_github_repos: ["repo:acme/{{resolve:ssm:/repo}}:ref:refs/heads/main"]`},
		{"access tag", "access/organization.yaml", "Owner: platform", "Owner: ${AWS::StackName}"},
	}
	b := &artifact.Builder{Env: kindtest.Env(nil)}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, file, text := buildEdited(t, b, tc.example, tc.old, tc.new)
			at := strings.Index(text, tc.new)
			line := strings.Count(text[:at], "\n") + 1
			// The value starts after "key: ", or after the "[" of a flow list.
			col := at - strings.LastIndexByte(text[:at], '\n') + strings.Index(tc.new, ": ") + 2
			if i := strings.IndexByte(tc.new, '['); i >= 0 {
				col = at - strings.LastIndexByte(text[:at], '\n') + i + 1
			}
			found := false
			for _, f := range c.Findings {
				if f.Rule == "LF-CFG-012" {
					found = true
					if f.Pos.Line != line || f.Pos.Column != col || f.Pos.File != file {
						t.Errorf("at %s, want line %d col %d", f.Pos, line, col)
					}
				}
			}
			if !found || len(c.Artifacts) != 0 {
				t.Fatalf("no LF-CFG-012 (or a template was built): %v", c.Findings)
			}
		})
	}
}

// TestUnknownRegion: a region no AWS partition has, in any kind, is an
// error at its value naming the closest region, and builds no template.
func TestUnknownRegion(t *testing.T) {
	cases := []struct {
		example, old, new, hint string
	}{
		{"sec/startup.yaml", "region: us-east-1", "region: us-esat-1", "did you mean us-east-1?"},
		{"sg/two-tier-web.yaml", "region: us-east-1", "region: us-nowhere-9", "use a region of an AWS partition"},
		{"access/organization.yaml", "region: us-east-1", "region: eu-wset-1", "did you mean eu-west-1?"},
		{"ml/techcorp-prod-a001-us-west-2-customer-churn-ml-codecommit.yaml", "region: us-west-2", "region: us-west-9", "did you mean us-west-1?"},
	}
	b := &artifact.Builder{Env: kindtest.Env(nil)}
	for _, tc := range cases {
		t.Run(tc.example, func(t *testing.T) {
			c, _, text := buildEdited(t, b, tc.example, tc.old, tc.new)
			at := strings.Index(text, tc.new)
			line, col := strings.Count(text[:at], "\n")+1, at-strings.LastIndexByte(text[:at], '\n')+len("region: ")
			var got []string
			for _, f := range c.Findings {
				if f.Rule == "LF-CFG-013" && f.Pos.Line == line && f.Pos.Column == col && strings.Contains(f.Hint, tc.hint) {
					got = append(got, f.Message)
				}
			}
			if len(got) != 1 || len(c.Artifacts) != 0 {
				t.Fatalf("want one LF-CFG-013 at %d:%d with %q; got %v", line, col, tc.hint, c.Findings)
			}
		})
	}
}

// buildEdited builds an example with one string of it replaced, as a file
// beside the original so that relative files (SAML metadata) resolve.
func buildEdited(t *testing.T, b *artifact.Builder, example, old, new string) (*artifact.Config, string, string) {
	t.Helper()
	src := filepath.Join("../../examples", example)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if strings.Count(text, old) != 1 {
		t.Fatalf("%s has %q %d times", src, old, strings.Count(text, old))
	}
	text = strings.Replace(text, old, new, 1)
	file := filepath.Join(filepath.Dir(src), "edited-"+filepath.Base(src))
	c, err := b.Build(file, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return c, file, text
}
