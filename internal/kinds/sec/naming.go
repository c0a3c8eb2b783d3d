package sec

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/kinds"
)

// IAM and CloudFormation name limits, in characters.
const (
	maxRoleName   = 64
	maxGroupName  = 128
	maxPolicyName = 128
	maxStackName  = 128
)

// prefix is what every IAM name starts with: {company_prefix}-{env}-{tenant_id}.
// IAM is global, so IAM names leave the region out; the stack name has it.
func (s *spec) prefix() string {
	c := s.cfg
	return fmt.Sprintf("%s-%s-%s", c.Client.CompanyPrefix, c.Environment.Env, c.Client.TenantID)
}

// Stem is {company_prefix}-{env}-{tenant_id}-{region}-{tier}-sec.
func (s *spec) Stem() string {
	return fmt.Sprintf("%s-%s-%s-sec", s.prefix(), s.cfg.Environment.Region, s.tier.Name)
}

// TemplateBucket is deployment.template_bucket.
func (s *spec) TemplateBucket() string { return s.cfg.Deployment.TemplateBucket }

// Target is the account, region and tags of the stack; deploy writes its
// outputs under /security/{stem}.
func (s *spec) Target() kinds.Target {
	return kinds.Target{
		Account: s.cfg.Client.AccountID, Region: s.cfg.Environment.Region, Tags: s.cfg.Tags,
		TemplatePrefix: s.cfg.Deployment.TemplatePrefix, OutputsPath: "/security/" + s.Stem(),
	}
}

// StackName is {stem}-stack.
func (s *spec) StackName() string { return s.Stem() + "-stack" }

func (s *spec) groupName(name string) string { return s.prefix() + "-group-" + name }
func (s *spec) roleName(name string) string  { return s.prefix() + "-role-" + name }
func (s *spec) xacctName(name string) string { return s.prefix() + "-xacct-" + name }
func (s *spec) policyName(id string) string {
	return s.prefix() + "-policy-" + strings.ReplaceAll(id, "/", "-")
}
func (s *spec) arn(kind, name string) string {
	return "arn:aws:iam::" + s.cfg.Client.AccountID + ":" + kind + "/" + name
}
func accountRoot(id string) string        { return "arn:aws:iam::" + id + ":root" }
func inlineName(templateID string) string { return strings.ReplaceAll(templateID, "/", "-") }
func pascal(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for _, w := range strings.FieldsFunc(p, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
