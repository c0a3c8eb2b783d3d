package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds/ml"
	"github.com/landform/landform/internal/kinds/sg"
)

type listOptions struct {
	App  *App
	What string
}

var listables = []string{"policy-templates", "scenarios", "products", "kinds"}

func newListCmd(app *App, run func(context.Context, *listOptions) error) *cobra.Command {
	if run == nil {
		run = runList
	}
	opts := &listOptions{App: app}
	return &cobra.Command{
		Use:       "list policy-templates|scenarios|products|kinds",
		Short:     "List the policy templates, sg scenarios, ml products or kinds landform knows (with --assets overrides)",
		Aliases:   []string{"list-products"},
		ValidArgs: listables,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 || !slices.Contains(listables, args[0]) {
				return usageErrorf("list what? use one of: %s", strings.Join(listables, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.What = args[0]
			return run(cmd.Context(), opts)
		},
	}
}

type templateJSON struct {
	ID          string     `json:"id"`
	Service     string     `json:"service"`
	Level       string     `json:"level"`
	Description string     `json:"description"`
	File        string     `json:"file"`
	Actions     []string   `json:"actions"`
	Policy      iam.Policy `json:"policy"`
}

type kindJSON struct {
	Name     string   `json:"name"`
	Section  string   `json:"section"`
	Variants []string `json:"variants"`
}

func runList(_ context.Context, opts *listOptions) error {
	app := opts.App
	switch opts.What {
	case "scenarios":
		return listScenarios(app)
	case "products":
		return listProducts(app)
	case "kinds":
		var out []kindJSON
		for _, k := range app.kinds() {
			out = append(out, kindJSON{Name: k.Name(), Section: k.Section(), Variants: k.Variants()})
		}
		if app.JSON() {
			return writeJSON(app.IO.Out, out)
		}
		tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tSECTION\tTIERS")
		for _, k := range out {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", k.Name, k.Section, strings.Join(k.Variants, ", "))
		}
		return tw.Flush()
	}
	ts, err := iam.LoadTemplates(app.Assets())
	if err != nil {
		return err
	}
	var out []templateJSON
	for _, id := range iam.SortedIDs(ts) {
		t := ts[id]
		out = append(out, templateJSON{ID: id, Service: t.Service(), Level: t.Level(), Description: t.Description,
			File: t.File, Actions: t.Policy.Actions(), Policy: t.Policy})
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, out)
	}
	tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tACTIONS\tDESCRIPTION")
	for _, t := range out {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", t.ID, len(t.Actions), t.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(app.IO.ErrOut, "%d policy templates in %d services\n", len(out), countServices(out))
	return nil
}

func countServices(ts []templateJSON) int {
	seen := map[string]bool{}
	for _, t := range ts {
		seen[t.Service] = true
	}
	return len(seen)
}

type scenarioJSON struct {
	Name        string        `json:"name"`
	Description string        `json:"description"`
	File        string        `json:"file"`
	Tiers       []sg.TierView `json:"tiers"`
}

// listScenarios prints the sg scenarios; a broken drop-in scenario is
// reported with its file and line, and fails the command.
func listScenarios(app *App) error {
	scs, fs, err := sg.LoadScenarios(app.Env())
	if err != nil {
		return err
	}
	var out []scenarioJSON
	for _, name := range sg.ScenarioNames(scs) {
		sc := scs[name]
		out = append(out, scenarioJSON{Name: name, Description: sc.Description, File: sc.File, Tiers: sc.Describe()})
	}
	if app.JSON() {
		if err := writeJSON(app.IO.Out, out); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SCENARIO\tTIERS\tDESCRIPTION")
		for _, sc := range out {
			var tiers []string
			for _, t := range sc.Tiers {
				tiers = append(tiers, t.Name)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.Name, strings.Join(tiers, ", "), sc.Description)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(fs) > 0 {
		fs.Sort()
		if err := finding.WriteText(app.IO.ErrOut, fs); err != nil {
			return err
		}
		if fs.HasErrors() {
			return errFindings
		}
	}
	return nil
}

// listProducts prints the ml product tiers and, per source control and VPC
// mode, how many resources and SSM parameters each creates.
func listProducts(app *App) error {
	ps, err := ml.LoadProducts(app.Assets())
	if err != nil {
		return err
	}
	var out []ml.ProductView
	for _, p := range ps {
		out = append(out, p.Describe())
	}
	if app.JSON() {
		return writeJSON(app.IO.Out, out)
	}
	tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIER\tSOURCE CONTROL\tVPC MODE\tRESOURCES\tSSM PARAMETERS")
	for _, p := range out {
		for _, sc := range p.Scenarios {
			mode := sc.VPCMode
			if mode == "" {
				mode = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", p.Tier, sc.SourceControl, mode, sc.Resources, sc.SSMParameters)
		}
	}
	return tw.Flush()
}
