package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/drift"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/version"
	"github.com/landform/landform/internal/workdir"
)

// errDrifted says drift was found and printed, and nothing failed: exit 2
// (Terraform's convention), nothing more to say.
var errDrifted = errors.New("stack drifted")

type driftOptions struct {
	App   *App
	Files []string // -c, expanded
	AWS   awsFlags
	Deep  bool
}

func newDriftCmd(app *App, run func(context.Context, *driftOptions) error) *cobra.Command {
	if run == nil {
		run = runDrift
	}
	opts := &driftOptions{App: app}
	cmd := &cobra.Command{
		Use:   "drift -c CONFIG",
		Short: "Find drift: CloudFormation's, and the IAM and security-group changes it does not see; exit 0 in sync, 2 drifted, 1 on error",
		Long: `drift runs CloudFormation drift detection on each stack, then compares what
IAM and EC2 hold with the deployed template (deep drift): managed policies
attached and inline policies put outside the stack, trust policies, default
policy versions, permissions boundaries, group members, access keys and
login profiles of the stack's users, instance profile roles, security-group
rules and their descriptions, tags. Each finding says what was expected,
what is there and the aws CLI command that reverts it; deploy
--revert-drift --force makes those calls. reports/{stem}-drift.html has
both results. An endpoint without drift detection (a test endpoint) gets
deep drift only, and says so.`,
		Aliases: []string{"check-drift"},
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			return run(withCommand(cmd.Context(), "drift"), opts)
		},
	}
	opts.AWS.register(cmd, false)
	cmd.Flags().BoolVar(&opts.Deep, "deep", true, "also compare IAM and EC2 with the template (--deep=false: CloudFormation's drift only)")
	return cmd
}

// driftResult is one stack's drift: CloudFormation's and the deep one.
type driftResult struct {
	Stack string `json:"stack"`
	// CloudFormation is its drift detection; nil, with CloudFormationNote
	// saying why, when the endpoint has none.
	CloudFormation     *stack.Drift  `json:"cloudformation"`
	CloudFormationNote string        `json:"cloudformation_note,omitempty"`
	Deep               *drift.Report `json:"deep,omitempty"`
	Drifted            bool          `json:"drifted"`
	Report             string        `json:"report,omitempty"`
}

// runDrift runs drift detection on each config's stacks.
func runDrift(ctx context.Context, opts *driftOptions) error {
	app, f := opts.App, &opts.AWS
	var drifted atomic.Bool
	err := lifecycle(ctx, app, opts.Files, lifecycleMode{Parallel: f.Parallel, Outcome: driftOutcome, AWS: f, Changes: &drifted}, func(ctx context.Context, tg *target, log *runLog) (*driftResult, error) {
		if app.DryRun {
			deep := ""
			if opts.Deep {
				deep = ", then GetTemplate, DescribeStackResources and the IAM and EC2 reads of deep drift (iam:Get*/List* of its roles, groups, users, policies and instance profiles; ec2:DescribeSecurityGroups, DescribeSecurityGroupRules)"
			}
			fmt.Fprintf(tg.ErrOut, "dry run: drift would call sts:GetCallerIdentity, cloudformation:DetectStackDrift %s, DescribeStackDriftDetectionStatus until done, DescribeStackResourceDrifts%s; nothing was called\n", tg.Stack.Name, deep)
			return nil, nil
		}
		c, id, err := app.connect(ctx, tg)
		if err != nil {
			return nil, err
		}
		log.printf("caller %s", id.ARN)
		res := &driftResult{Stack: tg.Stack.Name}
		d, err := c.DetectDrift(ctx, tg.Stack.Name, app.stackOptions(f, tg.ErrOut))
		switch {
		case err != nil && stack.NotImplemented(err) && opts.Deep:
			res.CloudFormationNote = "this endpoint does not implement CloudFormation drift detection (NotImplemented); deep drift only"
			log.printf("%s", res.CloudFormationNote)
		case err != nil:
			return res, err
		default:
			res.CloudFormation = d
			log.printf("drift status %s, %d drifted resources", d.Status, d.Drifted)
			res.Drifted = d.Status == "DRIFTED"
		}
		if opts.Deep {
			if res.Deep, err = c.DeepDrift(ctx, tg.Stack.Name, id.Account); err != nil {
				return res, err
			}
			log.printf("deep drift: %d findings in %d resources", len(res.Deep.Findings), res.Deep.Checked)
			res.Drifted = res.Drifted || len(res.Deep.Findings) > 0
		}
		if res.Report, err = app.writeDriftReport(tg, c.Region, id, res); err != nil {
			return res, err
		}
		if !app.JSON() {
			writeDriftResult(tg.Out, res)
		}
		if res.Drifted {
			drifted.Store(true)
		}
		return res, nil
	})
	if err == nil && drifted.Load() {
		return errDrifted
	}
	return err
}

func driftOutcome(d *driftResult) string {
	switch {
	case d == nil:
		return "ok"
	case d.Drifted:
		return "DRIFTED"
	}
	return "IN_SYNC"
}

func writeDriftResult(w io.Writer, r *driftResult) {
	if r.CloudFormation != nil {
		writeDrift(w, r.CloudFormation)
	} else {
		fmt.Fprintf(w, "stack %s: CloudFormation drift not checked: %s\n", r.Stack, r.CloudFormationNote)
	}
	if r.Deep != nil {
		writeDeepDrift(w, r.Deep)
	}
	if r.Report != "" {
		fmt.Fprintf(w, "report: %s\n", r.Report)
	}
}

func writeDrift(w io.Writer, d *stack.Drift) {
	fmt.Fprintf(w, "stack %s: %s (%d of %d resources drifted)\n", d.Stack, d.Status, d.Drifted, len(d.Resources))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  STATUS\tLOGICAL ID\tTYPE\tPHYSICAL ID")
	for _, r := range d.Resources {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Status, r.LogicalID, r.Type, r.PhysicalID)
	}
	tw.Flush()
	for _, r := range d.Resources {
		for _, p := range r.Differences {
			fmt.Fprintf(w, "  %s %s (%s):\n    expected: %s\n    actual:   %s\n", r.LogicalID, p.Path, p.Kind, p.Expected, p.Actual)
		}
	}
}

func writeDeepDrift(w io.Writer, r *drift.Report) {
	if len(r.Findings) == 0 {
		fmt.Fprintf(w, "deep drift of %s: none in %d resources (IAM and security groups as the template says)\n", r.Stack, r.Checked)
	} else {
		fmt.Fprintf(w, "deep drift of %s: %d findings in %d resources (%d high, %d medium, %d low)\n", r.Stack, len(r.Findings), r.Checked,
			r.Count(drift.High), r.Count(drift.Medium), r.Count(drift.Low))
	}
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  %-6s %s %s (%s %s)\n", strings.ToUpper(f.Severity), f.Kind, f.LogicalID, f.Type, f.PhysicalID)
		fmt.Fprintf(w, "         %s\n         expected: %s\n         actual:   %s\n", f.Detail, f.Expected, f.Actual)
		if f.Revert != "" {
			fmt.Fprintf(w, "         revert:   %s\n", f.Revert)
		} else {
			fmt.Fprintf(w, "         not repairable: %s\n", f.NotRepairable)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}

// writeDriftReport writes reports/{stem}-drift.html.
func (app *App) writeDriftReport(tg *target, region string, id stack.Identity, r *driftResult) (string, error) {
	rep := report.Drift{Stack: r.Stack, Kind: tg.Kind, Config: tg.Config, Account: id.Account, Region: region, Caller: id.ARN,
		Drifted: r.Drifted, Checked: app.Now(), Generator: "landform " + version.Version, CloudFormation: r.CloudFormationNote}
	rep.Outcome = "In sync: CloudFormation and landform found no drift."
	if r.Drifted {
		rep.Outcome = "Drifted: the stack's resources differ from its template; see below, and deploy --revert-drift --force to put them back."
	}
	if d := r.CloudFormation; d != nil {
		rep.CloudFormation = fmt.Sprintf("%s (%d of %d resources drifted)", d.Status, d.Drifted, len(d.Resources))
		for _, res := range d.Resources {
			dr := report.DriftResource{LogicalID: res.LogicalID, Type: res.Type, PhysicalID: res.PhysicalID, Status: res.Status}
			for _, p := range res.Differences {
				dr.Differences = append(dr.Differences, fmt.Sprintf("%s (%s): expected %s, actual %s", p.Path, p.Kind, p.Expected, p.Actual))
			}
			rep.Resources = append(rep.Resources, dr)
		}
	}
	if r.Deep != nil {
		rep.Notes = r.Deep.Notes
		for _, f := range r.Deep.Findings {
			rep.Findings = append(rep.Findings, report.DriftFinding{Severity: f.Severity, LogicalID: f.LogicalID, Type: f.Type, PhysicalID: f.PhysicalID,
				Kind: f.Kind, Detail: f.Detail, Expected: f.Expected, Actual: f.Actual, Revert: f.Revert, NotRepairable: f.NotRepairable})
		}
	}
	body, err := report.DriftHTML(rep)
	if err != nil {
		return "", err
	}
	path := app.Dir().Path("reports", tg.Stack.Stem+"-drift.html")
	return path, workdir.WriteFile(path, body)
}

// revertResult is what deploy --revert-drift did before the deploy.
type revertResult struct {
	Found     int              `json:"found"`
	Repaired  []drift.Repaired `json:"repaired"`
	Left      []drift.Finding  `json:"not_repairable"`
	Remaining int              `json:"remaining_after"`
}

// revertDrift repairs the deep drift of a deployed stack, saying each call
// as it makes it, and checks again. A stack not deployed yet has none.
func revertDrift(ctx context.Context, c *stack.Clients, tg *target, account string, log *runLog) (*revertResult, error) {
	cur, err := c.Describe(ctx, tg.Stack.Name)
	if err != nil || cur == nil {
		return nil, err
	}
	rep, err := c.DeepDrift(ctx, tg.Stack.Name, account)
	if err != nil {
		return nil, err
	}
	res := &revertResult{Found: len(rep.Findings), Repaired: []drift.Repaired{}, Left: []drift.Finding{}}
	w := tg.ErrOut
	fmt.Fprintf(w, "revert drift of %s: %d deep-drift findings\n", tg.Stack.Name, len(rep.Findings))
	for _, f := range rep.Findings {
		if !f.Repairable() {
			res.Left = append(res.Left, f)
			fmt.Fprintf(w, "  not repairable: %s %s: %s (%s)\n", f.LogicalID, f.Kind, f.Detail, f.NotRepairable)
		}
	}
	res.Repaired = c.RevertDeepDrift(ctx, rep.Findings)
	failed := 0
	for _, r := range res.Repaired {
		if r.Error != "" {
			failed++
			fmt.Fprintf(w, "  FAILED %s: %s\n", r.Finding.Revert, r.Error)
			continue
		}
		fmt.Fprintf(w, "  reverted %s %s: %s\n", r.Finding.LogicalID, r.Finding.Kind, r.Finding.Revert)
		log.printf("reverted %s %s: %s", r.Finding.LogicalID, r.Finding.Kind, r.Finding.Revert)
	}
	if len(res.Repaired) > 0 {
		after, err := c.DeepDrift(ctx, tg.Stack.Name, account)
		if err != nil {
			return res, err
		}
		res.Remaining = len(after.Findings)
		fmt.Fprintf(w, "revert drift of %s: %d reverted, %d failed, %d not repairable; %d findings remain\n",
			tg.Stack.Name, len(res.Repaired)-failed, failed, len(res.Left), res.Remaining)
	}
	if failed > 0 {
		return res, fmt.Errorf("revert drift of %s: %d of %d repairs failed (above); nothing was deployed", tg.Stack.Name, failed, len(res.Repaired))
	}
	return res, nil
}

// writePlanDrift says, under a plan, that the deployed stack drifted and
// what the deploy does with each change made outside CloudFormation.
func writePlanDrift(w io.Writer, d *stack.PlanDrift) {
	switch {
	case d == nil:
		return
	case d.Unchecked != "":
		fmt.Fprintf(w, "drift: not checked (%s)\n", d.Unchecked)
		return
	case len(d.Findings) == 0:
		fmt.Fprintln(w, "drift: none outside CloudFormation")
		return
	}
	kept := 0
	for _, f := range d.Findings {
		if f.Fate == "kept" {
			kept++
		}
	}
	fmt.Fprintf(w, "drift: the deployed stack was changed outside CloudFormation (%d findings; landform drift shows them); this deploy keeps %d of them:\n", len(d.Findings), kept)
	for _, f := range d.Findings {
		fmt.Fprintf(w, "  %-8s %-6s %s %s: %s\n", f.Fate, strings.ToUpper(f.Severity), f.Kind, f.LogicalID, f.Detail)
	}
	if kept > 0 {
		fmt.Fprintln(w, "  deploy --revert-drift --force puts them back before it deploys")
	}
}
