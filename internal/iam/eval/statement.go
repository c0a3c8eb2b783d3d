package eval

import "strings"

// Whether one statement applies to a request: its actions, resources,
// conditions and principals. evaluate.go combines the statements that do.

func (s *Statement) matchAction(r *Request) bool {
	found := false
	for i := range s.actions {
		a := &s.actions[i]
		if a.all {
			found = true
			break
		}
		if a.service == r.service {
			if m, _ := a.name.match(r.name, nil, true); m {
				found = true
				break
			}
		}
	}
	return found != s.notAction
}

func (s *Statement) matchResource(r *Request) bool {
	if !s.hasResource {
		return true
	}
	any := false
	for i := range s.resources {
		a := &s.resources[i]
		var m, ok bool
		switch {
		case a.all:
			m, ok = true, true
		case r.Resource == "*" || !r.resARN:
			// A request on "*" (an action without resource-level
			// permissions) is matched only by "*".
			m, ok = false, true
		default:
			m, ok = a.matchResource(&r.res, &r.Context)
		}
		if !ok {
			// An unresolvable variable matches nothing, and does not prove
			// the request is outside a NotResource either.
			if s.notResource {
				return false
			}
			continue
		}
		if m {
			any = true
			break
		}
	}
	return any != s.notResource
}

func (s *Statement) matchConditions(r *Request) bool {
	for i := range s.conditions {
		if !s.conditions[i].eval(&r.Context) {
			return false
		}
	}
	return true
}

// matchPrincipal is how strongly the statement's Principal names the
// request's principal.
func (s *Statement) matchPrincipal(r *Request) prinMatch {
	best := pmNo
	for i := range s.principals {
		if m := s.principals[i].match(r); m > best {
			best = m
		}
	}
	if s.notPrincipal {
		if best != pmNo {
			return pmNo
		}
		return pmMatch
	}
	return best
}

func (p *principalPattern) match(r *Request) prinMatch {
	info := &r.principal
	switch p.typ {
	case ptWildcard:
		return pmMatch
	case ptAccount:
		if info.account != "" && info.kind != pkService && p.value == info.account {
			return pmAccount
		}
	case ptService, ptFederated, ptCanonical:
		if p.value == r.Principal {
			return pmMatch
		}
	case ptARN:
		switch info.kind {
		case pkAssumedRole:
			if roleMatchesSession(p.value, info) {
				return pmSessionRole
			}
		case pkFederatedUser:
			if userMatchesSession(p.value, info) {
				return pmSessionUser
			}
		}
		if p.value == r.Principal {
			return pmMatch
		}
	}
	return pmNo
}

// roleMatchesSession reports whether roleARN is the role of an assumed-role
// session: same partition and account, same role name (IAM role names are
// case-insensitive).
func roleMatchesSession(roleARN string, info *principalInfo) bool {
	parts, ok := arnParts(roleARN)
	if !ok || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return false
	}
	if parts[1] != info.partition || parts[4] != info.account {
		return false
	}
	name := parts[5][strings.LastIndexByte(parts[5], '/')+1:]
	return name != "" && strings.EqualFold(name, info.roleName)
}

// userMatchesSession reports whether userARN is the IAM user whose
// federated-user session the request comes from.
func userMatchesSession(userARN string, info *principalInfo) bool {
	parts, ok := arnParts(userARN)
	return ok && parts[1] == info.partition && parts[2] == "iam" && parts[3] == "" &&
		parts[4] == info.account && parts[5] == "user/"+info.userName
}

// MayAllow says whether an Allow statement of p names action (by Action or
// NotAction), whatever its resources and conditions. False means p allows
// no request for action on any resource; a caller skips the requests that
// could not succeed. True decides nothing: Evaluate does.
func (p *Policy) MayAllow(action string) bool {
	r := Request{Action: action, Resource: "*"}
	r.prepare()
	for i := range p.Statements {
		if s := &p.Statements[i]; s.Effect == Allow && s.matchAction(&r) {
			return true
		}
	}
	return false
}

// ActionSet is a list of actions prepared for MayAllowAny.
type ActionSet struct {
	reqs      []Request
	byService map[string][]int
}

// NewActionSet prepares actions ("service:Name") for MayAllowAny.
func NewActionSet(actions []string) *ActionSet {
	s := &ActionSet{reqs: make([]Request, len(actions)), byService: map[string][]int{}}
	for i, a := range actions {
		s.reqs[i] = Request{Action: a, Resource: "*"}
		s.reqs[i].prepare()
		svc := s.reqs[i].service
		s.byService[svc] = append(s.byService[svc], i)
	}
	return s
}

// MayAllowAny is MayAllow of each action of set, in one pass over p's
// statements: a statement's action pattern is matched against the actions
// of its own service only (TestMayAllowAnyAsMayAllow holds the two alike).
func (p *Policy) MayAllowAny(set *ActionSet) []bool {
	out := make([]bool, len(set.reqs))
	for i := range p.Statements {
		st := &p.Statements[i]
		if st.Effect != Allow {
			continue
		}
		if st.notAction {
			for j := range set.reqs {
				if !out[j] && st.matchAction(&set.reqs[j]) {
					out[j] = true
				}
			}
			continue
		}
		for k := range st.actions {
			a := &st.actions[k]
			if a.all {
				for j := range out {
					out[j] = true
				}
				return out
			}
			for _, j := range set.byService[a.service] {
				if !out[j] {
					if m, _ := a.name.match(set.reqs[j].name, nil, true); m {
						out[j] = true
					}
				}
			}
		}
	}
	return out
}
