package access

import "github.com/landform/landform/internal/finding"

// configRules are the ids the kind's config validation reports, in id
// order; LF-ACC-007 and LF-ACC-008, judged on configs and templates, are
// in accessrule.Rules.
var configRules = []finding.Rule{
	{ID: "LF-ACC-001", Severity: finding.Error, Summary: "an account that is not in organization.accounts"},
	{ID: "LF-ACC-002", Severity: finding.Error, Summary: "an unknown atomic policy or policy group"},
	{ID: "LF-ACC-003", Severity: finding.Error, Summary: "policy groups include each other in a cycle"},
	{ID: "LF-ACC-004", Severity: finding.Error, Summary: "an unknown team, or a tfstate_backend name that is neither a team nor a team role"},
	{ID: "LF-ACC-005", Severity: finding.Warning, Summary: "a team role no team, role or repository can assume"},
	{ID: "LF-ACC-006", Severity: finding.Warning, Summary: "a team gets AdministratorAccess straight from a SAML login"},
	{ID: "LF-ACC-009", Severity: finding.Error, Summary: "a role's or user's policies exceed an IAM quota (managed policies, trust or inline policy length, an atomic policy too large to split)"},
	{ID: "LF-ACC-010", Severity: finding.Error, Summary: "a role or user name longer than IAM's 64 characters"},
	{ID: "LF-ACC-011", Severity: finding.Error, Summary: "SAML metadata that cannot be read or is not identity-provider metadata"},
	{ID: "LF-ACC-012", Severity: finding.Error, Summary: "a team logs in through SAML without a known provider (none defined, several and none chosen, or an unknown one)"},
	{ID: "LF-ACC-013", Severity: finding.Error, Summary: "two atomic policies, teams or team roles with one name, or a team role named terraform or planner"},
	{ID: "LF-ACC-016", Severity: finding.Error, Summary: "a tag key starts with aws:"},
	{ID: "LF-ACC-018", Severity: finding.Error, Summary: "an engineer's personal role trusts a service user the config does not define"},
	{ID: "LF-ACC-019", Severity: finding.Error, Summary: "personal_roles.launched_through names a role that is not a team role of the engineers account"},
	{ID: "LF-ACC-020", Severity: finding.Error, Summary: "a role or service user may pass an engineer's personal role that is not its own (it could start a devserver as that engineer)"},
	{ID: "LF-ACC-021", Severity: finding.Error, Summary: "an EKS cluster maps a role that is not made in its account (or engineers on a cluster outside the engineers account), or is named twice"},
	{ID: "LF-ACC-022", Severity: finding.Error, Summary: "a Kubernetes group EKS refuses in an access entry (system:…)"},
	{ID: "LF-ACC-017", Severity: finding.Error, Summary: "a per-account entry for an account the role is not made in, or GitHub repositories for the planner role"},
}
