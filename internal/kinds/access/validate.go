package access

import (
	"errors"
	"fmt"
	"strings"

	"github.com/landform/landform/internal/kinds/access/accessrule"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/yamltree"
)

// IAM name limits.
const (
	maxRoleName   = 64
	maxUserName   = 64
	maxPolicyName = 128
)

func (s *spec) errorf(fs *finding.List, rule, path, hint, format string, args ...any) {
	fs.Errorf(rule, s.doc.Pos(path), path, hint, format, args...)
}

func (s *spec) warnf(fs *finding.List, rule, path, hint, format string, args ...any) {
	fs.Warnf(rule, s.doc.Pos(path), path, hint, format, args...)
}

// check runs the rules that need only the config: references between its
// parts, the DAG, duplicates, wildcards.
func (s *spec) check() finding.List {
	var fs finding.List
	c := s.cfg
	accounts := s.accountNames()
	account := func(path, name string) {
		if _, ok := c.Organization.Accounts[name]; !ok && name != "" {
			s.errorf(&fs, "LF-ACC-001", path, hint(name, accounts, "add it under organization.accounts"),
				"account %q is not in organization.accounts", name)
		}
	}
	account("organization.identity", c.Organization.Identity)
	account("organization.root", c.Organization.Root)
	account("organization.engineers_account", c.Organization.EngineersAccount)
	for _, name := range sortedKeys(c.SAMLProviders) {
		for i, a := range c.SAMLProviders[name].Accounts {
			account(fmt.Sprintf("saml_providers.%s.accounts[%d]", name, i), a)
		}
	}
	// The policy-group DAG.
	seen := map[string]int{}
	for i, p := range c.Policies {
		if j, ok := seen[p.Name]; ok {
			s.errorf(&fs, "LF-ACC-013", fmt.Sprintf("policies[%d].name", i), fmt.Sprintf("rename one: policies[%d] has the same name", j),
				"two atomic policies are named %s", p.Name)
		}
		seen[p.Name] = i
		s.checkWildcard(&fs, i, p)
	}
	for _, err := range s.dag.Check(suggest) {
		var re *iam.RefError
		var ce *iam.CycleError
		switch {
		case errors.As(err, &re):
			list := "policies"
			if re.Kind == "group" {
				list = "groups"
			}
			path := fmt.Sprintf("%s.%s[%d]", yamltree.ChildPath("policy_groups", re.Group), list, re.Index)
			s.errorf(&fs, "LF-ACC-002", path, hint(re.Name, nil, "define it, or remove the reference")+didYouMean(re.Suggest), "%v", withoutSuggestion(re))
		case errors.As(err, &ce):
			s.errorf(&fs, "LF-ACC-003", yamltree.ChildPath("policy_groups", ce.Path[0]), "remove one of the includes so the groups form a tree (a DAG)", "%v", err)
		}
	}
	groups := sortedKeys(c.PolicyGroups)
	group := func(path, name string) {
		if _, ok := c.PolicyGroups[name]; !ok {
			s.errorf(&fs, "LF-ACC-002", path, hint(name, groups, "define it under policy_groups"), "policy group %q does not exist", name)
		}
	}
	policyNames := make([]string, 0, len(c.Policies))
	for _, p := range c.Policies {
		policyNames = append(policyNames, p.Name)
	}
	teams := map[string]bool{}
	var teamNames []string
	for i, t := range c.Teams {
		path := fmt.Sprintf("teams[%d]", i)
		if teams[t.Name] {
			s.errorf(&fs, "LF-ACC-013", path+".name", "rename one", "two teams are named %s", t.Name)
		}
		teams[t.Name] = true
		teamNames = append(teamNames, t.Name)
		for j, g := range t.PolicyGroups {
			group(fmt.Sprintf("%s.policy_groups[%d]", path, j), g)
		}
		if t.SAMLLogin {
			s.samlLogin(&fs, path, "team "+t.Name, t.SAMLProvider)
		}
	}
	teamRef := func(path, name string) {
		if !teams[name] {
			s.errorf(&fs, "LF-ACC-004", path, hint(name, teamNames, "define the team under teams"), "team %q does not exist", name)
		}
	}
	roleNames := map[string]bool{"terraform": madeAnywhere(c.Terraform), "planner": madeAnywhere(c.Planner)}
	for i, t := range c.Teams {
		for j, tt := range t.TrustedTeams {
			teamRef(fmt.Sprintf("teams[%d].trusted_teams[%d]", i, j), tt)
		}
	}
	for i, r := range c.TeamRoles {
		path := fmt.Sprintf("team_roles[%d]", i)
		if r.Name == "terraform" || r.Name == "planner" {
			s.errorf(&fs, "LF-ACC-013", path+".name", "configure it under the top-level "+r.Name+": section", "%s is a built-in role of every account", r.Name)
		} else if roleNames[r.Name] {
			s.errorf(&fs, "LF-ACC-013", path+".name", "rename one", "two team roles are named %s", r.Name)
		}
		roleNames[r.Name] = true
		for j, g := range r.PolicyGroups {
			group(fmt.Sprintf("%s.policy_groups[%d]", path, j), g)
		}
		for j, t := range r.TrustedTeams {
			teamRef(fmt.Sprintf("%s.trusted_teams[%d]", path, j), t)
		}
		for j, t := range r.DeniedTeams {
			teamRef(fmt.Sprintf("%s.denied_teams[%d]", path, j), t)
		}
		for j, a := range r.Accounts {
			account(fmt.Sprintf("%s.accounts[%d]", path, j), a)
		}
		s.perAccount(&fs, path+".per_account", r.Name, r.PerAccount, s.roleAccounts(r.Accounts), account, teamRef)
		if r.SAMLLogin {
			s.samlLogin(&fs, path, "team role "+r.Name, r.SAMLProvider)
		}
	}
	for _, sp := range []struct {
		name string
		s    *Special
	}{{"terraform", c.Terraform}, {"planner", c.Planner}} {
		if sp.s == nil {
			continue
		}
		for j, t := range sp.s.TrustedTeams {
			teamRef(fmt.Sprintf("%s.trusted_teams[%d]", sp.name, j), t)
		}
		for j, g := range sp.s.PolicyGroups {
			group(fmt.Sprintf("%s.policy_groups[%d]", sp.name, j), g)
		}
		s.perAccount(&fs, sp.name+".accounts", sp.name, sp.s.Accounts, s.accountNames(), account, teamRef)
		if sp.name == "planner" && len(sp.s.Accounts) > 0 {
			for _, a := range sortedKeys(sp.s.Accounts) {
				if sp.s.Accounts[a].TrustedGitHubRepos != nil {
					s.errorf(&fs, "LF-ACC-017", yamltree.ChildPath(sp.name+".accounts", a)+".trusted_github_repos", "trust GitHub repos under terraform:", "the planner role trusts teams only")
				}
			}
		}
	}
	if b := c.TFState; b != nil {
		for _, list := range []struct {
			key   string
			names []string
		}{{"read_write", b.ReadWrite}, {"read_only", b.ReadOnly}} {
			for j, n := range list.names {
				if !teams[n] && !roleNames[n] {
					s.errorf(&fs, "LF-ACC-004", fmt.Sprintf("tfstate_backend.%s[%d]", list.key, j), hint(n, append(teamNames, sortedKeys(roleNames)...), ""),
						"%q is neither a team nor a team role", n)
				}
			}
		}
	}
	for _, name := range sortedKeys(c.Engineers) {
		e := c.Engineers[name]
		path := yamltree.ChildPath("engineers", name)
		group(path+".policy_group", e.PolicyGroup)
		for j, p := range e.ExtraPolicies {
			if _, ok := s.dag.Policies[p]; !ok {
				s.errorf(&fs, "LF-ACC-002", fmt.Sprintf("%s.extra_policies[%d]", path, j), hint(p, policyNames, "define it under policies"), "atomic policy %q does not exist", p)
			}
		}
	}
	for _, name := range sortedKeys(c.ServiceUsers) {
		group(yamltree.ChildPath("service_users", name)+".policy_group", c.ServiceUsers[name].PolicyGroup)
	}
	for _, name := range sortedKeys(c.Engineers) {
		for j, u := range c.Engineers[name].TrustedServiceUsers {
			if _, ok := c.ServiceUsers[u]; !ok {
				s.errorf(&fs, "LF-ACC-018", fmt.Sprintf("%s.trusted_service_users[%d]", yamltree.ChildPath("engineers", name), j),
					hint(u, sortedKeys(c.ServiceUsers), "define it under service_users"), "service user %q does not exist", u)
			}
		}
	}
	for k := range c.Tags {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			s.errorf(&fs, "LF-ACC-016", yamltree.ChildPath("tags", k), "rename the tag", "tag key %q starts with aws:, which AWS reserves", k)
		}
	}
	return fs
}

// checkWildcard blocks iam:* and sts:AssumeRole on * in custom policies
// unless the policy says why.
func (s *spec) checkWildcard(fs *finding.List, i int, p PolicySpec) {
	if p.AllowWildcardReason != "" || (p.Effect != "" && p.Effect != "Allow") {
		return
	}
	star := contains(p.Resources, "*")
	for j, a := range p.Actions {
		la := strings.ToLower(a)
		if la == "*" || la == "iam:*" || (star && (la == "sts:assumerole" || la == "sts:*")) {
			s.errorf(fs, "LF-ACC-007", fmt.Sprintf("policies[%d].actions[%d]", i, j), accessrule.WildcardHint,
				"policy %s allows %s%s: every role, every permission", p.Name, a, map[bool]string{true: " on *", false: ""}[star])
		}
	}
}

// checkModel runs the rules on the resolved roles: trust, the planner,
// sizes and quotas, names.
func (s *spec) checkModel() finding.List {
	var fs finding.List
	c := s.cfg
	max := c.Organization.MaxPoliciesPerRole
	if max == 0 {
		max = iam.MaxManagedPoliciesRole
	}
	warned := map[string]bool{}
	s.prefetchDocuments()
	for _, r := range s.model.roles {
		if r.Kind == kindTeamRole && len(r.TrustTeams) == 0 && len(r.TrustRoles) == 0 && len(r.GitHubRepos) == 0 && r.SAML == "" && !warned[r.Name] && !s.trustedByState(r) {
			warned[r.Name] = true
			s.warnf(&fs, "LF-ACC-005", r.Path, "add trusted_teams, or remove the role", "team role %s is trusted by no team, role or repository: nobody can use it", r.Name)
		}
		if (r.Kind == kindTeam || r.Kind == kindTeamRole && !warned["saml-admin "+r.Name]) && r.SAML != "" && contains(r.Managed, "arn:aws:iam::aws:policy/AdministratorAccess") {
			warned["saml-admin "+r.Name] = true
			s.warnf(&fs, "LF-ACC-006", r.Path+".managed_policies", "log into a narrower team and switch into an admin role when needed",
				"%s %s gets AdministratorAccess straight from a SAML login", map[string]string{kindTeam: "team", kindTeamRole: "team role"}[r.Kind], r.Name)
		}
		if r.Kind == kindTeamRole && r.Name == "planner" && !warned["planner-write"] {
			for _, a := range s.atoms(r.Groups, nil) {
				if a.Statement.Effect != "Allow" {
					continue
				}
				for _, act := range a.Statement.Action.Strings() {
					if !iam.IsRead(act) && !warned["planner-write"] {
						warned["planner-write"] = true
						s.errorf(&fs, "LF-ACC-008", "planner.policy_groups", accessrule.PlannerWriteHint,
							"the planner role gets %s (policy %s), which is not read-only", act, a.Name)
					}
				}
			}
		}
		sizeKey := r.Name + "/" + r.Kind
		sp := s.documents(r.Groups, r.Extra, r.Account)
		if sp.err != nil {
			if !warned[sizeKey] {
				warned[sizeKey] = true
				sizeFinding(&fs, s.doc.Pos(r.Path), r.Path, sp.err)
			}
			continue
		}
		if n := len(sp.docs) + len(r.Managed); n > max && !warned[sizeKey] {
			warned[sizeKey] = true
			s.errorf(&fs, "LF-ACC-009", r.Path, "raise IAM's \"Managed policies per role\" quota (up to 20) and set organization.max_policies_per_role, or trim the policy groups",
				"role %s needs %d managed policies (%d split documents + %d AWS-managed) in account %s; the quota is %d", r.IAMName, n, len(sp.docs), len(r.Managed), r.Account, max)
		}
		if size := s.trust(r).Size(); size > iam.MaxTrustPolicySize && !warned[sizeKey+"trust"] {
			warned[sizeKey+"trust"] = true
			s.errorf(&fs, "LF-ACC-009", r.Path, "raise IAM's \"Role trust policy length\" quota (up to 4,096), or trust fewer teams and roles",
				"the trust policy of %s is %d characters; IAM allows %d", r.IAMName, size, iam.MaxTrustPolicySize)
		}
		if p, ok := s.assumePolicy(r); ok && p.Size() > iam.MaxRoleInlineTotal && !warned[sizeKey+"inline"] {
			warned[sizeKey+"inline"] = true
			s.errorf(&fs, "LF-ACC-009", r.Path, "fewer roles should trust this principal", "the assume-roles policy of %s is %d characters; IAM allows %d inline per role", r.IAMName, p.Size(), iam.MaxRoleInlineTotal)
		}
		if len(r.IAMName) > maxRoleName && !warned[sizeKey+"name"] {
			warned[sizeKey+"name"] = true
			s.errorf(&fs, "LF-ACC-010", r.Path+".name", fmt.Sprintf("shorten the name by %d characters (or organization.name)", len(r.IAMName)-maxRoleName),
				"role name %s is %d characters; IAM allows %d", r.IAMName, len(r.IAMName), maxRoleName)
		}
	}
	s.checkDevservers(&fs)
	s.checkEKS(&fs)
	for _, u := range s.model.users {
		if len(u.IAMName) > maxUserName {
			s.errorf(&fs, "LF-ACC-010", u.Path, fmt.Sprintf("shorten the name by %d characters", len(u.IAMName)-maxUserName),
				"user name %s is %d characters; IAM allows %d", u.IAMName, len(u.IAMName), maxUserName)
		}
		if sp := s.documents([]string{u.Group}, nil, u.Account); sp.err != nil {
			sizeFinding(&fs, s.doc.Pos(u.Path), u.Path, sp.err)
		} else if len(sp.docs) > iam.MaxManagedPoliciesGroup {
			s.errorf(&fs, "LF-ACC-009", u.Path, "trim the policy group", "service user %s needs %d managed policies; a group holds %d", u.Name, len(sp.docs), iam.MaxManagedPoliciesGroup)
		}
	}
	return fs
}

func (s *spec) trustedByState(r *role) bool {
	if s.cfg.TFState == nil {
		return false
	}
	return contains(s.cfg.TFState.ReadWrite, r.Name) || contains(s.cfg.TFState.ReadOnly, r.Name)
}

func suggest(name string, candidates []string) string { return finding.Suggest(name, candidates) }

func hint(name string, candidates []string, fallback string) string {
	if m := finding.Suggest(name, candidates); m != "" {
		return "did you mean " + m + "?"
	}
	return fallback
}

func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return "did you mean " + s + "?"
}

// withoutSuggestion is the reference error's message without its "did you
// mean", which the finding's hint carries.
func withoutSuggestion(re *iam.RefError) string {
	c := *re
	c.Suggest = ""
	return c.Error()
}

// perAccount checks a role's per-account entries: each names an account
// the role is made in, and teams that exist.
func (s *spec) perAccount(fs *finding.List, path, role string, per map[string]AccountTrust, accounts []string, account, teamRef func(path, name string)) {
	in := map[string]bool{}
	for _, a := range accounts {
		in[a] = true
	}
	for _, a := range sortedKeys(per) {
		p := yamltree.ChildPath(path, a)
		if _, ok := s.cfg.Organization.Accounts[a]; !ok {
			account(p, a)
			continue
		}
		if !in[a] {
			s.errorf(fs, "LF-ACC-017", p, "add "+a+" to the role's accounts, or remove this entry",
				"role %s is not made in account %s (its accounts: %s), so there is nothing to change there", role, a, strings.Join(accounts, ", "))
		}
		o := per[a]
		for j, t := range o.TrustedTeams {
			teamRef(fmt.Sprintf("%s.trusted_teams[%d]", p, j), t)
		}
		for j, t := range o.DeniedTeams {
			teamRef(fmt.Sprintf("%s.denied_teams[%d]", p, j), t)
		}
	}
}

// madeAnywhere reports whether terraform or planner is made in some account:
// on by default, or turned on for one.
func madeAnywhere(sp *Special) bool {
	if enabled(sp) {
		return true
	}
	for _, o := range sp.Accounts {
		if o.Enabled != nil && *o.Enabled {
			return true
		}
	}
	return false
}

// samlLogin checks that a saml_login names a provider that exists.
func (s *spec) samlLogin(fs *finding.List, path, who, provider string) {
	c := s.cfg
	switch {
	case len(c.SAMLProviders) == 0:
		s.errorf(fs, "LF-ACC-012", path+".saml_login", "add a provider under saml_providers, or set saml_login: false", "%s logs in through SAML, but the config has no SAML provider", who)
	case provider == "" && len(c.SAMLProviders) > 1:
		s.errorf(fs, "LF-ACC-012", path+".saml_login", "add saml_provider: NAME", "%s logs in through SAML; say through which of the %d providers", who, len(c.SAMLProviders))
	case provider != "":
		if _, ok := c.SAMLProviders[provider]; !ok {
			s.errorf(fs, "LF-ACC-012", path+".saml_provider", hint(provider, sortedKeys(c.SAMLProviders), ""), "no SAML provider %q", provider)
		}
	}
}
