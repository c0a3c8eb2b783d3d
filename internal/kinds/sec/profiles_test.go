package sec_test

import (
	"strings"
	"testing"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/testutil"
)

// TestSecurityProfilesSwitchSections checks that security_profiles and
// enabled: false leave resources out of the inventory and the template, and
// that references into a switched-off section are reported.
func TestSecurityProfilesSwitchSections(t *testing.T) {
	base := `kind: sec
tier: medium
client: {company_prefix: acme, tenant_id: t001, account_id: "012345678901"}
environment: {env: dev, region: us-east-1}
deployment: {template_bucket: acme-dev-t001-cfn}
security:
  security_profiles: {PROFILES}
  managed_policies: [{template: s3/level1}, {template: s3/level2, enabled: false}]
  iam_groups:
    - {name: viewers, managed_policies: [s3/level1]}
    - {name: retired, inline_policies: [s3/level1], enabled: false}
  service_roles:
    - {name: trainer, service: sagemaker, inline_policies: [s3/level1]}
  assumable_roles:
    - {name: viewer-access, mirrors_group: viewers, assumable_by: [viewers]}
  cross_account_roles:
    - {name: ci, trusted_account_id: "111122223333", external_id: abcdefghijklmnop1234, inline_policies: [s3/level1]}
`
	cases := []struct {
		profiles string
		want     map[string]int
	}{
		{"{}", map[string]int{"groups": 1, "managed_policies": 1, "service_roles": 1, "assumable_roles": 1, "cross_account_roles": 1}},
		{"{service_roles: false, cross_account_roles: false}", map[string]int{"groups": 1, "managed_policies": 1, "service_roles": 0, "assumable_roles": 1, "cross_account_roles": 0}},
		{"{assumable_roles: false}", map[string]int{"groups": 1, "managed_policies": 1, "service_roles": 1, "assumable_roles": 0, "cross_account_roles": 1}},
	}
	for _, c := range cases {
		t.Run(c.profiles, func(t *testing.T) {
			s, fs := load(t, "p.yaml", []byte(strings.Replace(base, "{PROFILES}", c.profiles, 1)))
			if s == nil || fs.HasErrors() {
				t.Fatalf("findings:\n%s", testutil.Text(fs))
			}
			inv := s.Inventory()
			for k, v := range c.want {
				if inv[k] != v {
					t.Errorf("%s = %d, want %d", k, inv[k], v)
				}
			}
			tpl, err := s.Build()
			if err != nil {
				t.Fatal(err)
			}
			if tpl.Resource("GroupRetired") != nil || tpl.Resource("PolicyS3Level2") != nil {
				t.Error("a disabled resource is in the template")
			}
		})
	}
	// Attaching a policy whose section is switched off is an error, with a hint.
	_, fs := load(t, "p.yaml", []byte(strings.Replace(base, "{PROFILES}", "{managed_policies: false}", 1)))
	if fs.Count(finding.Error) != 1 || fs[0].Rule != "LF-SEC-003" || !strings.Contains(fs[0].Hint, "security_profiles.managed_policies is false") {
		t.Errorf("want one LF-SEC-003 about the switched-off section, got:\n%s", testutil.Text(fs))
	}
}
