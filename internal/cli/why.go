package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/kinds"
)

type whyOptions struct {
	App                         *App
	IAM                         iamFlags
	Principal, Action, Resource string
	// Policy and Sid ask about one statement instead: a policy (managed
	// policy name or logical id, or ROLE/INLINE-POLICY) and its Sid.
	Policy, Sid string
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
			switch {
			case opts.Policy != "" || opts.Sid != "":
				if opts.Policy == "" || opts.Sid == "" || len(args) > 0 {
					return usageErrorf("ask about one statement with --policy POLICY --sid SID and no other arguments")
				}
			case len(args) != 2 && len(args) != 3:
				return usageErrorf("why takes PRINCIPAL ACTION [RESOURCE], or --policy POLICY --sid SID; got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Policy != "" {
				return run(cmd.Context(), opts)
			}
			opts.Principal, opts.Action, opts.Resource = args[0], args[1], "*"
			if len(args) == 3 {
				opts.Resource = args[2]
			}
			return run(cmd.Context(), opts)
		},
	}
	opts.IAM.register(cmd, true)
	cmd.Flags().StringVar(&opts.Policy, "policy", "", "ask about one statement: the managed policy (its name or logical id), or ROLE/POLICY for an inline policy (role, group or user by name or logical id; POLICY AssumeRolePolicyDocument for a trust)")
	cmd.Flags().StringVar(&opts.Sid, "sid", "", "the statement's Sid (with --policy)")
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
	if opts.Policy != "" {
		return whyStatement(app, opts, seen)
	}
	p, err := w.Lookup(opts.Principal)
	if err != nil {
		return usageErrorf("%v", err)
	}
	r := w.Can(p, opts.Action, opts.Resource, ctx)
	out := whyJSON{Principal: p.Display(), Action: opts.Action, Resource: opts.Resource, Result: r.Direct.Result, Links: []whyLink{}}
	decision, holder := r.Direct, p
	if !r.Direct.Allowed() && r.Via != nil {
		out.Result = r.Via.Decision.Result
		for _, h := range r.Via.Chain {
			out.Chain = append(out.Chain, h.Principal.Display())
		}
		for _, h := range r.Via.Chain[1:] {
			for _, s := range h.Statements {
				out.Links = append(out.Links, traceStmt(app, s, "assume "+h.Principal.Display(), holderOf(s, h.Principal), seen))
			}
		}
		decision, holder = r.Via.Decision, r.Via.Chain[len(r.Via.Chain)-1].Principal
	}
	for _, s := range decision.Statements {
		out.Links = append(out.Links, traceStmt(app, s, "the permission", holder.LogicalID, seen))
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
// config's kind which lines put it there; for a --template given alone,
// the template's kind reads what the template records of its config.
func traceStmt(app *App, s principals.Stmt, purpose, holder string, seen map[string]builtSource) whyLink {
	l := whyLink{Effect: s.Effect, Template: s.File, LogicalID: s.LogicalID, Policy: s.PolicyName, Statement: s.Index, Sid: s.Sid, For: purpose,
		Config: []whyStep{}}
	if s.File == "AWS-managed" {
		l.Deployed = s.ARN
		return l
	}
	b, ok := seen[s.File]
	if !ok {
		return l
	}
	doc, tree, account := b.doc(), b.tree, b.account
	if b.artifact != nil {
		tree, account = b.artifact.Tree, b.artifact.Target.Account
	}
	if path := statementPath(doc, s); path != "" && tree != nil {
		// The template as the workspace names it, with its line.
		if pos := tree.Pos(path); pos.Line > 0 {
			l.At = fmt.Sprintf("%s:%d:%d", s.File, pos.Line, pos.Column)
		}
	}
	l.Deployed = deployedName(account, doc, s)
	var steps []kinds.Step
	if b.config != nil {
		if e, ok := b.config.Spec.(kinds.Explainer); ok {
			steps = e.Explain(b.artifact.Unit.Name, doc, holder, s.LogicalID, s.PolicyName, s.Sid)
		}
	} else if e, ok := templateKind(app, doc).(kinds.TemplateExplainer); ok {
		steps = e.ExplainTemplate(doc, holder, s.LogicalID, s.PolicyName, s.Sid)
	}
	for _, st := range steps {
		ws := whyStep{What: st.What, Path: st.Path}
		if st.Pos.Line > 0 {
			ws.At = st.Pos.String()
		}
		l.Config = append(l.Config, ws)
	}
	return l
}

// templateKind is the kind a landform template says made it
// (Metadata.Landform.Kind), or nil.
func templateKind(app *App, doc map[string]any) kinds.Kind {
	meta, _ := doc["Metadata"].(map[string]any)
	landform, _ := meta["Landform"].(map[string]any)
	name, _ := landform["Kind"].(string)
	k, _ := app.kinds().ByName(name)
	return k
}

// statementPath is the statement's path in the template: in a managed
// policy's document, in a principal's inline policy, or in a role's trust.
func statementPath(doc map[string]any, s principals.Stmt) string {
	typ, props := templateResource(doc, s.LogicalID)
	if typ == "" {
		return ""
	}
	base := "Resources." + s.LogicalID + ".Properties."
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
	typ, props := templateResource(doc, s.LogicalID)
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
	writeLinks(o, out.Links)
}

func writeLinks(o io.Writer, links []whyLink) {
	for _, l := range links {
		id := fmt.Sprintf("statement %d", l.Statement)
		if l.Sid != "" {
			id += " (" + l.Sid + ")"
		}
		fmt.Fprintf(o, "\n%s: %s %s\n", l.For, l.Effect, id)
		for _, st := range l.Config {
			// From the template alone: the config path, without its line.
			at := st.At
			if at == "" && st.Path != "" {
				at = "(config) " + st.Path
			}
			fmt.Fprintf(o, "  config    %s  %s\n", dash(at), st.What)
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

// whyStatement answers for one statement, found by its policy and Sid in
// the templates the configs built: in a managed policy, an inline policy
// of a role, group or user, or a role's trust. Every match is traced (a
// policy name may be in several accounts' templates).
func whyStatement(app *App, opts *whyOptions, seen map[string]builtSource) error {
	owner, inline, isInline := strings.Cut(opts.Policy, "/")
	out := whyJSON{Links: []whyLink{}}
	for _, file := range slices.Sorted(maps.Keys(seen)) {
		doc := seen[file].doc()
		resources, _ := doc["Resources"].(map[string]any)
		for _, id := range slices.Sorted(maps.Keys(resources)) {
			typ, props := templateResource(doc, id)
			add := func(pdoc any, src principals.PolicySource, holder string) {
				if i, effect, ok := sidIndex(pdoc, opts.Sid); ok {
					st := principals.Stmt{PolicySource: src, Index: i, Sid: opts.Sid, Effect: effect}
					out.Links = append(out.Links, traceStmt(app, st, opts.Policy, holder, seen))
				}
			}
			switch {
			case !isInline && typ == "AWS::IAM::ManagedPolicy" && (id == owner || props["ManagedPolicyName"] == owner):
				name, _ := props["ManagedPolicyName"].(string)
				add(props["PolicyDocument"], principals.PolicySource{File: file, LogicalID: id, PolicyName: name}, firstRefOf(props))
			case isInline && (id == owner || props["RoleName"] == owner || props["GroupName"] == owner || props["UserName"] == owner):
				if inline == "AssumeRolePolicyDocument" {
					add(props["AssumeRolePolicyDocument"], principals.PolicySource{File: file, LogicalID: id, PolicyName: inline}, id)
					break
				}
				list, _ := props["Policies"].([]any)
				for _, it := range list {
					if m, _ := it.(map[string]any); m != nil && m["PolicyName"] == inline {
						add(m["PolicyDocument"], principals.PolicySource{File: file, LogicalID: id, PolicyName: inline}, id)
					}
				}
			}
		}
	}
	out.Result = "found"
	if len(out.Links) == 0 {
		out.Result = "not found"
	}
	if app.JSON() {
		if err := writeJSON(app.IO.Out, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(app.IO.Out, "statement %s of %s: %s\n", opts.Sid, opts.Policy, out.Result)
		writeLinks(app.IO.Out, out.Links)
	}
	if len(out.Links) == 0 {
		return fmt.Errorf("no statement %s in %s: %w", opts.Sid, opts.Policy, errReported)
	}
	return nil
}

// templateResource is a resource's type and properties ("" when the
// template has no such resource).
func templateResource(doc map[string]any, id string) (string, map[string]any) {
	resources, _ := doc["Resources"].(map[string]any)
	res, _ := resources[id].(map[string]any)
	typ, _ := res["Type"].(string)
	props, _ := res["Properties"].(map[string]any)
	return typ, props
}

// sidIndex finds the statement with the Sid in a policy document.
func sidIndex(doc any, sid string) (int, string, bool) {
	m, _ := doc.(map[string]any)
	list, _ := m["Statement"].([]any)
	for i, it := range list {
		st, _ := it.(map[string]any)
		if st["Sid"] == sid {
			effect, _ := st["Effect"].(string)
			return i, effect, true
		}
	}
	return 0, "", false
}

// firstRefOf is the principal a managed policy is attached to in its
// template: its first role, group or user.
func firstRefOf(props map[string]any) string {
	for _, key := range []string{"Roles", "Groups", "Users"} {
		items, _ := props[key].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				if id, ok := m["Ref"].(string); ok {
					return id
				}
			}
		}
	}
	return ""
}
