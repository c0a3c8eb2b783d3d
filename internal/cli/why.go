package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/kinds"
)

type whyOptions struct {
	App                         *App
	IAM                         iamFlags
	Principal, Action, Resource string
}

func newWhyCmd(app *App, run func(context.Context, *whyOptions) error) *cobra.Command {
	if run == nil {
		run = runWhy
	}
	opts := &whyOptions{App: app}
	cmd := &cobra.Command{
		Use:   "why PRINCIPAL ACTION [RESOURCE]",
		Short: "Trace a permission back to the config line that granted it",
		Long: `why answers "where does this permission come from?", offline: it finds the
statements that allow PRINCIPAL to do ACTION on RESOURCE (default *) in the
workspace's templates, as can does, and for each gives the chain that put it
there: the config line of the principal, the way through the policy-group DAG
(or the section that makes the policy), the atomic policy's definition, the
template's logical id and statement at their line, and the deployed name.
When only a role the principal can assume has the permission, the chain's
trust statements are traced too.

PRINCIPAL is as for can. Exit 0 when the principal, or a chain from it, is
allowed; 1 when nothing grants it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 && len(args) != 3 {
				return usageErrorf("why takes PRINCIPAL ACTION [RESOURCE], got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Principal, opts.Action, opts.Resource = args[0], args[1], "*"
			if len(args) == 3 {
				opts.Resource = args[2]
			}
			return run(cmd.Context(), opts)
		},
	}
	opts.IAM.register(cmd, true)
	return cmd
}

// whyLink is one traced statement: where it is in its template, its
// deployed name, and the config lines that put it there.
type whyLink struct {
	Effect    string    `json:"effect"`
	Template  string    `json:"template"`
	At        string    `json:"at,omitempty"` // template file:line:col of the statement
	LogicalID string    `json:"logical_id,omitempty"`
	Policy    string    `json:"policy,omitempty"`
	Statement int       `json:"statement"`
	Sid       string    `json:"sid,omitempty"`
	Deployed  string    `json:"deployed,omitempty"`
	Config    []whyStep `json:"config"`
	For       string    `json:"for"` // "the permission", or "assume ROLE"
}

type whyStep struct {
	What string `json:"what"`
	Path string `json:"path,omitempty"`
	At   string `json:"at,omitempty"` // config file:line:col
}

type whyJSON struct {
	Principal string    `json:"principal"`
	Action    string    `json:"action"`
	Resource  string    `json:"resource"`
	Result    string    `json:"result"`
	Chain     []string  `json:"chain,omitempty"` // when a role it can assume has the permission
	Links     []whyLink `json:"links"`
}

func runWhy(_ context.Context, opts *whyOptions) error {
	app, f := opts.App, &opts.IAM
	ctx, err := f.ctx()
	if err != nil {
		return err
	}
	seen := map[string]builtSource{}
	w, _, err := loadIAMWorkspaceSeen(app, f, seen)
	if err != nil {
		return err
	}
	p, err := w.Lookup(opts.Principal)
	if err != nil {
		return usageErrorf("%v", err)
	}
	r := w.Can(p, opts.Action, opts.Resource, ctx)
	out := whyJSON{Principal: p.Display(), Action: opts.Action, Resource: opts.Resource, Result: r.Direct.Result, Links: []whyLink{}}
	decision := r.Direct
	if !r.Direct.Allowed() && r.Via != nil {
		out.Result = r.Via.Decision.Result
		for _, h := range r.Via.Chain {
			out.Chain = append(out.Chain, h.Principal.Display())
		}
		for _, h := range r.Via.Chain[1:] {
			for _, s := range h.Statements {
				out.Links = append(out.Links, traceStmt(s, "assume "+h.Principal.Display(), holderOf(s, h.Principal), seen))
			}
		}
		decision = r.Via.Decision
	}
	holder := p
	if !r.Direct.Allowed() && r.Via != nil {
		holder = r.Via.Chain[len(r.Via.Chain)-1].Principal
	}
	for _, s := range decision.Statements {
		out.Links = append(out.Links, traceStmt(s, "the permission", holder.LogicalID, seen))
	}
	if app.JSON() {
		if err := writeJSON(app.IO.Out, out); err != nil {
			return err
		}
	} else {
		writeWhy(app.IO.Out, out)
	}
	if out.Result != "Allowed" {
		return fmt.Errorf("nothing grants it: %w", errReported)
	}
	return nil
}

// holderOf is the principal a chain's trust or assume statement belongs
// to: the assuming principal's own policy, or the assumed role's trust.
func holderOf(s principals.Stmt, assumed *principals.Principal) string {
	if s.PolicyName == "AssumeRolePolicyDocument" {
		return assumed.LogicalID
	}
	return s.LogicalID
}

// traceStmt finds a deciding statement in its template and asks the
// config's kind which lines put it there.
func traceStmt(s principals.Stmt, purpose, holder string, seen map[string]builtSource) whyLink {
	l := whyLink{Effect: s.Effect, Template: s.File, LogicalID: s.LogicalID, Policy: s.PolicyName, Statement: s.Index, Sid: s.Sid, For: purpose}
	if s.File == "AWS-managed" {
		l.Deployed = s.ARN
		l.Config = []whyStep{}
		return l
	}
	b, ok := seen[s.File]
	if !ok {
		l.Config = []whyStep{} // a --template: its Sid is all there is
		return l
	}
	a := b.artifact
	doc := a.Doc()
	if path := statementPath(doc, s); path != "" && a.Tree != nil {
		// The template as the workspace names it, with its line.
		if pos := a.Tree.Pos(path); pos.Line > 0 {
			l.At = fmt.Sprintf("%s:%d:%d", s.File, pos.Line, pos.Column)
		}
	}
	l.Deployed = deployedName(a.Target.Account, doc, s)
	l.Config = []whyStep{}
	if e, ok := b.config.Spec.(kinds.Explainer); ok {
		for _, st := range e.Explain(a.Unit.Name, doc, holder, s.LogicalID, s.PolicyName, s.Sid) {
			ws := whyStep{What: st.What, Path: st.Path}
			if st.Pos.Line > 0 {
				ws.At = st.Pos.String()
			}
			l.Config = append(l.Config, ws)
		}
	}
	return l
}

// statementPath is the statement's path in the template: in a managed
// policy's document, in a principal's inline policy, or in a role's trust.
func statementPath(doc map[string]any, s principals.Stmt) string {
	resources, _ := doc["Resources"].(map[string]any)
	res, _ := resources[s.LogicalID].(map[string]any)
	if res == nil {
		return ""
	}
	base := "Resources." + s.LogicalID + ".Properties."
	props, _ := res["Properties"].(map[string]any)
	switch {
	case s.PolicyName == "AssumeRolePolicyDocument":
		return fmt.Sprintf("%sAssumeRolePolicyDocument.Statement[%d]", base, s.Index)
	case props["PolicyDocument"] != nil:
		return fmt.Sprintf("%sPolicyDocument.Statement[%d]", base, s.Index)
	}
	list, _ := props["Policies"].([]any)
	for k, it := range list {
		if m, _ := it.(map[string]any); m != nil && m["PolicyName"] == s.PolicyName {
			return fmt.Sprintf("%sPolicies[%d].PolicyDocument.Statement[%d]", base, k, s.Index)
		}
	}
	return ""
}

// deployedName is what the statement is in IAM once deployed: the managed
// policy's ARN, or the inline policy (or trust) of the named principal.
func deployedName(account string, doc map[string]any, s principals.Stmt) string {
	resources, _ := doc["Resources"].(map[string]any)
	res, _ := resources[s.LogicalID].(map[string]any)
	props, _ := res["Properties"].(map[string]any)
	typ, _ := res["Type"].(string)
	if typ == "AWS::IAM::ManagedPolicy" {
		if n, ok := props["ManagedPolicyName"].(string); ok {
			return fmt.Sprintf("arn:aws:iam::%s:policy/%s", account, n)
		}
		return s.ARN
	}
	kind, nameKey := "", ""
	switch typ {
	case "AWS::IAM::Role":
		kind, nameKey = "role", "RoleName"
	case "AWS::IAM::Group":
		kind, nameKey = "group", "GroupName"
	case "AWS::IAM::User":
		kind, nameKey = "user", "UserName"
	default:
		return ""
	}
	name, ok := props[nameKey].(string)
	if !ok {
		return ""
	}
	arn := fmt.Sprintf("arn:aws:iam::%s:%s/%s", account, kind, name)
	if s.PolicyName == "AssumeRolePolicyDocument" {
		return "trust policy of " + arn
	}
	return fmt.Sprintf("inline policy %s of %s", s.PolicyName, arn)
}

func writeWhy(o io.Writer, out whyJSON) {
	fmt.Fprintf(o, "%s %s on %s: %s\n", out.Principal, out.Action, out.Resource, out.Result)
	if len(out.Chain) > 0 {
		fmt.Fprintf(o, "through the chain %s\n", strings.Join(out.Chain, " → "))
	}
	if out.Result != "Allowed" {
		fmt.Fprintln(o, "nothing in the workspace grants it, directly or through a role it can assume")
	}
	for _, l := range out.Links {
		id := fmt.Sprintf("statement %d", l.Statement)
		if l.Sid != "" {
			id += " (" + l.Sid + ")"
		}
		fmt.Fprintf(o, "\n%s: %s %s\n", l.For, l.Effect, id)
		for _, st := range l.Config {
			fmt.Fprintf(o, "  config    %s  %s\n", dash(st.At), st.What)
		}
		at := l.Template
		if l.At != "" {
			at = l.At
		}
		fmt.Fprintf(o, "  template  %s  %s %s\n", at, l.LogicalID, l.Policy)
		if l.Deployed != "" {
			fmt.Fprintf(o, "  deployed  %s\n", l.Deployed)
		}
	}
}
