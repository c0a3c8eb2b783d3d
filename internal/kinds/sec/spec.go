package sec

import (
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// spec is one loaded sec config.
type spec struct {
	doc       *config.Document
	cfg       Config
	tier      Tier
	templates *iam.TemplateSet
	vars      map[string]string
	model     *model
	resolved  finding.List
}

var _ kinds.Spec = (*spec)(nil)

func newSpec(doc *config.Document, c Config, tier Tier, templates *iam.TemplateSet) *spec {
	s := &spec{doc: doc, cfg: c, tier: tier, templates: templates, vars: map[string]string{
		"company_prefix": c.Client.CompanyPrefix, "env": c.Environment.Env, "tenant_id": c.Client.TenantID,
		"account_id": c.Client.AccountID, "region": c.Environment.Region,
	}}
	s.model, s.resolved = s.resolve()
	return s
}

// Inventory counts the resources the stack creates, by sec's own words.
func (s *spec) Inventory() map[string]int {
	inv := map[string]int{"groups": len(s.model.groups), "managed_policies": len(s.model.policies),
		"service_roles": 0, "assumable_roles": 0, "cross_account_roles": 0}
	for _, r := range s.model.roles {
		switch r.Kind {
		case roleService:
			inv["service_roles"]++
		case roleCrossAccount:
			inv["cross_account_roles"]++
		default:
			inv["assumable_roles"]++
		}
	}
	return inv
}
