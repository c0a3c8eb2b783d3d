package principals

import (
	"slices"
	"strings"

	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/iam/eval"
)

// Outsider is who the public-access questions are asked for: a principal in
// an account no template of the workspace names, outside its organization,
// free to give itself any identity policy, and sending no context key but
// the ones a caller sets for itself (MFA, TLS).
const (
	OutsiderAccount = "000000000000"
	Outsider        = "anyone (any AWS account)"
	outsiderARN     = "arn:aws:iam::" + OutsiderAccount + ":user/anyone"
)

// Exposure is a role or resource of the workspace that the outsider may use.
type Exposure struct {
	File      string
	LogicalID string
	Type      string // AWS::IAM::Role, AWS::S3::BucketPolicy, …
	Role      *Principal
	Admin     bool     // the role is admin-equivalent
	Resource  string   // the ARN the outsider may act on (the first, for a policy of several)
	Actions   []string // what the outsider may do, as the policy writes it (sts:AssumeRole for a role)
	Concrete  []string // ... and each action that covers, lower case, sorted
	Statement Stmt     // the first statement that allows it
}

// Public returns every role whose trust policy and every resource policy
// that lets the outsider in, judged by the evaluation engine with the
// workspace's RCPs: conditions on the organization, the account, the
// source or an external id close a policy, as AWS would decide. A resource
// policy is asked, for each Allow statement open to any principal, about
// every action its Action names (wildcards expanded through the catalog),
// on each resource it governs.
func (w *Model) Public(ctx Context) []Exposure {
	key := ctx.merged().key()
	if w.public == nil || w.public.key != key {
		w.public = &publicAnswer{key: key, exposures: w.exposures(ctx)}
	}
	return w.public.exposures
}

// publicAnswer is Public's answer for the context with key: check and
// Escalations both ask, and the admin probes of each exposed role are not
// free.
type publicAnswer struct {
	key       string
	exposures []Exposure
}

func (w *Model) exposures(ctx Context) []Exposure {
	var ev eval.Evaluator
	anyone := w.outsiderPolicy()
	req := w.outsiderRequest(ctx)
	set := func(res *eval.Policy) *eval.Set {
		return &eval.Set{Identity: []*eval.Policy{anyone}, Resource: res, RCPs: w.rcps}
	}
	var out []Exposure
	for _, p := range w.Principals {
		if p.Kind != Role || p.Trust == nil {
			continue
		}
		req.Action, req.Resource, req.ResourceAccount = "sts:AssumeRole", p.ARN, p.Account
		if d := ev.Evaluate(set(p.Trust), req); d.Result == eval.Allowed {
			out = append(out, Exposure{File: p.File, LogicalID: p.LogicalID, Type: "AWS::IAM::Role", Role: p,
				Admin: w.IsAdmin(p, ctx), Actions: []string{"sts:AssumeRole"}, Statement: w.resourceStmt(d)})
		}
	}
	for _, rp := range w.Resources {
		e := Exposure{File: rp.File, LogicalID: rp.LogicalID, Type: rp.Type}
		for _, o := range openActions(rp.Doc) {
			allowed := false
			for _, a := range o.actions {
				for _, arn := range rp.ARNs {
					req.Action, req.Resource, req.ResourceAccount = a, strings.TrimSuffix(arn, "*")+probeSuffix(arn), rp.Account
					if d := ev.Evaluate(set(rp.Policy), req); d.Result == eval.Allowed {
						if e.Resource == "" {
							e.Resource, e.Statement = strings.TrimSuffix(arn, "/*"), w.resourceStmt(d)
						}
						allowed = true
						e.Concrete = append(e.Concrete, a)
						break
					}
				}
			}
			if allowed {
				e.Actions = append(e.Actions, o.pattern)
			}
		}
		if len(e.Actions) > 0 {
			slices.Sort(e.Concrete)
			e.Concrete = slices.Compact(e.Concrete)
			out = append(out, e)
		}
	}
	return out
}

func probeSuffix(arn string) string {
	if strings.HasSuffix(arn, "*") {
		return "landform-probe"
	}
	return ""
}

func (w *Model) outsiderPolicy() *eval.Policy {
	p, err := eval.CompileValue(map[string]any{"Version": "2012-10-17", "Statement": map[string]any{
		"Effect": "Allow", "Action": "*", "Resource": "*"}}, eval.Identity, "outsider")
	if err != nil {
		panic(err) // a constant document
	}
	return p
}

func (w *Model) outsiderRequest(ctx Context) *eval.Request {
	req := &eval.Request{Principal: outsiderARN}
	req.Context.Set("aws:PrincipalArn", outsiderARN)
	req.Context.Set("aws:PrincipalAccount", OutsiderAccount)
	for k, v := range ctx.merged() {
		req.Context.Set(k, v)
	}
	return req
}

// resourceStmt is the deciding statement of the resource or trust policy.
func (w *Model) resourceStmt(d *eval.Decision) Stmt {
	for _, s := range w.decision(d).Statements {
		if s.Kind != eval.Identity.String() {
			return s
		}
	}
	return Stmt{}
}

// openAction is an action pattern of an Allow statement open to anyone and
// the concrete actions it covers.
type openAction struct {
	pattern string
	actions []string
}

// openActions are the action patterns of the document's Allow statements
// whose principal is anyone ("*", {"AWS": "*"} or NotPrincipal), in order,
// each with the actions of the catalog it covers.
func openActions(doc any) []openAction {
	m, _ := doc.(map[string]any)
	var stmts []any
	switch s := m["Statement"].(type) {
	case []any:
		stmts = s
	case map[string]any:
		stmts = []any{s}
	}
	var out []openAction
	for _, s := range stmts {
		st, _ := s.(map[string]any)
		if st["Effect"] != "Allow" || !AnyPrincipal(st) {
			continue
		}
		for _, pat := range anyStrings(st["Action"]) {
			o := openAction{pattern: pat, actions: []string{pat}}
			if strings.ContainsAny(pat, "*?") {
				o.actions = catalog.Default().Match(pat)
				slices.Sort(o.actions)
			}
			out = append(out, o)
		}
	}
	return out
}

// AnyPrincipal reports whether a statement (decoded JSON) names every
// principal: Principal "*", an AWS principal "*", or a NotPrincipal.
func AnyPrincipal(st map[string]any) bool {
	if st["NotPrincipal"] != nil {
		return true
	}
	switch p := st["Principal"].(type) {
	case string:
		return p == "*"
	case map[string]any:
		return slices.Contains(anyStrings(p["AWS"]), "*")
	}
	return false
}
