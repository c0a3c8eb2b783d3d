package access

import (
	"fmt"
	"sort"

	"github.com/landform/landform/internal/iam"
)

// samlAudience is the audience AWS's SAML sign-in endpoint asserts.
const samlAudience = "https://signin.aws.amazon.com/saml"

const githubIssuer = "token.actions.githubusercontent.com"

// trust is a role's trust policy. Roles of other principals are trusted
// through their account with a condition on aws:PrincipalArn: IAM checks
// that a role named as a principal exists when the policy is saved, which
// would tie the order of the accounts' deploys together and make two teams
// that trust each other impossible to create. The :root principal never
// appears without that condition.
func (s *spec) trust(r *role) iam.Policy {
	var st []iam.Statement
	assume := iam.Strings("sts:AssumeRole", "sts:TagSession")
	if r.SAML != "" {
		st = append(st, iam.Statement{Sid: "SAMLLogin", Effect: "Allow",
			Principal: map[string]iam.Value{"Federated": iam.Strings(s.arn(r.Account, "saml-provider", s.org()+"-"+r.SAML))},
			Action:    iam.Strings("sts:AssumeRoleWithSAML", "sts:TagSession"),
			Condition: map[string]iam.Condition{"StringEquals": {"SAML:aud": iam.Strings(samlAudience)}}})
	}
	var arns []string
	for _, t := range r.TrustTeams {
		if s.isTeam(t) && !contains(r.DenyTeams, t) {
			arns = append(arns, s.teamARN(t))
		}
	}
	arns = append(arns, r.TrustRoles...)
	if len(arns) > 0 {
		st = append(st, iam.Statement{Sid: "TrustedPrincipals", Effect: "Allow",
			Principal: map[string]iam.Value{"AWS": iam.Strings(rootsOf(arns)...)}, Action: assume,
			Condition: map[string]iam.Condition{"ArnEquals": {"aws:PrincipalArn": iam.Strings(sorted(arns)...)}}})
	}
	if len(r.GitHubRepos) > 0 {
		st = append(st, iam.Statement{Sid: "GitHubActions", Effect: "Allow",
			Principal: map[string]iam.Value{"Federated": iam.Strings(s.arn(r.Account, "oidc-provider", githubIssuer))},
			Action:    iam.Strings("sts:AssumeRoleWithWebIdentity"),
			Condition: map[string]iam.Condition{
				"StringEquals": {githubIssuer + ":aud": iam.Strings("sts.amazonaws.com")},
				"StringLike":   {githubIssuer + ":sub": iam.Strings(r.GitHubRepos...)},
			}})
	}
	if r.Service != "" {
		st = append(st, iam.Statement{Sid: "Devserver", Effect: "Allow",
			Principal: map[string]iam.Value{"Service": iam.Strings(r.Service)}, Action: iam.Strings("sts:AssumeRole")})
	}
	var denied []string
	for _, t := range r.DenyTeams {
		if s.isTeam(t) {
			denied = append(denied, s.teamARN(t))
		}
	}
	if len(denied) > 0 {
		st = append(st, iam.Statement{Sid: "DeniedTeams", Effect: "Deny",
			Principal: map[string]iam.Value{"AWS": iam.Strings(rootsOf(denied)...)}, Action: assume,
			Condition: map[string]iam.Condition{"ArnEquals": {"aws:PrincipalArn": iam.Strings(sorted(denied)...)}}})
	}
	if len(st) == 0 || (len(st) == 1 && st[0].Effect == "Deny") {
		// A trust policy needs a statement; this role is trusted by no one
		// until the config names someone (LF-ACC-005 says so).
		st = append(st, iam.Statement{Sid: "NobodyYet", Effect: "Deny",
			Principal: map[string]iam.Value{"AWS": iam.Strings("arn:aws:iam::" + s.cfg.Organization.Accounts[r.Account].ID + ":root")},
			Action:    iam.Strings("sts:AssumeRole")})
	}
	return iam.Policy{Version: iam.Version, Statement: st}
}

// rootsOf returns the :root principal of each account the ARNs are in.
func rootsOf(arns []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range arns {
		var acct string
		if _, err := fmt.Sscanf(a, "arn:aws:iam::%12s", &acct); err != nil || len(acct) != 12 {
			continue
		}
		root := "arn:aws:iam::" + acct + ":root"
		if !seen[root] {
			seen[root] = true
			out = append(out, root)
		}
	}
	sort.Strings(out)
	return out
}

// assumePolicy lets a principal assume the roles that trust it: the
// identity half of role chaining, without which trust alone grants nothing
// across accounts.
func (s *spec) assumePolicy(p *role) (iam.Policy, bool) {
	var arns []string
	for _, r := range s.assumable(p) {
		arns = append(arns, s.roleARN(r))
	}
	if len(arns) == 0 {
		return iam.Policy{}, false
	}
	return iam.Policy{Version: iam.Version, Statement: []iam.Statement{{Sid: "AssumeTrustingRoles", Effect: "Allow",
		Action: iam.Strings("sts:AssumeRole", "sts:TagSession"), Resource: iam.Strings(sorted(arns)...)}}}, true
}

func sorted(s []string) []string {
	c := append([]string{}, s...)
	sort.Strings(c)
	out := c[:0]
	for i, v := range c {
		if i == 0 || v != c[i-1] {
			out = append(out, v)
		}
	}
	return out
}
