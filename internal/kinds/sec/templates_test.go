package sec_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/kinds/sec"
)

// The product's template set: 31 files in 9 service directories. The list
// the seed spells out (s3 1-3, ecr 1-3, sagemaker 5, pipeline 1-3, lambda
// 1-2, bedrock 1-2, kms 1, trusted-advisor 1, combined 4) is 24; the other
// seven complete the levels and the read-only bundles (see README).
var wantTemplates = []string{
	"bedrock/level1", "bedrock/level2",
	"combined/cost-read-only", "combined/data-services-read-only", "combined/mlops-services-a",
	"combined/mlops-services-b", "combined/mlops-services-c", "combined/observability-read-only",
	"combined/ops-services-read-only", "combined/security-audit-read-only",
	"ecr/level1", "ecr/level2", "ecr/level3",
	"kms/level1", "kms/level2", "kms/level3",
	"lambda/level1", "lambda/level2",
	"pipeline/level1", "pipeline/level2", "pipeline/level3",
	"s3/level1", "s3/level2", "s3/level3",
	"sagemaker/level1", "sagemaker/level1-prod", "sagemaker/level2", "sagemaker/level3", "sagemaker/level4-ci",
	"trusted-advisor/level1", "trusted-advisor/level2",
}

var testVars = map[string]string{"company_prefix": "acme", "env": "prod", "tenant_id": "t001", "account_id": "123456789012", "region": "us-east-1"}

func TestPolicyTemplateSet(t *testing.T) {
	ts, err := iam.LoadTemplates(sec.Kind{}.Assets())
	if err != nil {
		t.Fatal(err)
	}
	ids := iam.SortedIDs(ts)
	if !slices.Equal(ids, wantTemplates) {
		t.Fatalf("templates:\n got %v\nwant %v", ids, wantTemplates)
	}
	services := map[string]bool{}
	for _, id := range ids {
		services[ts[id].Service()] = true
	}
	if len(ids) != 31 || len(services) != 9 {
		t.Fatalf("%d templates in %d services, want 31 in 9", len(ids), len(services))
	}
}

// TestPolicyTemplatesLeastPrivilege checks each template against the IAM
// action catalog: every action exists, Resource "*" appears only in
// statements whose actions all lack resource-level permissions, scoped
// resources are tenant-scoped, and the rendered policy fits a managed policy.
func TestPolicyTemplatesLeastPrivilege(t *testing.T) {
	ts, err := iam.LoadTemplates(sec.Kind{}.Assets())
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.Default()
	for _, id := range iam.SortedIDs(ts) {
		t.Run(id, func(t *testing.T) {
			tpl := ts[id]
			p, err := tpl.Render(testVars)
			if err != nil {
				t.Fatal(err)
			}
			if n := p.Size(); n > iam.MaxManagedPolicySize {
				t.Errorf("rendered size %d > %d", n, iam.MaxManagedPolicySize)
			}
			sids := map[string]bool{}
			for i, st := range tpl.Policy.Statement {
				if sids[st.Sid] {
					t.Errorf("statement %d: Sid %q repeats", i, st.Sid)
				}
				sids[st.Sid] = true
				star := slices.Contains(st.Resource.Strings(), "*")
				for _, a := range st.Action.Strings() {
					if a == "*" || strings.HasSuffix(a, ":*") {
						t.Errorf("statement %d: action %s grants a whole service", i, a)
					}
					matched := cat.Match(a)
					if len(matched) == 0 {
						t.Errorf("statement %d: action %s is not in the IAM catalog", i, a)
					}
					for _, m := range matched {
						types, _ := cat.Lookup(m)
						if star && len(types) > 0 {
							t.Errorf("statement %d: %s supports resource types %v but the statement uses Resource \"*\"", i, m, types)
						}
					}
				}
				if star && len(st.Resource) > 1 {
					t.Errorf("statement %d mixes \"*\" with scoped resources", i)
				}
				for _, r := range st.Resource.Strings() {
					if r != "*" && !strings.Contains(r, "${") && !awsOwned(r) {
						t.Errorf("statement %d: resource %s uses no placeholder, so it is not tenant-scoped", i, r)
					}
				}
			}
		})
	}
}

// TestTemplateOverride shows the --assets contract: a file dropped into
// policy-templates/<service>/<level>.yaml adds a template with no code change.
func TestTemplateOverride(t *testing.T) {
	user := fstestMap{"policy-templates/athena/level1.yaml": `description: Query the tenant's Athena workgroups.
policy:
  Version: "2012-10-17"
  Statement:
    - Sid: RunQueries
      Effect: Allow
      Action: [athena:StartQueryExecution, athena:GetQueryResults]
      Resource: arn:aws:athena:${region}:${account_id}:workgroup/${company_prefix}-${env}-${tenant_id}-*
`}
	ts, err := iam.LoadTemplates(overlayFS(user))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ts["athena/level1"]; !ok || len(ts) != 32 {
		t.Fatalf("override not picked up: %d templates", len(ts))
	}
}

// awsOwned reports whether an ARN names a resource AWS owns (a Bedrock
// foundation model): such ARNs have an empty account field. S3 ARNs have one
// too, but name buckets, which must be tenant-scoped.
func awsOwned(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[2] != "s3" && parts[4] == ""
}
