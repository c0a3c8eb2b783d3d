package access

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
)

// An engineer starts a devserver in the engineers account through a team
// role (personal_roles.launched_through) and gives it their personal role
// by its instance profile. EC2 lets a caller attach an instance profile
// when the caller may pass the role in it (iam:PassRole), so that is where
// "no engineer can use another's instance profile" is enforced: the team
// role may pass, and attach, only the personal role whose name holds the
// caller's session tag. The identity provider sets the tag, transitive,
// when the engineer logs in; a transitive tag cannot be set again further
// down the chain, so an engineer cannot claim another's name on the way
// from the identity account to the engineers account.

// launchesDevservers reports whether the role is a team role of the
// engineers account that the config names in launched_through.
func (s *spec) launchesDevservers(r *role) bool {
	return r.Kind == kindTeamRole && r.Account == s.engineersAccount() && contains(s.cfg.PersonalRoles.LaunchedThrough, r.Name)
}

// ownDevserverPolicy lets the role pass to EC2, and attach to an instance,
// only the caller's own personal role and instance profile. Without the
// session tag the variable resolves to nothing and nothing is allowed.
func (s *spec) ownDevserverPolicy(r *role) iam.Policy {
	id := s.cfg.Organization.Accounts[r.Account].ID
	ownRole := fmt.Sprintf("arn:aws:iam::%s:role/%s", id, s.personalNamePattern("role"))
	ownProfile := fmt.Sprintf("arn:aws:iam::%s:instance-profile/%s", id, s.personalNamePattern("instance-profile"))
	return iam.Policy{Version: iam.Version, Statement: []iam.Statement{
		{Sid: "PassOwnPersonalRole", Effect: "Allow", Action: iam.Strings("iam:PassRole"), Resource: iam.Strings(ownRole),
			Condition: map[string]iam.Condition{"StringEquals": {"iam:PassedToService": iam.Strings("ec2.amazonaws.com")}}},
		{Sid: "AttachOwnInstanceProfile", Effect: "Allow",
			Action:    iam.Strings("ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"),
			Resource:  iam.Strings(fmt.Sprintf("arn:aws:ec2:%s:%s:instance/*", s.cfg.Organization.Region, id)),
			Condition: map[string]iam.Condition{"ArnEquals": {"ec2:InstanceProfile": iam.Strings(ownProfile)}}},
		{Sid: "ReadOwnInstanceProfile", Effect: "Allow", Action: iam.Strings("iam:GetInstanceProfile"), Resource: iam.Strings(ownProfile)},
	}}
}

// guardsPersonalRoles reports whether the role gets the explicit deny on
// personal roles: once the config says engineers launch devservers through
// some roles, every other role of the engineers account (terraform and
// admin with AdministratorAccess too) is denied passing or attaching any
// personal role. An explicit deny wins over every allow, so an AWS-managed
// policy cannot undo it; a role that may change its own policies can still
// remove it, which escalation reports as admin-equivalent anyway.
func (s *spec) guardsPersonalRoles(r *role) bool {
	return len(s.cfg.PersonalRoles.LaunchedThrough) > 0 && r.Kind != kindPersonal && r.Account == s.engineersAccount()
}

func (s *spec) noPersonalRolesPolicy(r *role) iam.Policy {
	id := s.cfg.Organization.Accounts[r.Account].ID
	any := strings.ReplaceAll(s.personalNamePattern("role"), "${aws:PrincipalTag/"+s.cfg.PersonalRoles.tag()+"}", "*")
	anyProfile := strings.ReplaceAll(s.personalNamePattern("instance-profile"), "${aws:PrincipalTag/"+s.cfg.PersonalRoles.tag()+"}", "*")
	return iam.Policy{Version: iam.Version, Statement: []iam.Statement{
		{Sid: "NoPersonalRoles", Effect: "Deny", Action: iam.Strings("iam:PassRole"),
			Resource: iam.Strings(fmt.Sprintf("arn:aws:iam::%s:role/%s", id, any))},
		{Sid: "NoPersonalInstanceProfiles", Effect: "Deny",
			Action:    iam.Strings("ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"),
			Resource:  iam.Strings("*"),
			Condition: map[string]iam.Condition{"ArnLike": {"ec2:InstanceProfile": iam.Strings(fmt.Sprintf("arn:aws:iam::%s:instance-profile/%s", id, anyProfile))}}},
	}}
}

// checkDevservers: every launched_through name is a team role made in the
// engineers account (LF-ACC-019), and no principal of that account may
// pass a personal role other than its caller's own through its policy
// groups (LF-ACC-020): iam:PassRole on acme-personal-* would let any
// holder start a devserver as any engineer. A personal role may pass
// itself; AWS-managed policies (AdministratorAccess) are the config's
// explicit choice and are not judged here.
func (s *spec) checkDevservers(fs *finding.List) {
	account := s.engineersAccount()
	for i, name := range s.cfg.PersonalRoles.LaunchedThrough {
		ok := false
		for _, r := range s.rolesIn(account) {
			ok = ok || r.Kind == kindTeamRole && r.Name == name
		}
		if !ok {
			s.errorf(fs, "LF-ACC-019", fmt.Sprintf("personal_roles.launched_through[%d]", i),
				fmt.Sprintf("name a team role made in %s (its accounts must include it), or add one", account),
				"%s is not a team role of the engineers account %s", name, account)
		}
	}
	var personal []*role
	for _, r := range s.rolesIn(account) {
		if r.Kind == kindPersonal {
			personal = append(personal, r)
		}
	}
	if len(personal) == 0 {
		return
	}
	seen := map[string]bool{}
	// Most policies pass no role: each is tested once, before rendering,
	// however many principals hold it.
	passes := map[*iam.Atomic]bool{}
	passRole := func(a *iam.Atomic) bool {
		p, ok := passes[a]
		if !ok {
			p = a.Statement.Effect == "Allow" && anyMatch(a.Statement.Action.Strings(), "iam:PassRole")
			passes[a] = p
		}
		return p
	}
	judge := func(who, path string, self *role, atoms []*iam.Atomic) {
		for _, a := range atoms {
			if !passRole(a) {
				continue
			}
			st := s.render([]iam.Statement{a.Statement}, account)[0]
			for _, p := range personal {
				if p == self || !anyMatch(st.Resource.Strings(), s.roleARN(p)) || seen[who+a.Name] {
					continue
				}
				seen[who+a.Name] = true
				s.errorf(fs, "LF-ACC-020", path, "scope the resource to the roles it must pass; engineers start devservers through personal_roles.launched_through",
					"%s may pass %s (policy %s allows iam:PassRole on %s), so it could start a devserver as %s", who, p.IAMName, a.Name, strings.Join(st.Resource.Strings(), ", "), p.Name)
			}
		}
	}
	for _, r := range s.rolesIn(account) {
		judge("role "+r.IAMName, r.Path, r, s.atoms(r.Groups, r.Extra))
	}
	for _, u := range s.model.users {
		if u.Account == account {
			judge("service user "+u.IAMName, u.Path, nil, s.atoms([]string{u.Group}, nil))
		}
	}
}

// anyMatch reports whether one of IAM's wildcard patterns matches s: *
// any run of characters (slashes too), ? one. Action names compare
// without case, as IAM compares them; resources with case. Not the
// evaluation engine: LF-ACC-020 asks whether a grant reaches the ARN
// whatever its conditions say (a PassRole limited to EC2 is the risk),
// and the engine would need a request context to judge them.
func anyMatch(patterns []string, s string) bool {
	action := !strings.HasPrefix(s, "arn:")
	for _, p := range patterns {
		if action && glob(strings.ToLower(p), strings.ToLower(s)) || !action && glob(p, s) {
			return true
		}
	}
	return false
}

// glob matches p against s, backtracking to the last * only, which keeps
// it linear in practice and quadratic at worst.
func glob(p, s string) bool {
	star, mark := -1, 0
	i, j := 0, 0
	for j < len(s) {
		switch {
		case i < len(p) && (p[i] == '?' || p[i] == s[j]):
			i++
			j++
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case star >= 0:
			i, mark = star+1, mark+1
			j = mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}
