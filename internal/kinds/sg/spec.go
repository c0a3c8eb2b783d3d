package sg

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
)

// spec is one loaded sg config.
type spec struct {
	doc      *config.Document
	cfg      Config
	scenario *Scenario
	model    *model
	resolved finding.List
}

var _ kinds.Spec = (*spec)(nil)

func newSpec(doc *config.Document, c Config, sc *Scenario) *spec {
	s := &spec{doc: doc, cfg: c, scenario: sc}
	s.model, s.resolved = s.resolve()
	return s
}

// prefix is {company_prefix}-{env}-{tenant_id}.
func (s *spec) prefix() string {
	c := s.cfg
	return fmt.Sprintf("%s-%s-%s", c.Client.CompanyPrefix, c.Environment.Env, c.Client.TenantID)
}

// Stem is the name of the set of groups, {prefix}-{region}[-{workload}]-sg;
// each group is {stem}-{tier}.
func (s *spec) Stem() string {
	parts := []string{s.prefix(), s.cfg.Environment.Region}
	if s.cfg.Workload != "" {
		parts = append(parts, s.cfg.Workload)
	}
	return strings.Join(append(parts, "sg"), "-")
}

// StackName is {stem}-stack.
func (s *spec) StackName() string { return s.Stem() + "-stack" }

// TemplateBucket is deployment.template_bucket.
func (s *spec) TemplateBucket() string { return s.cfg.Deployment.TemplateBucket }

// Target is the account, region and tags; the template stores its own
// outputs in SSM, so deploy writes none.
func (s *spec) Target() kinds.Target {
	return kinds.Target{Account: s.cfg.Client.AccountID, Region: s.cfg.Environment.Region, Tags: s.cfg.Tags,
		TemplatePrefix: s.cfg.Deployment.TemplatePrefix}
}

func (s *spec) groupName(t *tier) string { return s.Stem() + "-" + t.Name }

// parameterName is where a tier's group id is published.
func (s *spec) parameterName(t *tier) string {
	return fmt.Sprintf("/sg/%s/%s/SecurityGroupId", s.Stem(), t.Name)
}

// vpcParameterPath is the SSM parameter the VPC id is read from.
func (s *spec) vpcParameterPath() string {
	if p := s.cfg.VPC.ParameterPath; p != "" {
		return p
	}
	c := s.cfg
	return fmt.Sprintf("/vpc/%s-%s-vpc/VPCId", s.prefix(), c.Environment.Region)
}

// Inventory counts what the stack creates.
func (s *spec) Inventory() map[string]int {
	inv := map[string]int{"security_groups": len(s.model.tiers), "ssm_parameters": len(s.model.tiers)}
	for _, t := range s.model.tiers {
		for _, r := range t.rules() {
			switch {
			case r.Tier != "":
				inv["cross_tier_rules"]++
			case r.Ingress:
				inv["ingress_rules"]++
			default:
				inv["egress_rules"]++
			}
		}
	}
	return inv
}

// logicalName turns a tier or rule name into a CamelCase logical-id part.
func logicalName(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
