package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/landform/landform/internal/estate"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/stack"
)

// stackSetOf is the stack set a config of the estate deploys as: its
// template, named as its stack would be, to estate.yaml's targets.
func stackSetOf(tg *target, ss *estate.StackSet) stack.StackSet {
	model := "SELF_MANAGED"
	if ss.ServiceManaged() {
		model = "SERVICE_MANAGED"
	}
	return stack.StackSet{Name: tg.Stack.Name, Body: tg.Body, Tags: tg.Target.Tags, PermissionModel: model,
		AdministrationRoleARN: ss.AdministrationRoleARN, ExecutionRoleName: ss.ExecutionRoleName, AutoDeployment: ss.AutoDeployment,
		Accounts: ss.Accounts, OrganizationalUnits: ss.OrganizationalUnits, Regions: ss.Regions,
		Preferences: stack.Preferences{MaxConcurrentCount: ss.MaxConcurrent, MaxConcurrentPercentage: ss.MaxConcurrentPercent,
			FailureToleranceCount: ss.FailureTolerance, FailureTolerancePercentage: ss.FailureTolerancePercent,
			RegionOrder: ss.Regions, RegionConcurrency: strings.ToUpper(ss.RegionConcurrency)}}
}

// stackSetCommand runs command (plan, deploy, drift or destroy) on a
// config of the estate that deploys as a stack set, from the account and
// region its config names (the set's administrator).
func (a *App) stackSetCommand(ctx context.Context, command string, tg *target, ss *estate.StackSet, f *awsFlags, log *runLog) (any, error) {
	set := stackSetOf(tg, ss)
	if a.DryRun {
		fmt.Fprintf(tg.ErrOut, "dry run: %s of stack set %s (%s × %s) would call sts:GetCallerIdentity, cloudformation:DescribeStackSet and ListStackInstances%s; nothing was called\n",
			command, set.Name, strings.Join(append(append([]string{}, set.Accounts...), set.OrganizationalUnits...), ","), strings.Join(set.Regions, ","), setCalls[command])
		return nil, nil
	}
	c, id, err := a.connect(ctx, tg)
	if err != nil {
		return nil, err
	}
	log.printf("caller %s; stack set %s", id.ARN, set.Name)
	o := a.stackOptions(f, tg.ErrOut)
	switch command {
	case "plan":
		p, err := c.PlanStackSet(ctx, set, o)
		if err == nil && !a.JSON() {
			writeSetPlan(tg.Out, p)
		}
		return p, err
	case "deploy":
		r, err := c.DeployStackSet(ctx, set, o)
		if r != nil && !a.JSON() {
			writeSetResult(tg.Out, r)
		}
		return r, err
	case "destroy":
		r, err := c.DestroyStackSet(ctx, set.Name, o)
		if r != nil && !a.JSON() {
			writeSetResult(tg.Out, r)
		}
		return r, err
	case "drift":
		d, err := c.DetectStackSetDrift(ctx, set.Name, o)
		if err != nil {
			return d, err
		}
		fmt.Fprintf(tg.Out, "stack set %s: %s (%d of %d instances drifted)\n", d.Name, d.Status, d.Drifted, len(d.Instances))
		return d, nil
	}
	return nil, fmt.Errorf("bug: %s has no stack set form", command)
}

var setCalls = map[string]string{
	"plan":    "",
	"deploy":  ", CreateStackSet or UpdateStackSet, CreateStackInstances / DeleteStackInstances, DescribeStackSetOperation until done",
	"destroy": ", DeleteStackInstances, DescribeStackSetOperation until done, DeleteStackSet",
	"drift":   ", DetectStackSetDrift, DescribeStackSetOperation until done",
}

func writeSetPlan(w io.Writer, p *stack.StackSetPlan) {
	state := "does not exist yet"
	if p.Exists {
		state = "exists"
	}
	fmt.Fprintf(w, "stack set %s %s; template changed: %v\n", p.Name, state, p.TemplateChanged)
	if len(p.Changed) > 0 {
		fmt.Fprintf(w, "settings changed: %s\n", strings.Join(p.Changed, ", "))
	}
	for _, g := range []struct {
		what string
		ins  []stack.Instance
	}{{"add", p.Add}, {"update", p.Update}, {"remove", p.Remove}, {"keep", p.Keep}} {
		for _, in := range g.ins {
			who := in.Account
			if who == "" {
				who = in.OrganizationalUnit
			}
			fmt.Fprintf(w, "  %-6s  %s %s\n", g.what, who, in.Region)
		}
	}
}

func writeSetResult(w io.Writer, r *stack.StackSetResult) {
	var counts []string
	for _, k := range slices.Sorted(maps.Keys(r.Summary)) {
		counts = append(counts, fmt.Sprintf("%d %s", r.Summary[k], k))
	}
	fmt.Fprintf(w, "stack set %s: %d instances (%s), %d operations\n", r.Name, len(r.Instances), strings.Join(counts, ", "), len(r.Operations))
}

// setOutcome is a stack set's line in the summary table.
func setOutcome(r any) string {
	switch r := r.(type) {
	case *stack.StackSetPlan:
		if r == nil {
			return "ok"
		}
		return fmt.Sprintf("stack set: %d to add, %d to update, %d to remove, %d unchanged", len(r.Add), len(r.Update), len(r.Remove), len(r.Keep))
	case *stack.StackSetResult:
		if r == nil {
			return "ok"
		}
		return fmt.Sprintf("stack set: %d instances", len(r.Instances))
	case *stack.StackSetDrift:
		if r == nil {
			return "ok"
		}
		return "stack set: " + r.Status
	}
	return "ok"
}

// stackSetOfConfig is the stack set the run's estate deploys file as, or
// nil when there is no estate or the config is a plain stack in it.
func (a *App) stackSetOfConfig(file string) (*estate.StackSet, error) {
	ef, err := estateFile(a.EstateFile, a.ConfigFiles)
	if err != nil || ef == "" {
		return nil, err
	}
	data, err := os.ReadFile(ef)
	if err != nil {
		return nil, fmt.Errorf("reading the estate file %s: %w", ef, unwrapPathError(err))
	}
	spec, fs, err := estate.LoadSpec(ef, data)
	if err != nil {
		return nil, err
	}
	if spec == nil {
		return nil, fmt.Errorf("the estate file %s is not valid (run landform validate -c %s): %s", ef, filepath.Dir(ef), finding.Summary(fs))
	}
	return spec.StackSetOf(file), nil
}
