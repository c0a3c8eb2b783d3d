package sec_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/sec"
	"github.com/landform/landform/internal/testutil"
)

// TestTierProperties generates configs for every tier, the first with the
// tier's exact counts (startup-5: 5 groups, 4 service roles, 1 assumable, 0
// cross-account; medium-10: 10/5/6/1; enterprise-12: 12/5/7/2), the rest
// random within the tier, and checks what must hold for all of them: the
// config is valid, the inventory equals what was asked for, the resource
// counts agree, and every Ref, Fn::GetAtt, Fn::Sub and DependsOn resolves.
func TestTierProperties(t *testing.T) {
	want := map[string][4]int{"startup": {5, 4, 1, 0}, "medium": {10, 5, 6, 1}, "enterprise": {12, 5, 7, 2}}
	for _, tier := range sec.Tiers {
		seed := want[tier.Name]
		if got := [4]int{tier.Groups, tier.ServiceRoles, tier.AssumableRoles, tier.CrossAccountRoles}; got != seed {
			t.Fatalf("tier %s allows %v, the product's numbers are %v", tier.Name, got, seed)
		}
		for i := range 40 {
			t.Run(fmt.Sprintf("%s/%d", tier.Name, i), func(t *testing.T) {
				t.Parallel()
				rng := rand.New(rand.NewPCG(uint64(i), 7))
				counts := seed
				if i > 0 {
					counts = [4]int{1 + rng.IntN(seed[0]), rng.IntN(seed[1] + 1), rng.IntN(seed[2] + 1), rng.IntN(seed[3] + 1)}
				}
				yml := randomConfig(rng, tier.Name, counts)
				s, fs := load(t, "gen.yaml", []byte(yml))
				if s == nil || fs.HasErrors() {
					t.Fatalf("generated config is invalid:\n%s\n%s", testutil.Text(fs), yml)
				}
				inv := s.Inventory()
				got := [4]int{inv["groups"], inv["service_roles"], inv["assumable_roles"], inv["cross_account_roles"]}
				if got != counts {
					t.Fatalf("inventory %v, asked for %v", got, counts)
				}
				tpl, err := s.Build()
				if err != nil {
					t.Fatal(err)
				}
				byType := tpl.CountByType()
				if byType["AWS::IAM::Group"] != counts[0] || byType["AWS::IAM::Role"] != counts[1]+counts[2]+counts[3] ||
					byType["AWS::IAM::ManagedPolicy"] != inv["managed_policies"] {
					t.Fatalf("resources %v do not match inventory %v", byType, inv)
				}
				if len(tpl.Outputs) != len(tpl.Resources) {
					t.Fatalf("%d outputs for %d resources: every ARN needs an output", len(tpl.Outputs), len(tpl.Resources))
				}
				body, err := tpl.Encode(cfn.YAML)
				if err != nil {
					t.Fatal(err)
				}
				// Notes (a template over TemplateBody's size) are expected; nothing else.
				if cfs := check.Bytes("gen.yaml", body); cfs.Count(finding.Error)+cfs.Count(finding.Warning) > 0 {
					t.Fatalf("template does not check:\n%s", testutil.Text(cfs))
				}
			})
		}
	}
}

var smallTemplates = []string{"s3/level1", "s3/level2", "ecr/level1", "ecr/level2", "sagemaker/level1-prod", "kms/level1", "bedrock/level1", "lambda/level1"}

func pick(rng *rand.Rand, n int) []string {
	p := rng.Perm(len(smallTemplates))
	out := make([]string, n)
	for i := range n {
		out[i] = smallTemplates[p[i]]
	}
	return out
}

// randomConfig writes a config with the given counts of groups, service
// roles, assumable roles and cross-account roles.
func randomConfig(rng *rand.Rand, tier string, n [4]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kind: sec\ntier: %s\nclient:\n  company_prefix: gen\n  tenant_id: t%d\n  account_id: \"0%011d\"\n", tier, rng.IntN(1000), rng.IntN(1e11))
	fmt.Fprintf(&b, "environment:\n  env: dev\n  region: eu-central-1\ndeployment:\n  template_bucket: gen-templates\n")
	b.WriteString("security:\n  managed_policies:\n")
	for _, id := range smallTemplates {
		fmt.Fprintf(&b, "    - template: %s\n", id)
	}
	b.WriteString("  iam_groups:\n")
	for g := range n[0] {
		fmt.Fprintf(&b, "    - name: team%d\n      managed_policies: [%s]\n      inline_policies: [%s]\n", g,
			strings.Join(pick(rng, 1+rng.IntN(4)), ", "), pick(rng, 1)[0])
	}
	services := []string{"sagemaker", "lambda", "glue", "codebuild", "pipeline"}
	if n[1] > 0 {
		b.WriteString("  service_roles:\n")
	}
	for r := range n[1] {
		fmt.Fprintf(&b, "    - name: svc%d\n      service: %s\n      managed_policies: [%s]\n", r, services[rng.IntN(len(services))], strings.Join(pick(rng, 1+rng.IntN(3)), ", "))
	}
	if n[2] > 0 {
		b.WriteString("  assumable_roles:\n")
	}
	for r := range n[2] {
		fmt.Fprintf(&b, "    - name: assume%d\n      assumable_by: [team%d]\n", r, rng.IntN(n[0]))
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, "      mirrors_group: team%d\n", rng.IntN(n[0]))
		} else {
			b.WriteString("      permissions:\n        - actions: [s3:PutObject]\n          resources: [\"arn:aws:s3:::${company_prefix}-${env}-${tenant_id}-*/*\"]\n")
		}
	}
	if n[3] > 0 {
		b.WriteString("  cross_account_roles:\n")
	}
	for r := range n[3] {
		fmt.Fprintf(&b, "    - name: xacct%d\n      trusted_account_id: \"%012d\"\n      external_id: ext-%016d\n      managed_policies: [%s]\n",
			r, 100000000000+rng.IntN(1e11), rng.IntN(1e15), pick(rng, 1)[0])
	}
	return b.String()
}
