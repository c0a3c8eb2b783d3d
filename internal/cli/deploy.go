package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/version"
	"github.com/landform/landform/internal/workdir"
)

type deployFlags struct {
	awsFlags
	Test                  bool
	Keep                  bool
	ReplaceFailed         bool
	Generated             bool
	TerminationProtection bool
	DenyReplace           bool
	RevertDrift           bool
	Plan                  *planFile // deploy PLANFILE: run exactly this saved plan
}

// deployJSON is the machine-readable result of one deploy.
type deployJSON struct {
	Config    string           `json:"config"`
	Test      bool             `json:"test"`
	Suffix    string           `json:"suffix,omitempty"`
	Deployed  *stack.Deployed  `json:"deployed,omitempty"`
	Destroyed *stack.Destroyed `json:"destroyed,omitempty"`
	// Reverted is what deploy --revert-drift repaired before the deploy.
	Reverted *revertResult `json:"reverted,omitempty"`
	// Retired are the stacks deploy deleted first: the config no longer
	// makes them (kinds.Family).
	Retired []*stack.Destroyed `json:"retired,omitempty"`
	Report  string             `json:"report,omitempty"`
	Error   string             `json:"error,omitempty"`
}

type deployOptions struct {
	App   *App
	Files []string // -c, expanded
	Flags deployFlags
}

func newDeployCmd(app *App, run func(context.Context, *deployOptions) error) *cobra.Command {
	if run == nil {
		run = runDeploy
	}
	opts := &deployOptions{App: app}
	f := &opts.Flags
	cmd := &cobra.Command{
		Use:   "deploy -c CONFIG --force | deploy PLANFILE --force",
		Short: "Create or update the stack through a change set, with live events; then outputs to SSM",
		Long: `Build and check the config's template, then create a change set (CREATE for a
new stack, UPDATE otherwise), execute it and stream the stack's events with
a progress line until CloudFormation finishes. "No changes" is success.
After a successful deploy the outputs go to SSM where the kind keeps them
(sec: /security/{stem}/{OutputKey}) and reports/{stem}-deployment.html is
written. A stack whose first create failed (ROLLBACK_COMPLETE) is replaced
with --replace-failed. Interrupting (Ctrl-C) stops waiting, not
CloudFormation; deploy again to follow the stack to the end.

--test (or test-deploy) deploys an isolated copy: a random suffix on the
stack name and on every physical name, its outputs checked, then destroyed
unless --keep.

deploy PLANFILE runs the change set plan --out kept, and nothing else. It
refuses a stale plan: the config or the template built from it changed, or
the stack was updated, replaced or deleted since, or the change set can no
longer run. --deny-replace refuses a change set that replaces a resource.

--revert-drift first puts back what landform drift finds outside
CloudFormation (detach, delete the extra inline policy or access key,
restore the default policy version, the trust policy, the boundary, the
instance profile's role, revoke the extra rule …), listing each call as it
makes it, then checks again; the change set is drift-aware (REVERT_DRIFT),
so CloudFormation also puts back the properties it models.`,
		Aliases: []string{"deploy-product", "create-security-groups", "test-deploy"},
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.CalledAs() == "test-deploy" {
				f.Test = true
			}
			if len(args) == 1 {
				if f.Test || f.Generated || len(app.ConfigFiles) > 0 || app.EstateFile != "" {
					return usageErrorf("deploy PLANFILE runs a saved plan of the config it names: no -c, --estate, --test or --generated with it")
				}
				pf, err := readPlanFile(args[0])
				if err != nil {
					return usageErrorf("%v", err)
				}
				f.Plan, app.ConfigFiles = pf, []string{pf.Config}
				if pf.Account != "" {
					app.Account = pf.Account
				}
			}
			if f.Keep && !f.Test {
				return usageErrorf("--keep is for test deploys: add --test")
			}
			if f.RevertDrift && (f.Test || f.Plan != nil) {
				return usageErrorf("--revert-drift repairs a deployed stack before deploying the config: not with --test or a saved plan")
			}
			if f.Generated && f.Test {
				return usageErrorf("--generated deploys the templates as generate wrote them; a test copy renames them: use one or the other")
			}
			if err := app.requireForce(cmd, &f.awsFlags); err != nil {
				return err
			}
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			command := "deploy"
			if f.Test {
				command = "test-deploy"
			}
			return run(withCommand(cmd.Context(), command), opts)
		},
	}
	f.register(cmd, true)
	cmd.Flags().BoolVar(&f.Test, "test", false, "deploy an isolated copy with a random suffix on every name, check it, destroy it")
	cmd.Flags().BoolVar(&f.Keep, "keep", false, "with --test: keep the test stack")
	cmd.Flags().BoolVar(&f.Generated, "generated", false, generatedUsage)
	cmd.Flags().BoolVar(&f.ReplaceFailed, "replace-failed", false, "delete a stack stuck in ROLLBACK_COMPLETE and create it anew")
	cmd.Flags().BoolVar(&f.TerminationProtection, "termination-protection", false, "turn on termination protection after the deploy")
	cmd.Flags().BoolVar(&f.DenyReplace, "deny-replace", false, "refuse a change set that replaces a resource, or may, before it runs")
	cmd.Flags().BoolVar(&f.RevertDrift, "revert-drift", false, "first put back what landform drift finds changed outside CloudFormation, and deploy a drift-aware change set")
	return cmd
}

// runDeploy deploys each config's stacks (test copies with --test).
func runDeploy(ctx context.Context, opts *deployOptions) error {
	var suffix func() string
	if opts.Flags.Test {
		suffix = stack.RandomSuffix
	}
	return lifecycle(ctx, opts.App, opts.Files, lifecycleMode{Suffix: suffix, StopOnError: true, Generated: opts.Flags.Generated,
		Parallel: opts.Flags.Parallel, Outcome: deployOutcome, AWS: &opts.Flags.awsFlags}, func(ctx context.Context, tg *target, log *runLog) (deployJSON, error) {
		return opts.App.deployOne(ctx, tg, &opts.Flags, log)
	})
}

func (app *App) deployOne(ctx context.Context, tg *target, f *deployFlags, log *runLog) (deployJSON, error) {
	res := deployJSON{Config: tg.Config, Test: f.Test, Suffix: tg.Suffix}
	if app.DryRun {
		dryRun(tg.ErrOut, tg, "deploy", f.Keep)
		return res, nil
	}
	if f.Test {
		fmt.Fprintf(tg.ErrOut, "test deploy of %s: suffix %s, stack %s\n", tg.Config, tg.Suffix, tg.Stack.Name)
		log.printf("test deploy, suffix %s", tg.Suffix)
	}
	c, id, err := app.connect(ctx, tg)
	if err != nil {
		return res, err
	}
	log.printf("caller %s", id.ARN)
	o := app.stackOptions(&f.awsFlags, tg.ErrOut)
	do := stack.DeployOptions{ReplaceFailed: f.ReplaceFailed, TerminationProtection: f.TerminationProtection, DenyReplace: f.DenyReplace, RevertDrift: f.RevertDrift}
	if f.RevertDrift {
		if res.Reverted, err = revertDrift(ctx, c, tg, id.Account, log); err != nil {
			return res, err
		}
	}
	if res.Retired, err = retire(ctx, c, tg, o, log); err != nil {
		return res, err
	}
	var d *stack.Deployed
	if f.Plan != nil {
		if why := f.Plan.stale(tg); why != "" {
			return res, &stack.StaleError{Stack: tg.Stack.Name, Why: why}
		}
		d, err = c.DeploySaved(ctx, tg.Stack, f.Plan.Saved, do, o)
	} else {
		d, err = c.Deploy(ctx, tg.Stack, do, o)
	}
	res.Deployed = d
	logDeploy(log, d)
	if rep, rerr := app.writeDeploymentReport(context.WithoutCancel(ctx), c, tg, id, d, err); rerr != nil {
		fmt.Fprintf(tg.ErrOut, "warning: %v\n", rerr)
	} else {
		res.Report = rep
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = &stack.InterruptedError{Stack: tg.Stack.Name, Status: "IN_PROGRESS"}
		}
		res.Error = err.Error()
		return res, err
	}
	if !app.JSON() {
		writeDeployed(tg.Out, d, res.Report)
	}
	if !f.Test {
		return res, nil
	}
	if err := verifyOutputs(tg.Stack, d); err != nil {
		res.Error = err.Error()
		fmt.Fprintf(tg.ErrOut, "test deploy %s failed its check: %v; the test stack is kept for inspection: landform destroy needs the real config, so remove it with `aws cloudformation delete-stack --stack-name %s`\n", tg.Suffix, err, tg.Stack.Name)
		return res, err
	}
	if f.Keep {
		fmt.Fprintf(tg.ErrOut, "test stack %s kept (--keep); remove it with `aws cloudformation delete-stack --stack-name %s`\n", tg.Stack.Name, tg.Stack.Name)
		return res, nil
	}
	des, err := c.Destroy(ctx, tg.Stack, o)
	res.Destroyed = des
	if err != nil {
		res.Error = err.Error()
		return res, fmt.Errorf("destroying test stack %s: %w", tg.Stack.Name, err)
	}
	log.printf("test stack destroyed; %d SSM parameters removed", len(des.SSM))
	fmt.Fprintf(tg.ErrOut, "test deploy %s passed: %d outputs checked; test stack %s destroyed, %d SSM parameters removed\n",
		tg.Suffix, len(d.Outputs), tg.Stack.Name, len(des.SSM))
	return res, nil
}

// verifyOutputs checks a test deploy produced every output the template
// declares, each with a value.
func verifyOutputs(st stack.Stack, d *stack.Deployed) error {
	if len(d.Outputs) != st.Outputs {
		return fmt.Errorf("the stack has %d outputs, the template declares %d", len(d.Outputs), st.Outputs)
	}
	var empty []string
	for _, k := range sortedKeys(d.Outputs) {
		if strings.TrimSpace(d.Outputs[k]) == "" {
			empty = append(empty, k)
		}
	}
	if len(empty) > 0 {
		return fmt.Errorf("outputs without a value: %s", strings.Join(empty, ", "))
	}
	return nil
}

func writeDeployed(w io.Writer, d *stack.Deployed, reportPath string) {
	if d.NoChanges {
		fmt.Fprintf(w, "stack %s: no changes (%s)\n", d.Stack, d.Status)
	} else {
		fmt.Fprintf(w, "stack %s: %s in %s (%d events)\n", d.Stack, d.Status, d.Duration.Round(1e6), len(d.Events))
	}
	if len(d.Outputs) > 0 {
		fmt.Fprintf(w, "outputs (%d):\n", len(d.Outputs))
		for _, k := range sortedKeys(d.Outputs) {
			fmt.Fprintf(w, "  %s = %s\n", k, d.Outputs[k])
		}
	}
	if len(d.SSM) > 0 {
		fmt.Fprintf(w, "SSM parameters written: %d under %s\n", len(d.SSM), pathDir(d.SSM[0]))
	}
	if reportPath != "" {
		fmt.Fprintf(w, "report: %s\n", reportPath)
	}
}

func pathDir(name string) string {
	if i := strings.LastIndexByte(name, '/'); i > 0 {
		return name[:i]
	}
	return name
}

func logDeploy(log *runLog, d *stack.Deployed) {
	if d == nil {
		return
	}
	if d.ChangeSet != nil {
		log.printf("change set %s (%s): %d changes, empty=%v", d.ChangeSet.Name, d.ChangeSet.Type, len(d.ChangeSet.Changes), d.ChangeSet.Empty)
		for _, ch := range d.ChangeSet.Changes {
			log.printf("  %s %s %s replacement=%s", ch.Action, ch.LogicalID, ch.Type, dash(ch.Replacement))
		}
	}
	log.printf("template by %s; final status %s", d.Method, d.Status)
	for _, e := range d.Events {
		line := fmt.Sprintf("  event %s %s %s %s", e.Time.UTC().Format("15:04:05Z"), e.Status, e.LogicalID, e.Type)
		if e.Reason != "" {
			line += ": " + e.Reason
		}
		log.printf("%s", line)
	}
	for _, n := range d.SSM {
		log.printf("  ssm %s", n)
	}
}

// writeDeploymentReport writes reports/{stem}-deployment.html.
func (app *App) writeDeploymentReport(ctx context.Context, c *stack.Clients, tg *target, id stack.Identity, d *stack.Deployed, deployErr error) (string, error) {
	if d == nil || (d.ChangeSet == nil && deployErr != nil) {
		return "", nil // nothing reached CloudFormation
	}
	rep := report.Deployment{Stack: d.Stack, StackID: d.StackID, Kind: tg.Kind, Config: tg.Config, Account: id.Account,
		Region: c.Region, Caller: id.ARN, Status: d.Status, Method: d.Method, Started: d.Started, Duration: d.Duration,
		Outputs: d.Outputs, Generator: "landform " + version.Version}
	switch {
	case deployErr != nil:
		rep.Failed, rep.Outcome = true, "Failed: "+deployErr.Error()
	case d.NoChanges:
		rep.Outcome = "No changes: the stack already matches the template."
	default:
		rep.Outcome = fmt.Sprintf("Deployed: %d changes applied.", len(d.ChangeSet.Changes))
	}
	rs, err := c.Resources(ctx, d.Stack)
	if err != nil {
		return "", err
	}
	for _, r := range rs {
		rep.Resources = append(rep.Resources, report.Resource{LogicalID: r.LogicalID, PhysicalID: r.PhysicalID, Type: r.Type, Status: r.Status})
	}
	events := d.Events
	if d.NoChanges && len(events) == 0 {
		// Nothing ran: the report keeps showing how the stack got here.
		if events, err = c.LastOperation(ctx, d.Stack); err != nil {
			return "", err
		}
		if len(events) > 0 {
			rep.Timeline = "Nothing was executed in this run; these are the events of the last deployment, started " + events[0].Time.UTC().Format("2006-01-02 15:04:05Z") + "."
		}
	}
	rep.Events = reportEvents(events)
	body, err := report.DeploymentHTML(rep)
	if err != nil {
		return "", err
	}
	path := app.Dir().Path("reports", tg.Stack.Stem+"-deployment.html")
	return path, workdir.WriteFile(path, body)
}

func reportEvents(events []stack.Event) []report.Event {
	var out []report.Event
	for _, e := range events {
		out = append(out, report.Event{Time: e.Time, LogicalID: e.LogicalID, PhysicalID: e.PhysicalID, Type: e.Type, Status: e.Status, Reason: e.Reason})
	}
	return out
}

// writeDestroyReport replaces reports/{stem}-deployment.html, when there is
// one, with what destroy did: a report that still said CREATE_COMPLETE
// after the stack was gone would tell a reader the opposite of the truth.
func (app *App) writeDestroyReport(c *stack.Clients, tg *target, id stack.Identity, d *stack.Destroyed, started time.Time) error {
	path := app.Dir().Path("reports", tg.Stack.Stem+"-deployment.html")
	if _, err := os.Stat(path); err != nil || !d.Existed {
		return nil // no report to correct, or no stack was there
	}
	rep := report.Deployment{Stack: d.Stack, Kind: tg.Kind, Config: tg.Config, Account: id.Account, Region: c.Region, Caller: id.ARN,
		Status: d.Status, Started: started, Duration: app.Now().Sub(started), Generator: "landform " + version.Version,
		Outcome:  fmt.Sprintf("Destroyed: the stack and its %d SSM parameters were deleted.", len(d.SSM)),
		Timeline: "The events of the destroy.", Events: reportEvents(d.Events)}
	body, err := report.DeploymentHTML(rep)
	if err != nil {
		return err
	}
	return workdir.WriteFile(path, body)
}
