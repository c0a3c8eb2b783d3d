package principals

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/landform/landform/internal/iam/eval"
)

// Escalation by editing another principal, then becoming it
// (pathfinding.cloud's iam-attachrolepolicy, iam-putrolepolicy,
// iam-createpolicyversion, iam-attachuserpolicy, iam-putuserpolicy with
// sts:AssumeRole, iam:UpdateAssumeRolePolicy or iam:CreateAccessKey): a
// principal that may give a role or user of its account a policy of its
// choosing, and may then act as that role or user, is admin-equivalent,
// whatever the target holds today.

// editActions are the actions that give a principal a policy of one's
// choosing: a principal whose identity policies name none of them edits
// no one, and no request is evaluated for it.
var editActions = []string{
	"iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion",
	"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachGroupPolicy", "iam:PutGroupPolicy",
}

// techniqueActions are the actions of every technique that acts as
// another principal or edits one: a principal whose identity policies
// name none of them has no such edge, and no request is evaluated for it.
var techniqueActions = func() []string {
	set := map[string]bool{"iam:PassRole": true, "iam:UpdateAssumeRolePolicy": true, "iam:CreateAccessKey": true,
		"iam:CreateLoginProfile": true, "iam:UpdateLoginProfile": true, "iam:AddUserToGroup": true}
	for _, a := range editActions {
		set[a] = true
	}
	for _, s := range passRoleServices {
		for _, a := range s.actions {
			set[a] = true
		}
	}
	for _, ts := range workloadTechniques {
		for _, t := range ts {
			for _, a := range t.actions {
				set[a[0]] = true
			}
		}
	}
	return keysOf(set)
}()

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// techniqueSet is techniqueActions prepared for Policy.MayAllowAny.
var techniqueSet = eval.NewActionSet(techniqueActions)

// actionsNamed is the technique actions that an identity policy of p
// names (Policy.MayAllowAny); nil when there are none. Only techniques
// whose actions are all named are asked of the engine.
func (w *Model) actionsNamed(p *Principal) map[string]bool {
	var out map[string]bool
	for _, pol := range p.identity {
		for i, ok := range pol.MayAllowAny(techniqueSet) {
			if ok {
				if out == nil {
					out = map[string]bool{}
				}
				out[techniqueActions[i]] = true
			}
		}
	}
	return out
}

func allNamed(named map[string]bool, actions []string) bool {
	for _, a := range actions {
		if !named[a] {
			return false
		}
	}
	return true
}

func allNamedReqs(named map[string]bool, reqs [][2]string) bool {
	for _, r := range reqs {
		if !named[r[0]] {
			return false
		}
	}
	return true
}

// editThenBecome is the edge from p to t, a role or user of p's account
// that is not admin-equivalent, when p can both make t admin-equivalent
// and then act as t: the first way of each that p's policies allow.
func (w *Model) editThenBecome(ev *eval.Evaluator, p *Principal, req *eval.Request, t *Principal, named map[string]bool, assumable func() []*Edge) []escEdge {
	var edits [][2]string // (action, resource)
	switch t.Kind {
	case Role:
		edits = [][2]string{{"iam:AttachRolePolicy", t.ARN}, {"iam:PutRolePolicy", t.ARN}}
	case User:
		edits = [][2]string{{"iam:AttachUserPolicy", t.ARN}, {"iam:PutUserPolicy", t.ARN}}
		for _, g := range t.Groups {
			edits = append(edits, [2]string{"iam:AttachGroupPolicy", g.ARN}, [2]string{"iam:PutGroupPolicy", g.ARN})
		}
	default:
		return nil // a group is reached through its users
	}
	for _, o := range append([]*Principal{t}, t.Groups...) {
		for _, arn := range w.attachedManaged(o) {
			edits = append(edits, [2]string{"iam:CreatePolicyVersion", arn})
		}
	}
	var edit *Step
	for _, e := range edits {
		if !named[e[0]] {
			continue
		}
		if st, ok := w.allowAll(ev, p, req, [][2]string{e}, nil); ok {
			edit = &Step{Technique: e[0], From: p.Display(), To: t.Display(),
				Detail: editDetail(e, t), Statements: st}
			break
		}
	}
	if edit == nil {
		return nil
	}
	become, ok := w.become(ev, p, req, t, assumable)
	if !ok {
		return nil
	}
	edit.Pathfinding = pathfindingPairs[[2]string{edit.Technique, become.Technique}]
	return []escEdge{{to: t, steps: []Step{*edit, become}, made: true}}
}

func editDetail(e [2]string, t *Principal) string {
	switch e[0] {
	case "iam:CreatePolicyVersion":
		return "write a new default version of " + e[1] + ", which applies to " + t.Display() + ", granting everything"
	case "iam:AttachGroupPolicy", "iam:PutGroupPolicy":
		return "give AdministratorAccess to " + e[1] + ", a group of " + t.Name
	}
	return "give " + t.Name + " AdministratorAccess"
}

// become is how p acts as t once t is admin-equivalent: assume the role
// (as its trust policy allows today, or once p rewrites it), or make
// credentials for the user.
func (w *Model) become(ev *eval.Evaluator, p *Principal, req *eval.Request, t *Principal, assumable func() []*Edge) (Step, bool) {
	if t.Kind == Role {
		for _, e := range assumable() {
			if e.To == t {
				return Step{Technique: "sts:AssumeRole", From: p.Display(), To: t.Display(), Statements: e.Statements}, true
			}
		}
		return w.rewriteTrust(ev, p, req, t)
	}
	for _, tech := range []string{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"} {
		if tech == "iam:CreateLoginProfile" && t.HasLogin || tech == "iam:UpdateLoginProfile" && !t.HasLogin {
			continue
		}
		if st, ok := w.allowAll(ev, p, req, [][2]string{{tech, t.ARN}}, nil); ok {
			return Step{Technique: tech, From: p.Display(), To: t.Display(), Detail: "get credentials of user " + t.Name, Statements: st}, true
		}
	}
	return Step{}, false
}

// rewriteTrust is the step by which p rewrites role t's trust policy to
// name p, then assumes t. AWS's same-account rule decides whether p also
// needs sts:AssumeRole in its identity policies: a trust policy that names
// the caller itself (here the session of role p, or user p) grants the
// call alone, while permissions boundaries and SCPs still apply; the
// evaluation engine, which models that rule, is asked with the rewritten
// trust policy in place.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
func (w *Model) rewriteTrust(ev *eval.Evaluator, p *Principal, req *eval.Request, t *Principal) (Step, bool) {
	st, ok := w.allowAll(ev, p, req, [][2]string{{"iam:UpdateAssumeRolePolicy", t.ARN}}, nil)
	if !ok {
		return Step{}, false
	}
	trust := w.trusts[req.Principal]
	if trust == nil {
		var err error
		if trust, err = rewrittenTrust(req.Principal); err != nil {
			return Step{}, false
		}
		if w.trusts == nil {
			w.trusts = map[string]*eval.Policy{}
		}
		w.trusts[req.Principal] = trust
	}
	req.Action, req.Resource, req.ResourceAccount = "sts:AssumeRole", t.ARN, t.Account
	d := ev.Evaluate(&eval.Set{Identity: p.identity, Boundaries: p.Boundaries, Resource: trust, SCPs: w.scps, RCPs: w.rcps}, req)
	if d.Result != eval.Allowed {
		return Step{}, false
	}
	detail := "rewrite the trust policy of " + t.Name + " to name itself, then assume it"
	identity := false
	for _, s := range w.decision(d).Statements {
		if s.Kind != eval.Resource.String() {
			st = append(st, s)
			identity = true
		}
	}
	if !identity {
		detail += " (in its own account, a trust policy that names the caller needs no sts:AssumeRole in the caller's policies)"
	}
	return Step{Technique: "iam:UpdateAssumeRolePolicy", From: p.Display(), To: t.Display(), Detail: detail, Statements: st}, true
}

// rewrittenTrust is the trust policy an attacker writes: principal, and
// only it, may assume the role.
func rewrittenTrust(principal string) (*eval.Policy, error) {
	doc, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"AWS": principal}, "Action": "sts:AssumeRole"}}})
	if err != nil {
		return nil, err
	}
	return eval.Compile(doc, eval.Resource, "trust policy as rewritten by "+strings.TrimSpace(principal))
}
