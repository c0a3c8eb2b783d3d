package cli

import (
	"context"
	"fmt"
	"slices"

	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds/ml"
	"github.com/landform/landform/internal/kinds/sg"
)

type describeOptions struct {
	App *App
	ID  string
}

func newDescribeCmd(app *App, run func(context.Context, *describeOptions) error) *cobra.Command {
	if run == nil {
		run = runDescribe
	}
	opts := &describeOptions{App: app}
	return &cobra.Command{
		Use:     "describe policy-template ID | scenario NAME | product TIER | access -c CONFIG",
		Short:   "Show a policy template, an sg scenario, an ml product tier, or who can assume what in an access config",
		Aliases: []string{"describe-product"},
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 1 && args[0] == "access" {
				return nil
			}
			if len(args) != 2 || (args[0] != "policy-template" && args[0] != "scenario" && args[0] != "product") {
				return usageErrorf("usage: landform describe policy-template ID, or landform describe scenario NAME (see landform list)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] == "access" {
				return describeAccess(app)
			}
			opts.ID = args[1]
			if args[0] == "scenario" {
				return describeScenario(app, args[1])
			}
			if args[0] == "product" {
				return describeProduct(app, args[1])
			}
			return run(cmd.Context(), opts)
		},
	}
}

func runDescribe(_ context.Context, opts *describeOptions) error {
	app := opts.App
	ts, err := iam.LoadTemplates(app.Assets())
	if err != nil {
		return err
	}
	t, ok := ts[opts.ID]
	if !ok {
		hint := "run landform list policy-templates"
		if m := finding.Suggest(opts.ID, iam.SortedIDs(ts)); m != "" {
			hint = "did you mean " + m + "?"
		}
		return usageErrorf("no policy template %q: %s", opts.ID, hint)
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, templateJSON{ID: t.ID, Service: t.Service(), Level: t.Level(),
			Description: t.Description, File: t.File, Actions: t.Policy.Actions(), Policy: t.Policy})
	}
	doc, err := t.Policy.Indented()
	if err != nil {
		return err
	}
	fmt.Fprintf(app.IO.Out, "%s: %s\nfile: %s\nsize: %d characters (before placeholders)\n\n%s", t.ID, t.Description, t.File, t.Policy.Size(), doc)
	return nil
}

// describeScenario prints one scenario's tiers and every rule it creates,
// the derived halves of cross-tier rules marked.
func describeScenario(app *App, name string) error {
	scs, _, err := sg.LoadScenarios(app.Env())
	if err != nil {
		return err
	}
	sc, ok := scs[name]
	if !ok {
		hint := "run landform list scenarios"
		if m := finding.Suggest(name, sg.ScenarioNames(scs)); m != "" {
			hint = "did you mean " + m + "?"
		}
		return usageErrorf("no scenario %q: %s", name, hint)
	}
	tiers := sc.Describe()
	if app.JSON() {
		return writeJSON(app.IO.Out, scenarioJSON{Name: sc.Name, Description: sc.Description, File: sc.File, Tiers: tiers})
	}
	w := app.IO.Out
	fmt.Fprintf(w, "%s: %s\nfile: %s\n", sc.Name, sc.Description, sc.File)
	for _, t := range tiers {
		fmt.Fprintf(w, "\ntier %s: %s\n", t.Name, t.Description)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  DIRECTION\tRULE\tPROTOCOL\tPORTS\tPEER\tDESCRIPTION")
		for _, r := range t.Rules {
			desc := r.Description
			if r.Derived {
				desc += " (derived)"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", r.Direction, r.Name, r.Protocol, r.Ports, r.Peer, desc)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if !hasEgress(t) {
			fmt.Fprintln(w, "  no egress: the default allow-all rule is replaced by one that matches nothing")
		}
	}
	return nil
}

func hasEgress(t sg.TierView) bool {
	for _, r := range t.Rules {
		if r.Direction == "egress" {
			return true
		}
	}
	return false
}

// describeProduct prints one ml tier: per source control and VPC mode, the
// resources and SSM parameters it creates.
func describeProduct(app *App, tier string) error {
	if !slices.Contains(ml.Tiers, tier) {
		hint := "use starter, professional or enterprise"
		if m := finding.Suggest(tier, ml.Tiers); m != "" {
			hint = "did you mean " + m + "?"
		}
		return usageErrorf("no product tier %q: %s", tier, hint)
	}
	p, err := ml.LoadProduct(app.Assets(), tier)
	if err != nil {
		return err
	}
	v := p.Describe()
	if app.JSON() {
		return writeJSON(app.IO.Out, v)
	}
	w := app.IO.Out
	fmt.Fprintf(w, "%s: %s\nfile: %s\n", v.Tier, v.Description, v.File)
	for _, sc := range v.Scenarios {
		mode := ""
		if sc.VPCMode != "" {
			mode = ", " + sc.VPCMode
		}
		fmt.Fprintf(w, "\n%s%s: %d resources, %d SSM parameters\n", sc.SourceControl, mode, sc.Resources, sc.SSMParameters)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, r := range sc.ResourceList {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.ID, r.Type, r.Purpose)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, prm := range sc.Parameters {
			fmt.Fprintf(w, "  SSM %s\n", prm)
		}
	}
	return nil
}
