package access

import (
	"fmt"
	"strings"

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

	reasons       map[string]string  // atomic policy → allow_wildcard_reason, when set
	teamTrustedBy map[string][]*role // team name → the roles that trust it (indexTrusts)
	trustedBy     map[string][]*role // role ARN → the roles that trust it

	splits   cache[string, split]         // documents' results
	rendered cache[atomIn, atomJSON]      // an atomic policy in an account → its statement there
	flat     cache[string, []*iam.Atomic] // group → the atomic policies it reaches
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

// Units are the accounts, sorted by name. An account too big for one stack
// is its base unit, then its shards in order (shard.go).
func (s *spec) Units() []kinds.NamedUnit {
	var out []kinds.NamedUnit
	for _, a := range s.accountNames() {
		// An account whose layout cannot be worked out builds as one
		// stack, and its Build returns the error.
		n, err := s.shardCount(a)
		if err != nil || n == 0 {
			out = append(out, kinds.NamedUnit{Name: a, Unit: s.unit(a)})
		} else {
			out = append(out, kinds.NamedUnit{Name: a, Unit: &unit{s: s, account: a, shard: baseShard, shards: n}})
			for i := range n {
				u := &unit{s: s, account: a, shard: i, shards: n}
				out = append(out, kinds.NamedUnit{Name: u.name(), Unit: u})
			}
		}
		for _, r := range s.ownStacks(a) {
			u := &unit{s: s, account: a, shard: baseShard, engineer: r}
			out = append(out, kinds.NamedUnit{Name: u.name(), Unit: u})
		}
	}
	return out
}

// ownStacks are the personal roles of the account that have a stack of
// their own (personal_roles.stacks: engineer), by engineer name.
func (s *spec) ownStacks(account string) []*role {
	if s.cfg.PersonalRoles.Stacks != "engineer" || s.found.HasErrors() {
		return nil
	}
	var out []*role
	for _, r := range s.rolesIn(account) {
		if r.Kind == kindPersonal {
			out = append(out, r)
		}
	}
	return out
}

// unit is the whole account's stack, for what every account has one of
// (its Target, its stack name in the operator policy).
func (s *spec) unit(account string) *unit { return &unit{s: s, account: account, shard: baseShard} }

// baseShard is the shard index of a unit that is no shard: the whole
// account, or the base of a sharded one.
const baseShard = -1

// unit is a stack of one account: all of it (shards 0), or, for an account
// spread over several stacks, its base or one of its shards.
type unit struct {
	s       *spec
	account string
	shard   int // baseShard, or the shard's index
	shards  int // the account's shard count; 0: one stack
	// engineer is the personal role of an engineer's own stack
	// (personal_roles.stacks: engineer); nil for every other unit.
	engineer *role
}

var _ kinds.Ordered = (*unit)(nil)

// name selects the unit (NamedUnit.Name, --account): the account, or
// "{account}/shard-{ii}" for a shard.
func (u *unit) name() string {
	if u.engineer != nil {
		return u.account + "/engineer-" + u.engineer.Name
	}
	if u.shard == baseShard {
		return u.account
	}
	return fmt.Sprintf("%s/shard-%02d", u.account, u.shard)
}

// Stem is {org}-{account}-access, or {org}-{account}-access-shard-{ii}.
func (u *unit) Stem() string {
	stem := fmt.Sprintf("%s-%s-access", u.s.org(), u.account)
	if u.engineer != nil {
		return stem + "-engineer-" + u.engineer.Name
	}
	if u.shard != baseShard {
		stem += fmt.Sprintf("-shard-%02d", u.shard)
	}
	return stem
}

func (u *unit) StackName() string { return u.Stem() + "-stack" }
func (u *unit) TemplateBucket() string {
	return u.s.cfg.Organization.Accounts[u.account].TemplateBucket
}

// BucketField is where a large account's template bucket is set.
func (u *unit) BucketField() string {
	return "organization.accounts." + u.account + ".template_bucket"
}

func (u *unit) Build() (*cfn.Template, error) {
	return u.s.build(u)
}

// After: a shard is deployed after its account's base, and a shard of the
// upper half after the one it was split from when the count last doubled
// (shard i+n/2 from shard i, see shard.go). A doubling only moves
// principals from the old shards to the new ones, so the old stacks delete
// them before the new ones create the same IAM names.
func (u *unit) After() []string {
	if u.engineer != nil {
		// Its trust may name the base's service users, whose group policies
		// name it: by ARN, not by reference, so either order deploys, but
		// the base first keeps the account's first deploy in one direction.
		return []string{u.account}
	}
	if u.shard == baseShard {
		return nil
	}
	after := []string{u.account}
	if half := u.shards / 2; half > 0 && u.shard >= half {
		after = append(after, (&unit{s: u.s, account: u.account, shard: u.shard - half}).name())
	}
	return after
}

// StackFamily: the whole stack, or the base, of the engineers account
// answers for the engineers' own stacks ({stem}-engineer-{name}-stack),
// with personal_roles.stacks: engineer or without it (a config that goes
// back to one stack must delete them, or their roles' names clash with
// the base's), so deploy deletes the stack of an engineer who left.
func (u *unit) StackFamily() (kinds.Family, bool) {
	if u.engineer != nil || u.shard != baseShard || u.account != u.s.engineersAccount() {
		return kinds.Family{}, false
	}
	f := kinds.Family{Prefix: u.Stem() + "-engineer-", Suffix: "-stack", Why: func(stack string) string {
		name := strings.TrimSuffix(strings.TrimPrefix(stack, u.Stem()+"-engineer-"), "-stack")
		if u.s.cfg.PersonalRoles.Stacks != "engineer" {
			return fmt.Sprintf("personal roles are in the account's stack now (personal_roles.stacks), and %s's stack would clash with it", name)
		}
		return fmt.Sprintf("engineer %s is no longer in the config", name)
	}}
	for _, r := range u.s.ownStacks(u.account) {
		f.Keep = append(f.Keep, (&unit{s: u.s, account: u.account, shard: baseShard, engineer: r}).StackName())
	}
	return f, true
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

// Inventory counts the principals the unit's stack holds.
func (u *unit) Inventory() map[string]int {
	inv := map[string]int{}
	if u.engineer != nil {
		return map[string]int{inventoryKey[kindPersonal]: 1}
	}
	if u.shard == baseShard {
		for _, r := range u.s.rolesIn(u.account) {
			if r.Kind != kindPersonal {
				inv[inventoryKey[r.Kind]]++
			}
		}
	}
	for _, m := range u.s.members(u.account) {
		if !u.holds(m) {
			continue
		}
		if m.role != nil {
			inv[inventoryKey[m.role.Kind]]++
		} else {
			inv["service_users"]++
		}
	}
	return inv
}
