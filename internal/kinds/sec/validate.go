package sec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
)

// MinExternalIDLength is the shortest sts:ExternalId landform accepts. AWS
// allows 2 characters; an external id is only a guard if it is hard to guess.
const MinExternalIDLength = 16

// broadManagedPolicies are AWS managed policies that undo least privilege.
var broadManagedPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

// Validate runs every semantic and security rule and returns all findings.
func (s *spec) Validate() finding.List {
	fs := slices.Clone(s.resolved)
	for _, rule := range []func() finding.List{
		s.checkRegion, s.checkNameLengths, s.checkLogicalIDs, s.checkPolicySizes,
		s.checkExternalIDs, s.checkPermissions, s.checkTrust, s.checkAttachments, s.checkGroups, s.checkDescriptions, s.checkTags,
	} {
		fs = append(fs, rule()...)
	}
	return fs
}

func (s *spec) errorf(fs *finding.List, rule, path, hint, format string, args ...any) {
	fs.Errorf(rule, s.doc.Pos(path), path, hint, format, args...)
}

func (s *spec) warnf(fs *finding.List, rule, path, hint, format string, args ...any) {
	fs.Warnf(rule, s.doc.Pos(path), path, hint, format, args...)
}

func (s *spec) checkRegion() finding.List {
	var fs finding.List
	if strings.HasPrefix(s.cfg.Environment.Region, "cn-") {
		s.errorf(&fs, "LF-SEC-019", "environment.region", "use a region of the aws partition",
			"region %s is in the aws-cn partition, which landform's policy ARNs do not target", s.cfg.Environment.Region)
	}
	return fs
}

// checkNameLengths reports names over IAM's and CloudFormation's limits and
// says which field to shorten and by how much.
func (s *spec) checkNameLengths() finding.List {
	var fs finding.List
	check := func(what, name, path string, max int) {
		if n := len(name); n > max {
			s.errorf(&fs, "LF-SEC-009", path, fmt.Sprintf("shorten %s by %d characters (or client.company_prefix, environment.env or client.tenant_id)", path, n-max),
				"%s name %q is %d characters; the limit is %d", what, name, n, max)
		}
	}
	check("stack", s.StackName(), "client.company_prefix", maxStackName)
	for _, g := range s.model.groups {
		check("group", g.IAMName, g.Path+".name", maxGroupName)
	}
	for _, r := range s.model.roles {
		check("role", r.IAMName, r.Path+".name", maxRoleName)
	}
	for _, p := range s.model.policies {
		check("managed policy", p.Name, p.Path+".template", maxPolicyName)
	}
	return fs
}

// checkLogicalIDs reports two names that collapse to one logical id
// ("ml-ops" and "mlops" are distinct IAM names but not distinct ids).
func (s *spec) checkLogicalIDs() finding.List {
	var fs finding.List
	seen := map[string]string{}
	add := func(id, path string) {
		if prev, ok := seen[id]; ok {
			s.errorf(&fs, "LF-SEC-015", path, "rename one of them so they differ in more than hyphens",
				"logical id %s is also produced by %s", id, prev)
			return
		}
		seen[id] = path
	}
	for _, p := range s.model.policies {
		add(p.LogicalID, p.Path+".template")
	}
	for _, g := range s.model.groups {
		add(g.LogicalID, g.Path+".name")
	}
	for _, r := range s.model.roles {
		add(r.LogicalID, r.Path+".name")
	}
	return fs
}

func inlineTotal(in []inline, extra ...iam.Policy) int {
	n := 0
	for _, i := range in {
		n += i.Doc.Size()
	}
	for _, p := range extra {
		n += p.Size()
	}
	return n
}

// checkPolicySizes applies IAM's quotas: 6,144 characters per managed
// policy, 5,120 for all inline policies of a group, 10,240 of a role.
func (s *spec) checkPolicySizes() finding.List {
	var fs finding.List
	for _, p := range s.model.policies {
		if n := p.Doc.Size(); n > iam.MaxManagedPolicySize {
			s.errorf(&fs, "LF-SEC-011", p.Path+".template", "split the template into two, or pick a lower level",
				"managed policy %s is %d characters; IAM allows %d", p.Name, n, iam.MaxManagedPolicySize)
		}
	}
	for _, g := range s.model.groups {
		n := inlineTotal(g.Inline, s.assumePolicy(g, literalARN))
		if n <= iam.MaxGroupInlineTotal {
			continue
		}
		_, overflow, err := s.groupPolicies(g, literalARN)
		switch {
		case err != nil:
			s.errorf(&fs, "LF-SEC-010", g.Path+".inline_policies", "move templates to managed_policies (and list them in security.managed_policies)",
				"inline policies of group %s total %d characters, over IAM's %d per group, and cannot be split: %v", g.Name, n, iam.MaxGroupInlineTotal, err)
		case len(g.Managed)+len(overflow) > iam.MaxManagedPoliciesGroup:
			s.errorf(&fs, "LF-SEC-010", g.Path+".inline_policies", "move templates to managed_policies, or combine templates (see combined/*)",
				"inline policies of group %s total %d characters, over IAM's %d per group; as %d managed policies they bring the group to %d, over IAM's %d",
				g.Name, n, iam.MaxGroupInlineTotal, len(overflow), len(g.Managed)+len(overflow), iam.MaxManagedPoliciesGroup)
		default:
			s.warnf(&fs, "LF-SEC-010", g.Path+".inline_policies", "list the templates under managed_policies to choose their names yourself",
				"inline policies of group %s total %d characters, over IAM's %d per group: they become %d managed policies attached to it", g.Name, n, iam.MaxGroupInlineTotal, len(overflow))
		}
	}
	for _, r := range s.model.roles {
		if n := inlineTotal(r.Inline); n > iam.MaxRoleInlineTotal {
			s.errorf(&fs, "LF-SEC-010", r.Path+".inline_policies", "move templates to managed_policies (and list them in security.managed_policies)",
				"inline policies of role %s total %d characters; IAM allows %d per role", r.Name, n, iam.MaxRoleInlineTotal)
		}
	}
	return fs
}

func (s *spec) checkAttachments() finding.List {
	var fs finding.List
	check := func(what, name, path string, att []attachment, max int) {
		if len(att) > max {
			s.errorf(&fs, "LF-SEC-012", path+".managed_policies", "combine templates (see combined/*) or move some to inline_policies",
				"%s %s attaches %d managed policies; IAM allows %d", what, name, len(att), max)
		}
		for j, a := range att {
			for _, b := range broadManagedPolicies {
				if strings.HasSuffix(a.ARN, ":policy/"+b) {
					s.warnf(&fs, "LF-SEC-018", fmt.Sprintf("%s.managed_policies[%d]", path, j), "attach the policy templates the team needs instead",
						"%s %s attaches %s, which undoes least privilege", what, name, b)
				}
			}
		}
	}
	for _, g := range s.model.groups {
		check("group", g.Name, g.Path, g.Managed, iam.MaxManagedPoliciesGroup)
	}
	for _, r := range s.model.roles {
		check("role", r.Name, r.Path, r.Managed, iam.MaxManagedPoliciesRole)
	}
	return fs
}

func (s *spec) checkExternalIDs() finding.List {
	var fs finding.List
	for i, x := range s.cfg.Security.CrossAccountRoles {
		path := fmt.Sprintf("security.cross_account_roles[%d]", i)
		if len(x.ExternalID) < MinExternalIDLength {
			s.errorf(&fs, "LF-SEC-007", path+".external_id", fmt.Sprintf("use a random value of %d or more characters agreed with account %s", MinExternalIDLength, x.TrustedAccountID),
				"external_id is %d characters; landform requires at least %d", len(x.ExternalID), MinExternalIDLength)
		}
		if x.TrustedAccountID == s.cfg.Client.AccountID {
			s.warnf(&fs, "LF-SEC-008", path+".trusted_account_id", "use an assumable role for principals of this account",
				"cross-account role %s trusts its own account %s", x.Name, x.TrustedAccountID)
		}
	}
	return fs
}

// checkPermissions reports wildcards in elevation roles' own statements.
func (s *spec) checkPermissions() finding.List {
	var fs finding.List
	for i, ar := range s.cfg.Security.AssumableRoles {
		for j, p := range ar.Permissions {
			path := fmt.Sprintf("security.assumable_roles[%d].permissions[%d]", i, j)
			if p.Effect == "Deny" {
				continue
			}
			for k, a := range p.Actions {
				ap := fmt.Sprintf("%s.actions[%d]", path, k)
				switch {
				case a == "*" || a == "iam:*" || a == "sts:*":
					s.errorf(&fs, "LF-SEC-013", ap, "list the actions the role needs", "action %s grants administrator-level access", a)
				case strings.HasSuffix(a, ":*"):
					s.warnf(&fs, "LF-SEC-013", ap, "list the actions the role needs", "action %s grants every action of the service", a)
				}
			}
			if slices.Contains(p.Resources, "*") {
				s.warnf(&fs, "LF-SEC-014", path+".resources", "scope resources to the tenant, e.g. arn:aws:s3:::${company_prefix}-${env}-${tenant_id}-*",
					"statement allows its actions on every resource")
			}
		}
	}
	return fs
}

func (s *spec) checkTrust() finding.List {
	var fs finding.List
	for i, ar := range s.cfg.Security.AssumableRoles {
		path := fmt.Sprintf("security.assumable_roles[%d]", i)
		if !on(ar.Enabled) || !on(s.cfg.Security.Profiles.AssumableRoles) {
			continue
		}
		if !on(ar.RequireMFA) {
			s.warnf(&fs, "LF-SEC-016", path+".require_mfa", "remove require_mfa: false unless a machine assumes the role",
				"role %s can be assumed without MFA", ar.Name)
		}
		if ar.MirrorsGroup != "" && slices.Contains(ar.AssumableBy, ar.MirrorsGroup) {
			s.warnf(&fs, "LF-SEC-022", path+".assumable_by", "let other groups assume it; the mirrored group already has these permissions",
				"group %s may assume role %s, which only mirrors its own permissions", ar.MirrorsGroup, ar.Name)
		}
	}
	for _, r := range s.model.roles {
		if n := r.Trust.Size(); n > iam.MaxTrustPolicySize {
			s.errorf(&fs, "LF-SEC-010", r.Path, "shorten the external id", "trust policy of role %s is %d characters; IAM allows %d", r.Name, n, iam.MaxTrustPolicySize)
		}
	}
	return fs
}

// checkGroups warns about a group that was given no permissions at all. A
// group whose policies were dropped by an error is not reported again.
func (s *spec) checkGroups() finding.List {
	var fs finding.List
	for i, g := range s.cfg.Security.Groups {
		if !on(g.Enabled) || len(g.InlinePolicies) > 0 || len(g.ManagedPolicies) > 0 || s.assumable(g.Name) {
			continue
		}
		s.warnf(&fs, "LF-SEC-017", fmt.Sprintf("security.iam_groups[%d]", i), "give the group inline_policies or managed_policies, or let it assume a role",
			"group %s grants nothing", g.Name)
	}
	return fs
}

func (s *spec) assumable(group string) bool {
	for _, r := range s.cfg.Security.AssumableRoles {
		if on(r.Enabled) && slices.Contains(r.AssumableBy, group) {
			return true
		}
	}
	return false
}

// checkTags rejects the aws: prefix, which AWS reserves for its own tags.
func (s *spec) checkTags() finding.List {
	var fs finding.List
	for k := range s.cfg.Tags {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			p := "tags[" + strconv.Quote(k) + "]"
			fs.Errorf("LF-SEC-024", s.doc.KeyPos(p), p, "rename the tag; AWS reserves the aws: prefix", "tag key %q starts with aws:", k)
		}
	}
	return fs
}

// checkDescriptions applies IAM's character set for role and policy
// descriptions: tab, newline, carriage return, printable ASCII and Latin-1.
func (s *spec) checkDescriptions() finding.List {
	var fs finding.List
	check := func(desc, path string) {
		for _, r := range desc {
			if !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0x7e || r >= 0xa1 && r <= 0xff) {
				s.errorf(&fs, "LF-SEC-023", path+".description", "use Latin-1 characters only",
					"description has %q, which IAM does not accept in descriptions", r)
				return
			}
		}
	}
	for _, p := range s.model.policies {
		check(p.Description, p.Path)
	}
	for _, r := range s.model.roles {
		check(r.Description, r.Path)
	}
	return fs
}
