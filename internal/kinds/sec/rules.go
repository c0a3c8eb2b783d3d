package sec

import "github.com/landform/landform/internal/finding"

// configRules are the ids the kind's config validation reports, in id order.
var configRules = []finding.Rule{
	{ID: "LF-SEC-001", Severity: finding.Error, Summary: "a group, role or managed policy is defined twice"},
	{ID: "LF-SEC-002", Severity: finding.Error, Summary: "an unknown policy template, or one that fails to load or render"},
	{ID: "LF-SEC-003", Severity: finding.Error, Summary: "a managed_policies entry names a policy this stack does not create"},
	{ID: "LF-SEC-004", Severity: finding.Error, Summary: "mirrors_group names an unknown or disabled group"},
	{ID: "LF-SEC-005", Severity: finding.Error, Summary: "assumable_by names an unknown or disabled group"},
	{ID: "LF-SEC-006", Severity: finding.Error, Summary: "an assumable role with both mirrors_group and permissions, or that grants no permissions"},
	{ID: "LF-SEC-007", Severity: finding.Error, Summary: "a cross-account role's external_id is shorter than 16 characters"},
	{ID: "LF-SEC-008", Severity: finding.Warning, Summary: "a cross-account role trusts its own account"},
	{ID: "LF-SEC-009", Severity: finding.Error, Summary: "a stack, group, role or managed policy name is longer than IAM or CloudFormation allows"},
	{ID: "LF-SEC-010", Severity: finding.Error, Summary: "inline or trust policies over IAM's size quota (a warning when a group's inline policies become managed policies)"},
	{ID: "LF-SEC-011", Severity: finding.Error, Summary: "a managed policy is larger than IAM's 6,144 characters"},
	{ID: "LF-SEC-012", Severity: finding.Error, Summary: "a group or role attaches more managed policies than IAM allows"},
	{ID: "LF-SEC-013", Severity: finding.Error, Summary: "an elevation role's permissions allow *, iam:* or sts:* (a warning for any other service:*)"},
	{ID: "LF-SEC-014", Severity: finding.Warning, Summary: "an elevation role's statement allows its actions on every resource (\"*\")"},
	{ID: "LF-SEC-015", Severity: finding.Error, Summary: "two names that differ only in hyphens produce the same logical id"},
	{ID: "LF-SEC-016", Severity: finding.Warning, Summary: "an assumable role can be assumed without MFA"},
	{ID: "LF-SEC-017", Severity: finding.Warning, Summary: "a group grants nothing: no policies and no role it may assume"},
	{ID: "LF-SEC-018", Severity: finding.Warning, Summary: "a group or role attaches AdministratorAccess, PowerUserAccess or IAMFullAccess"},
	{ID: "LF-SEC-019", Severity: finding.Error, Summary: "the region is in the aws-cn partition"},
	{ID: "LF-SEC-020", Severity: finding.Error, Summary: "an elevation role's resource uses an unknown placeholder"},
	{ID: "LF-SEC-022", Severity: finding.Warning, Summary: "a cross-function role is assumable by the group it mirrors"},
	{ID: "LF-SEC-023", Severity: finding.Error, Summary: "a role or policy description has a character IAM does not accept (not Latin-1)"},
	{ID: "LF-SEC-024", Severity: finding.Error, Summary: "a tag key starts with aws:"},
}
