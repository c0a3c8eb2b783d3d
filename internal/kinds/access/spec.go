package access

import (
	"fmt"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// spec is one loaded access config: one stack per account.
type spec struct {
	doc   *config.Document
	cfg   Config
	dir   string            // the config's directory, for SAML metadata paths
	saml  map[string]string // provider name → metadata XML
	dag   *iam.DAG
	model *model
	found finding.List // everything loading and resolving found
	later finding.List // what Validate returns: resolving's findings
}

var (
	_ kinds.Spec  = (*spec)(nil)
	_ kinds.Multi = (*spec)(nil)
)

func (s *spec) org() string { return s.cfg.Organization.Name }

// Stem names the organization's files: {org}-access.
func (s *spec) Stem() string { return s.org() + "-access" }

// StackName is not one stack: deploy works per account (Units).
func (s *spec) StackName() string { return s.Stem() + "-stack" }

// TemplateBucket: access templates are sent inline.
func (s *spec) TemplateBucket() string { return "" }

// Target of the whole config is the identity account.
func (s *spec) Target() kinds.Target { return s.unit(s.cfg.Organization.Identity).Target() }

// Build: an access config has one template per account.
func (s *spec) Build() (*cfn.Template, error) {
	return nil, fmt.Errorf("an access config has one template per account: build its units")
}

// Inventory counts the principals of every account.
func (s *spec) Inventory() map[string]int {
	inv := map[string]int{"accounts": len(s.cfg.Organization.Accounts), "service_users": len(s.model.users)}
	for _, r := range s.model.roles {
		inv[inventoryKey[r.Kind]]++
	}
	return inv
}

// inventoryKey names role kinds in inventories.
var inventoryKey = map[string]string{kindTeam: "teams", kindTeamRole: "team_roles", kindState: "tfstate_roles", kindPersonal: "personal_roles"}

// Units are the accounts, sorted by name.
func (s *spec) Units() []kinds.NamedUnit {
	var out []kinds.NamedUnit
	for _, a := range s.accountNames() {
		out = append(out, kinds.NamedUnit{Name: a, Unit: s.unit(a)})
	}
	return out
}

func (s *spec) unit(account string) *unit { return &unit{s: s, account: account} }

// unit is the stack of one account.
type unit struct {
	s       *spec
	account string
}

func (u *unit) Stem() string           { return fmt.Sprintf("%s-%s-access", u.s.org(), u.account) }
func (u *unit) StackName() string      { return u.Stem() + "-stack" }
func (u *unit) TemplateBucket() string { return "" }
func (u *unit) Build() (*cfn.Template, error) {
	return u.s.build(u.account)
}

// Target deploys into the account with its profile, or by assuming its
// role (OrganizationAccountAccessRole unless the config names another).
func (u *unit) Target() kinds.Target {
	a := u.s.cfg.Organization.Accounts[u.account]
	t := kinds.Target{Account: a.ID, Region: u.s.cfg.Organization.Region, Tags: u.s.cfg.Tags, Profile: a.Profile, RoleARN: a.RoleARN}
	if t.Profile == "" && t.RoleARN == "" {
		t.RoleARN = fmt.Sprintf("arn:aws:iam::%s:role/OrganizationAccountAccessRole", a.ID)
	}
	return t
}

func (u *unit) Inventory() map[string]int {
	inv := map[string]int{}
	for _, r := range u.s.rolesIn(u.account) {
		inv[inventoryKey[r.Kind]]++
	}
	for _, us := range u.s.model.users {
		if us.Account == u.account {
			inv["service_users"]++
		}
	}
	return inv
}
