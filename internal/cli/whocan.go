package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/report"
)

type whoCanOptions struct {
	App              *App
	IAM              iamFlags
	Action, Resource string
}

func newWhoCanCmd(app *App, run func(context.Context, *whoCanOptions) error) *cobra.Command {
	if run == nil {
		run = runWhoCan
	}
	opts := &whoCanOptions{App: app}
	cmd := &cobra.Command{
		Use:   "who-can ACTION RESOURCE",
		Short: "List every principal that can do an action on a resource, with the shortest role chain",
		Long: `who-can lists every role, user and group of the workspace (every -c config's
stacks and every --template) that can do ACTION on RESOURCE: directly, or by
assuming roles (sts:AssumeRole, across the workspace's accounts: an edge
needs both the source's identity policy and the target's trust policy),
with the shortest chain each. Roles people or CI reach through SAML or OIDC
federation are marked as entry points. With --report, also writes reports/STEM-who-can.html.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageErrorf("who-can takes ACTION RESOURCE, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Action, opts.Resource = args[0], args[1]
			return run(cmd.Context(), opts)
		},
	}
	opts.IAM.register(cmd, true)
	registerReport(cmd, app, "the page reports/STEM-who-can.html")
	return cmd
}

type whoCanJSON struct {
	Principal string              `json:"principal"`
	ARN       string              `json:"arn"`
	Kind      string              `json:"kind"`
	Entries   []principals.Entry  `json:"entry_points,omitempty"`
	Direct    bool                `json:"direct"`
	Chain     []jsonHop           `json:"chain"`
	Decision  principals.Decision `json:"decision"`
}

func runWhoCan(_ context.Context, opts *whoCanOptions) error {
	app, f, action, resource := opts.App, &opts.IAM, opts.Action, opts.Resource
	ctx, err := f.ctx()
	if err != nil {
		return err
	}
	w, stem, err := loadIAMWorkspace(app, f)
	if err != nil {
		return err
	}
	answers := w.WhoCan(action, resource, ctx)
	page := report.Review{Title: "Who can " + action + " on " + resource,
		Subtitle: "Every principal of the workspace that can, directly or through sts:AssumeRole chains, with the shortest chain.",
		Legend:   "reached only through a chain",
		Facts:    [][2]string{{"Action", action}, {"Resource", resource}, {"Principals that can", fmt.Sprint(len(answers))}}}
	table := report.ReviewTable{Columns: []string{"Principal", "Kind", "Entry point", "Chain", "Deciding statements"}, Empty: "Nobody in the workspace can."}
	out := []whoCanJSON{}
	for _, a := range answers {
		p := a.Principal
		out = append(out, whoCanJSON{Principal: p.Display(), ARN: p.ARN, Kind: p.Kind.String(), Entries: p.Entries, Direct: a.Direct(), Chain: jsonChain(a.Chain), Decision: a.Decision})
		var stmts []string
		for _, s := range a.Decision.Statements {
			stmts = append(stmts, s.String())
		}
		table.Rows = append(table.Rows, report.ReviewRow{Cells: []string{p.Display(), p.Kind.String(), entryText(p), chainText(a.Chain), strings.Join(stmts, "; ")}, Highlight: !a.Direct()})
	}
	page.Sections = []report.ReviewSection{{Name: "Principals", Tables: []report.ReviewTable{table}}}
	if err := writeQueryPage(app, stem+"-who-can.html", page); err != nil {
		return err
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, out)
	}
	if len(answers) == 0 {
		fmt.Fprintf(app.IO.Out, "nobody in the workspace can %s on %s\n", action, resource)
		return nil
	}
	tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PRINCIPAL\tKIND\tENTRY\tCHAIN")
	for _, a := range answers {
		entry := entryText(a.Principal)
		if entry == "" {
			entry = "-"
		}
		chain := "direct"
		if !a.Direct() {
			chain = chainText(a.Chain)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Principal.Display(), a.Principal.Kind, entry, chain)
	}
	return tw.Flush()
}
