package access

import (
	"fmt"
	"sort"
	"strings"
)

// Role kinds.
const (
	kindTeam     = "team"
	kindTeamRole = "team-role"
	kindState    = "tfstate"
	kindPersonal = "personal"
)

// role is one IAM role of one account.
type role struct {
	Kind        string
	Name        string // the config's name: admin, terraform, jane-doe
	IAMName     string
	LogicalID   string
	Account     string
	Description string
	Groups      []string // policy groups
	Extra       []string // extra atomic policies (engineers)
	Managed     []string // AWS-managed policy ARNs
	MaxSession  int
	Path        string // config path, for findings

	TrustTeams  []string // team names
	TrustRoles  []string // role ARNs
	DenyTeams   []string
	GitHubRepos []string
	SAML        string // provider name, for teams with saml_login
	Service     string // ec2.amazonaws.com for personal roles
	// StateAccess is read-write or read-only for the tfstate roles.
	StateAccess string
	// Profile is a personal role's instance profile name.
	Profile string
}

// user is a service user: a user in a group with one policy group.
type user struct {
	Name, IAMName, LogicalID, Group, Account, Path string
}

// model is every principal of the organization, by account.
type model struct {
	roles []*role
	users []*user
}

func (s *spec) arn(account, kind, name string) string {
	return fmt.Sprintf("arn:aws:iam::%s:%s/%s", s.cfg.Organization.Accounts[account].ID, kind, name)
}

func (s *spec) roleARN(r *role) string { return s.arn(r.Account, "role", r.IAMName) }

func (s *spec) teamARN(team string) string {
	return s.arn(s.cfg.Organization.Identity, "role", s.teamIAMName(team))
}

func (s *spec) teamIAMName(team string) string { return s.org() + "-team-" + team }

// roleAccounts are the accounts a team role is created in.
func (s *spec) roleAccounts(names []string) []string {
	if len(names) > 0 {
		return names
	}
	var out []string
	for _, a := range s.accountNames() {
		if a != s.cfg.Organization.Identity {
			out = append(out, a)
		}
	}
	return out
}

func (s *spec) accountNames() []string {
	out := make([]string, 0, len(s.cfg.Organization.Accounts))
	for a := range s.cfg.Organization.Accounts {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

func enabled(sp *Special) bool { return sp == nil || sp.Enabled == nil || *sp.Enabled }

// resolve builds every role and user from the config.
func (s *spec) resolve() *model {
	c := s.cfg
	m := &model{}
	for i, t := range c.Teams {
		r := &role{Kind: kindTeam, Name: t.Name, IAMName: s.teamIAMName(t.Name), LogicalID: "Team" + camel(t.Name),
			Account: c.Organization.Identity, Description: t.Description, Groups: t.PolicyGroups, Managed: t.ManagedPolicies,
			MaxSession: t.MaxSessionDuration, TrustTeams: t.TrustedTeams, Path: fmt.Sprintf("teams[%d]", i)}
		if t.SAMLLogin {
			r.SAML = s.samlProvider(t.SAMLProvider)
		}
		m.roles = append(m.roles, r)
	}
	// add makes the role in each of its accounts, with that account's
	// trust: an account's list replaces the role's (lists replace).
	add := func(tr TeamRole, path string, byDefault bool) {
		for _, a := range s.roleAccounts(tr.Accounts) {
			o := tr.PerAccount[a]
			on := byDefault
			if o.Enabled != nil {
				on = *o.Enabled
			}
			if !on {
				continue
			}
			teams, denied, repos := tr.TrustedTeams, tr.DeniedTeams, tr.TrustedGitHubRepos
			if o.TrustedTeams != nil {
				teams = o.TrustedTeams
			}
			if o.DeniedTeams != nil {
				denied = o.DeniedTeams
			}
			if o.TrustedGitHubRepos != nil {
				repos = o.TrustedGitHubRepos
			}
			r := &role{Kind: kindTeamRole, Name: tr.Name, IAMName: s.org() + "-" + tr.Name,
				LogicalID: "TeamRole" + camel(tr.Name), Account: a, Description: tr.Description, Groups: tr.PolicyGroups,
				Managed: tr.ManagedPolicies, MaxSession: tr.MaxSessionDuration, TrustTeams: teams, TrustRoles: tr.TrustedRoles,
				DenyTeams: denied, GitHubRepos: repos, Path: path}
			if tr.SAMLLogin {
				r.SAML = s.samlProvider(tr.SAMLProvider)
			}
			m.roles = append(m.roles, r)
		}
	}
	for i, tr := range c.TeamRoles {
		add(tr, fmt.Sprintf("team_roles[%d]", i), true)
	}
	terraform := TeamRole{Name: "terraform", Description: "Terraform applies changes in this account",
		ManagedPolicies: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}, Accounts: s.accountNames()}
	if c.Terraform != nil {
		terraform.TrustedTeams, terraform.TrustedGitHubRepos, terraform.PerAccount = c.Terraform.TrustedTeams, c.Terraform.TrustedGitHubRepos, c.Terraform.Accounts
		if len(c.Terraform.ManagedPolicies) > 0 {
			terraform.ManagedPolicies = c.Terraform.ManagedPolicies
		}
	}
	add(terraform, "terraform", enabled(c.Terraform))
	planner := TeamRole{Name: "planner", Description: "Terraform plans changes in this account, read-only",
		ManagedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}, Accounts: s.accountNames()}
	if c.Planner != nil {
		planner.TrustedTeams, planner.PolicyGroups, planner.PerAccount = c.Planner.TrustedTeams, c.Planner.PolicyGroups, c.Planner.Accounts
	}
	add(planner, "planner", enabled(c.Planner))
	if st := c.TFState; st != nil {
		for _, access := range []struct{ name, level, desc string }{
			{"tfstate-rw", "read-write", "Read and write the Terraform state and its locks"},
			{"tfstate-ro", "read-only", "Read the Terraform state"},
		} {
			m.roles = append(m.roles, &role{Kind: kindState, Name: access.name, IAMName: s.org() + "-" + access.name,
				LogicalID: "TFState" + camel(access.name), Account: c.Organization.Root, Description: access.desc,
				StateAccess: access.level, Path: "tfstate_backend"})
		}
	}
	for _, name := range sortedKeys(c.Engineers) {
		e := c.Engineers[name]
		iamName, profile := s.personalNames(name)
		m.roles = append(m.roles, &role{Kind: kindPersonal, Name: name, IAMName: iamName, Profile: profile,
			LogicalID: "PersonalRole" + camel(name), Account: s.engineersAccount(), Description: "Personal role of " + name + " for their devserver",
			Groups: []string{e.PolicyGroup}, Extra: e.ExtraPolicies, Service: "ec2.amazonaws.com",
			Managed: []string{"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"}, Path: "engineers." + name,
			TrustRoles: s.serviceUserARNs(e.TrustedServiceUsers)})
	}
	for _, name := range sortedKeys(c.ServiceUsers) {
		m.users = append(m.users, &user{Name: name, IAMName: s.org() + "-svc-" + name, LogicalID: "ServiceUser" + camel(name),
			Group: c.ServiceUsers[name].PolicyGroup, Account: s.engineersAccount(), Path: "service_users." + name})
	}
	// The tfstate roles trust whoever the backend allows, resolved now that
	// every role exists.
	for _, r := range m.roles {
		if r.Kind != kindState {
			continue
		}
		names := c.TFState.ReadWrite
		if r.StateAccess == "read-only" {
			names = c.TFState.ReadOnly
		}
		for _, n := range names {
			if s.isTeam(n) {
				r.TrustTeams = append(r.TrustTeams, n)
				continue
			}
			for _, other := range m.roles {
				if other.Kind == kindTeamRole && other.Name == n {
					r.TrustRoles = append(r.TrustRoles, s.roleARN(other))
				}
			}
		}
	}
	return m
}

func (s *spec) engineersAccount() string {
	if a := s.cfg.Organization.EngineersAccount; a != "" {
		return a
	}
	return s.cfg.Organization.Identity
}

func (s *spec) isTeam(name string) bool {
	for _, t := range s.cfg.Teams {
		if t.Name == name {
			return true
		}
	}
	return false
}

// assumable lists, for a principal, the roles whose trust names it, in
// the model's order: a team by name (unless the role denies it), any other
// role by its ARN. It is answered from the index Load builds with the
// model: asked for every role, a scan of every role was quadratic.
func (s *spec) assumable(p *role) []*role {
	var from []*role
	if p.Kind == kindTeam {
		from = s.teamTrustedBy[p.Name]
	} else {
		from = s.trustedBy[s.roleARN(p)]
	}
	var out []*role
	for _, r := range from {
		if r != p {
			out = append(out, r)
		}
	}
	return out
}

// indexTrusts indexes the roles by what they trust: a team (by name,
// unless they deny it) or a role (by ARN), each list in the model's order.
func (s *spec) indexTrusts() {
	s.teamTrustedBy, s.trustedBy = map[string][]*role{}, map[string][]*role{}
	add := func(m map[string][]*role, key string, r *role) {
		if l := m[key]; len(l) == 0 || l[len(l)-1] != r {
			m[key] = append(l, r)
		}
	}
	for _, r := range s.model.roles {
		for _, t := range r.TrustTeams {
			if !contains(r.DenyTeams, t) {
				add(s.teamTrustedBy, t, r)
			}
		}
		for _, arn := range r.TrustRoles {
			add(s.trustedBy, arn, r)
		}
	}
}

func (s *spec) rolesIn(account string) []*role {
	var out []*role
	for _, r := range s.model.roles {
		if r.Account == account {
			out = append(out, r)
		}
	}
	return out
}

// Personal roles are named {org}-personal-{name}, the role and its
// instance profile alike, or with personal_roles.naming: document as the
// IAM-as-code document names them: PersonalRoleJaneDoe and
// PersonalInstanceProfileJaneDoe.
func (s *spec) personalNames(name string) (role, profile string) {
	if s.cfg.PersonalRoles.Naming == "document" {
		return "PersonalRole" + camel(name), "PersonalInstanceProfile" + camel(name)
	}
	return s.org() + "-personal-" + name, s.org() + "-personal-" + name
}

// personalNamePattern is a personal role's or instance profile's name with
// the session tag's policy variable in place of the engineer.
func (s *spec) personalNamePattern(kind string) string {
	v := "${aws:PrincipalTag/" + s.cfg.PersonalRoles.tag() + "}"
	if s.cfg.PersonalRoles.Naming == "document" {
		if kind == "instance-profile" {
			return "PersonalInstanceProfile" + v
		}
		return "PersonalRole" + v
	}
	return s.org() + "-personal-" + v
}

func camel(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// samlProvider is the provider a saml_login names, or the only one.
func (s *spec) samlProvider(name string) string {
	if name == "" && len(s.cfg.SAMLProviders) == 1 {
		for n := range s.cfg.SAMLProviders {
			return n
		}
	}
	return name
}

// serviceUserARNs are the ARNs of service users of the config, by name.
func (s *spec) serviceUserARNs(names []string) []string {
	var out []string
	for _, n := range names {
		if _, ok := s.cfg.ServiceUsers[n]; ok {
			out = append(out, s.arn(s.engineersAccount(), "user", s.org()+"-svc-"+n))
		}
	}
	return out
}
