package eval

import "strings"

// Result is the outcome of an authorization decision.
type Result uint8

const (
	ImplicitlyDenied Result = iota // no applicable allow (or a layer without one)
	Allowed
	ExplicitlyDenied // a matching Deny statement
)

func (r Result) String() string {
	return [...]string{"ImplicitlyDenied", "Allowed", "ExplicitlyDenied"}[r]
}

// Set is every policy that applies to one request. Only Identity is
// required; a nil Resource means the resource has no resource policy.
type Set struct {
	Identity   []*Policy   // the principal's identity policies
	Session    *Policy     // the session policy, if the principal is a session that has one
	Boundaries []*Policy   // the principal's permissions boundary
	Resource   *Policy     // the resource policy (for sts:AssumeRole*, the role's trust policy; for KMS, the key policy)
	SCPs       [][]*Policy // service control policies, one list per level, root first
	RCPs       [][]*Policy // resource control policies, one list per level, root first
}

// StatementRef names one statement that took part in a decision.
type StatementRef struct {
	Policy    string // the policy's Name
	Kind      Kind
	Level     int // SCP/RCP level (0 = root); 0 otherwise
	Index     int
	Sid       string
	Effect    Effect
	Statement *Statement
}

// Decision is the outcome of a request and why.
type Decision struct {
	Result Result
	// Statements are the deciding statements: the matching Deny statements
	// of an explicit deny, or the Allow statements that grant an allowed
	// request. Empty for an implicit deny.
	Statements []StatementRef
	// Reason says, in a few words, what decided (for an implicit deny, which
	// layer had no allow).
	Reason string
}

// Allowed reports whether the request is allowed.
func (d *Decision) Allowed() bool { return d.Result == Allowed }

// Evaluator decides requests, reusing its buffers: after the first few
// calls, Evaluate does not allocate. An Evaluator is not safe for
// concurrent use; use one per goroutine.
type Evaluator struct {
	scratch *caseScratch // Case.Decide's
	one     [1]*Policy
	refs    []StatementRef
	d       Decision
}

// Evaluate decides req against the policies of set.
func Evaluate(set *Set, req *Request) Decision {
	var e Evaluator
	d := *e.Evaluate(set, req)
	return d
}

// principal match levels, strongest last.
type prinMatch uint8

const (
	pmNo prinMatch = iota
	pmAccount
	pmSessionRole
	pmSessionUser
	pmMatch
)

// groupResult summarises one layer of policies.
type groupResult struct {
	allow, deny bool
}

// scan evaluates the statements of policies without a Principal and
// records the matching ones.
func (e *Evaluator) scan(policies []*Policy, r *Request, level int) groupResult {
	var g groupResult
	for _, p := range policies {
		for i := range p.Statements {
			s := &p.Statements[i]
			if !s.matchAction(r) || !s.matchResource(r) || !s.matchConditions(r) {
				continue
			}
			if s.Effect == Deny {
				g.deny = true
			} else {
				g.allow = true
			}
			e.refs = append(e.refs, StatementRef{Policy: p.Name, Kind: p.Kind, Level: level, Index: s.Index, Sid: s.Sid, Effect: s.Effect, Statement: s})
		}
	}
	return g
}

// resourceResult summarises a resource policy.
type resourceResult struct {
	present                       bool
	denyDirect, denyAccount       bool
	allowDirect, allowAccount     bool
	boundaryBypass, wildcardAllow bool // see the permissions boundary rule
}

func (e *Evaluator) scanResource(p *Policy, r *Request, hasBoundary bool) resourceResult {
	var rr resourceResult
	if p == nil {
		return rr
	}
	rr.present = true
	for i := range p.Statements {
		s := &p.Statements[i]
		if !s.hasPrincipal || !s.matchAction(r) || !s.matchResource(r) {
			continue
		}
		pm := s.matchPrincipal(r)
		// "The NotPrincipal element with a Deny effect will always deny any
		// IAM principal that has a permissions boundary policy attached."
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
		if hasBoundary && s.notPrincipal && s.Effect == Deny {
			pm = pmMatch
		}
		if pm == pmNo || !s.matchConditions(r) {
			continue
		}
		switch {
		case s.Effect == Deny && pm == pmAccount:
			rr.denyAccount = true
		case s.Effect == Deny:
			rr.denyDirect = true
		case pm == pmAccount:
			rr.allowAccount = true
		default:
			rr.allowDirect = true
			if pm == pmMatch {
				rr.boundaryBypass = true
				if !s.notPrincipal && s.wildcardPrin {
					rr.wildcardAllow = true
				}
			}
		}
		e.refs = append(e.refs, StatementRef{Policy: p.Name, Kind: p.Kind, Index: s.Index, Sid: s.Sid, Effect: s.Effect, Statement: s})
	}
	return rr
}

// Evaluate decides req against set. The returned Decision (and its
// Statements) is valid until the next call.
func (e *Evaluator) Evaluate(set *Set, req *Request) *Decision {
	req.prepare()
	e.refs = e.refs[:0]
	d := &e.d
	*d = Decision{Statements: d.Statements[:0]}

	// sts:GetCallerIdentity needs no permission: "No permissions are
	// required to perform this operation."
	// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
	if req.service == "sts" && strings.EqualFold(req.name, "GetCallerIdentity") {
		d.Result, d.Reason = Allowed, "sts:GetCallerIdentity is always allowed"
		return d
	}

	hasBoundary := len(set.Boundaries) > 0
	id := e.scan(set.Identity, req, 0)
	var sess groupResult
	if set.Session != nil {
		e.one[0] = set.Session
		sess = e.scan(e.one[:], req, 0)
	}
	var pb groupResult
	if hasBoundary {
		pb = e.scan(set.Boundaries, req, 0)
	}
	res := e.scanResource(set.Resource, req, hasBoundary)

	scpDeny, scpMissing := false, -1
	for lvl, ps := range set.SCPs {
		g := e.scan(ps, req, lvl)
		scpDeny = scpDeny || g.deny
		if !g.allow && scpMissing < 0 {
			scpMissing = lvl
		}
	}
	// Every RCP level also holds RCPFullAWSAccess, so only Deny statements
	// matter.
	rcpDeny := false
	for lvl, ps := range set.RCPs {
		rcpDeny = e.scan(ps, req, lvl).deny || rcpDeny
	}

	info := &req.principal
	sameAccount := info.account != "" && info.kind != pkService && info.account == req.ResourceAccount
	resAllowed := res.allowDirect
	resAllowedOrAccount := res.allowDirect || res.allowAccount

	// 1. Explicit denies, in every layer.
	switch {
	case id.deny, sess.deny, pb.deny, res.denyDirect, res.denyAccount, scpDeny, rcpDeny:
		d.Result, d.Reason = ExplicitlyDenied, "explicit deny"
		e.collect(d, Deny, -1)
		return e.service(req, d)
	}

	// 2. Allows: session policy, then resource and identity policies by
	// account.
	result, reason := ImplicitlyDenied, ""
	switch {
	case set.Session != nil && !sess.allow:
		reason = "no allow in the session policy"
	case info.kind == pkService:
		if resAllowed {
			result = Allowed
		} else {
			reason = "no resource policy grants the service"
		}
	case sameAccount:
		switch e.trust(req, res) {
		case trustImplicit:
			if resAllowed || id.allow {
				result = Allowed
			}
		case trustExplicit:
			if resAllowed || id.allow {
				result = Allowed
			}
		case trustNone:
			if resAllowed {
				result = Allowed
			} else if id.allow {
				reason = "the resource policy does not trust the principal or its account"
			}
		}
		if result != Allowed && reason == "" {
			reason = "no identity or resource policy allows it"
		}
	default:
		switch {
		case resAllowedOrAccount && id.allow:
			result = Allowed
		case !resAllowedOrAccount:
			reason = "cross-account: no resource policy allows it"
		default:
			reason = "cross-account: no identity policy allows it"
		}
	}

	// 3. Guardrails: every SCP level needs an allow; the boundary must allow
	// unless a same-account resource policy names the principal directly.
	if result == Allowed && scpMissing >= 0 {
		result, reason = ImplicitlyDenied, "no allow in the SCPs of one level"
		if scpMissing < len(scpLevelReasons) {
			reason = scpLevelReasons[scpMissing]
		}
	}
	if result == Allowed && hasBoundary && !pb.allow {
		bypass := false
		if sameAccount && resAllowed {
			switch info.kind {
			case pkAssumedRole, pkUser, pkFederatedUser:
				bypass = res.boundaryBypass
			case pkRole:
				bypass = res.wildcardAllow
			}
		}
		if !bypass {
			result, reason = ImplicitlyDenied, "no allow in the permissions boundary"
		}
	}
	d.Result, d.Reason = result, reason
	if result == Allowed {
		d.Reason = "allowed"
		e.collect(d, Allow, -1)
	}
	return e.service(req, d)
}

var scpLevelReasons = []string{
	"no allow in the SCPs of level 0 (root)", "no allow in the SCPs of level 1", "no allow in the SCPs of level 2",
	"no allow in the SCPs of level 3", "no allow in the SCPs of level 4", "no allow in the SCPs of level 5",
}

// collect copies the recorded statements of one effect into d.
func (e *Evaluator) collect(d *Decision, eff Effect, _ int) {
	for _, r := range e.refs {
		if r.Effect != eff {
			continue
		}
		if eff == Allow && (r.Kind == SCP || r.Kind == RCP) {
			continue // guardrails permit, they do not grant
		}
		d.Statements = append(d.Statements, r)
	}
}

type trustType uint8

const (
	trustImplicit trustType = iota // the account trusts its own principals
	trustExplicit                  // the resource policy trusts the account
	trustNone                      // only the resource policy can grant
)

// trust is how a resource in the principal's own account trusts it. A role
// trust policy and a KMS key policy must allow the principal or its account
// even in the same account.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
func (e *Evaluator) trust(r *Request, res resourceResult) trustType {
	switch r.service {
	case "sts":
		if !res.present {
			return trustImplicit
		}
	case "kms":
		if r.Resource == "*" {
			return trustImplicit
		}
		if !strings.HasPrefix(strings.ToLower(r.res[5]), "key/") {
			return trustImplicit
		}
	default:
		return trustImplicit
	}
	if res.allowAccount {
		return trustExplicit
	}
	return trustNone
}

// service applies the rules of single services that no policy can lift.
func (e *Evaluator) service(r *Request, d *Decision) *Decision {
	switch r.service {
	case "kms":
		// AWS managed keys' aliases (alias/aws/*) cannot be changed.
		if d.Result != ExplicitlyDenied && r.resARN && hasPrefixFold(r.res[5], "alias/aws/", true) &&
			(strings.EqualFold(r.name, "CreateAlias") || strings.EqualFold(r.name, "DeleteAlias") || strings.EqualFold(r.name, "UpdateAlias")) {
			e.implicit(d, "AWS managed key aliases cannot be changed")
		}
	case "iam":
		if !r.resARN {
			break
		}
		if r.res[4] == "aws" && hasPrefixFold(r.res[5], "policy/", true) && isOneOf(r.name, managedPolicyActions) {
			e.implicit(d, "AWS managed policies cannot be changed")
		}
		if hasPrefixFold(r.res[5], "role/aws-reserved/", true) && isOneOf(r.name, reservedRoleActions) {
			e.implicit(d, "aws-reserved roles cannot be changed")
		}
	}
	return d
}

func (e *Evaluator) implicit(d *Decision, reason string) {
	d.Result, d.Reason = ImplicitlyDenied, reason
	d.Statements = d.Statements[:0]
}

func isOneOf(name string, list []string) bool {
	for _, s := range list {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

var managedPolicyActions = []string{"CreatePolicy", "CreatePolicyVersion", "DeletePolicy", "DeletePolicyVersion", "SetDefaultPolicyVersion", "TagPolicy", "UntagPolicy"}

var reservedRoleActions = []string{"AttachRolePolicy", "CreateRole", "CreateServiceLinkedRole", "DeleteRole", "DeleteRolePermissionsBoundary", "DeleteRolePolicy", "DeleteServiceLinkedRole", "DetachRolePolicy", "PassRole", "PutRolePermissionsBoundary", "PutRolePolicy", "TagRole", "UntagRole", "UpdateAssumeRolePolicy", "UpdateRole", "UpdateRoleDescription"}
