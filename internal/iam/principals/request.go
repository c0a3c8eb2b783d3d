package principals

import (
	"sort"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/iam/eval"
)

// DefaultContext is the request context every question starts from: a
// person signed in with MFA, over TLS. --context adds keys or overrides
// these.
var DefaultContext = map[string]string{
	"aws:MultiFactorAuthPresent": "true",
	"aws:SecureTransport":        "true",
}

// Context is the request context of a question: key → value.
type Context map[string]string

func (c Context) merged() Context {
	out := Context{}
	for k, v := range DefaultContext {
		out[k] = v
	}
	for k, v := range c {
		out[k] = v
	}
	return out
}

func (c Context) key() string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + c[k] + "\x00")
	}
	return b.String()
}

// requestFor builds a request by p with the context set; callers fill in
// Action, Resource and ResourceAccount. The request acts as p's session: an
// assumed-role session for a role, the user for a user, and a member of the
// group (with no other policy) for a group.
func requestFor(p *Principal, ctx Context) *eval.Request {
	req := &eval.Request{}
	switch p.Kind {
	case Role:
		req.Principal = "arn:aws:sts::" + p.Account + ":assumed-role/" + p.Name + "/landform"
	case User:
		req.Principal = p.ARN
		req.Context.Set("aws:username", p.Name)
	case Group:
		req.Principal = "arn:aws:iam::" + p.Account + ":user/member-of-" + p.Name
	}
	req.Context.Set("aws:PrincipalArn", p.ARN)
	req.Context.Set("aws:PrincipalAccount", p.Account)
	for k, v := range ctx {
		req.Context.Set(k, v)
	}
	return req
}

// resourcePolicy finds the resource policy of the workspace that governs
// arn for action, and the account that owns the resource ("" if unknown).
func (w *Model) resourcePolicy(action, arn string) (*eval.Policy, string) {
	if strings.HasPrefix(strings.ToLower(action), "sts:assumerole") {
		if p := w.byARN[arn]; p != nil && p.Kind == Role {
			if p.Trust == nil {
				// No readable trust policy: nobody can assume it here.
				return &eval.Policy{Name: "missing trust policy", Kind: eval.Resource}, p.Account
			}
			return p.Trust, p.Account
		}
		return nil, ""
	}
	for _, rp := range w.Resources {
		for _, a := range rp.ARNs {
			if a == arn || (strings.HasSuffix(a, "/*") && strings.HasPrefix(arn, a[:len(a)-1])) {
				return rp.Policy, rp.Account
			}
		}
	}
	return nil, ""
}

// resourceAccount is the account of an ARN, the owner of a workspace
// resource policy, or else the principal's own account.
func resourceAccount(arn, owner, principalAccount string) string {
	if arnHasAccount(arn) {
		return strings.SplitN(arn, ":", 6)[4]
	}
	if owner != "" {
		return owner
	}
	return principalAccount
}

// arnHasAccount reports whether an ARN names its account (S3 buckets and
// objects do not).
func arnHasAccount(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && len(parts[4]) == 12 && strings.Trim(parts[4], "0123456789") == ""
}

// Stmt is one deciding statement, named by where it comes from.
type Stmt struct {
	PolicySource
	Kind   string `json:"kind"`
	Index  int    `json:"index"`
	Sid    string `json:"sid,omitempty"`
	Effect string `json:"effect"`
}

func (s Stmt) String() string {
	id := "statement " + strconv.Itoa(s.Index)
	if s.Sid != "" {
		id += " (" + s.Sid + ")"
	}
	return s.Effect + " " + s.PolicySource.String() + " " + id
}

// Decision is the outcome of one request, with its deciding statements.
type Decision struct {
	Result     string `json:"result"` // Allowed, ImplicitlyDenied, ExplicitlyDenied
	Reason     string `json:"reason"`
	Statements []Stmt `json:"statements"`
}

// Allowed reports whether the request was allowed.
func (d Decision) Allowed() bool { return d.Result == eval.Allowed.String() }

func (w *Model) decision(d *eval.Decision) Decision {
	out := Decision{Result: d.Result.String(), Reason: d.Reason, Statements: []Stmt{}}
	for _, s := range d.Statements {
		out.Statements = append(out.Statements, Stmt{PolicySource: w.sources[s.Policy], Kind: s.Kind.String(), Index: s.Index, Sid: s.Sid, Effect: s.Effect.String()})
	}
	return out
}

// decide evaluates one request by p (req built by requestFor).
func (w *Model) decide(ev *eval.Evaluator, p *Principal, req *eval.Request, action, resource string) *eval.Decision {
	res, owner := w.resourcePolicy(action, resource)
	req.Action, req.Resource = action, resource
	req.ResourceAccount = resourceAccount(resource, owner, p.Account)
	if w.ResourceAccount != "" && owner == "" && !arnHasAccount(resource) {
		req.ResourceAccount = w.ResourceAccount
	}
	set := eval.Set{Identity: p.identity, Boundaries: p.Boundaries, Resource: res, SCPs: w.scps, RCPs: w.rcps}
	return ev.Evaluate(&set, req)
}

// Decide answers whether p, by itself, can do action on resource.
func (w *Model) Decide(p *Principal, action, resource string, ctx Context) Decision {
	var ev eval.Evaluator
	req := requestFor(p, ctx.merged())
	return w.decision(w.decide(&ev, p, req, action, resource))
}
