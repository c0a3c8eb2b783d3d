package stack

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Operation is one stack set operation landform started or followed.
type Operation struct {
	ID     string `json:"id"`
	Action string `json:"action"` // CREATE, UPDATE, DELETE, DETECT_DRIFT
	Status string `json:"status"` // SUCCEEDED, FAILED, STOPPED
}

// StackSetFailedError is a stack set operation that ended FAILED or STOPPED.
type StackSetFailedError struct {
	StackSet  string
	Operation Operation
	Failed    []Instance // the instances whose result was FAILED or CANCELLED, with their reasons
	Hint      string
}

func (e *StackSetFailedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stack set %s: the %s operation %s ended %s", e.StackSet, e.Operation.Action, e.Operation.ID, e.Operation.Status)
	switch len(e.Failed) {
	case 0:
		b.WriteString(" without naming an instance")
	case 1:
		b.WriteString("; 1 instance failed:")
	default:
		fmt.Fprintf(&b, "; %d instances failed:", len(e.Failed))
	}
	for _, in := range e.Failed {
		fmt.Fprintf(&b, "\n  %s %s %s: %s", in.who(), in.Region, in.Detail, in.StatusReason)
	}
	if e.Hint != "" {
		b.WriteString("\n" + e.Hint)
	}
	return b.String()
}

// running reports operation states CloudFormation is still working on.
func running(s types.StackSetOperationStatus) bool {
	return s == types.StackSetOperationStatusRunning || s == types.StackSetOperationStatusQueued || s == types.StackSetOperationStatusStopping
}

// runningOperation is the id of an operation still under way on the set,
// or "" (also when there is no such set).
func runningOperation(ctx context.Context, api StackSets, name string) (string, error) {
	p := cloudformation.NewListStackSetOperationsPaginator(api, &cloudformation.ListStackSetOperationsInput{StackSetName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		var missing *types.StackSetNotFoundException
		if errors.As(err, &missing) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("listing the operations of stack set %s: %w", name, err)
		}
		for _, op := range page.Summaries {
			if running(op.Status) {
				return aws.ToString(op.OperationId), nil
			}
		}
	}
	return "", nil
}

// setWatch follows the operations of one stack set, printing each
// instance's status when it changes, and once at the end of an operation
// that was to act on it.
type setWatch struct {
	api     StackSets
	name    string
	hint    string            // added to a failure: what to check
	lines   map[string]string // "account region" → the line last shown ("" once gone)
	pending map[string]bool   // instances the operation acts on, not shown since it began
	ops     []Operation
	o       Options
}

func newSetWatch(api StackSets, name string, o Options) *setWatch {
	return &setWatch{api: api, name: name, lines: map[string]string{}, pending: map[string]bool{}, o: o}
}

// seed records the instances as they are, without printing them.
func (w *setWatch) seed(ins []Instance) {
	for _, in := range ins {
		w.lines[in.display()] = in.line()
	}
}

// expect marks the instances the next operation acts on.
func (w *setWatch) expect(ins []Instance) {
	for _, in := range ins {
		w.pending[in.display()] = true
	}
}

func (in Instance) display() string { return in.who() + " " + in.Region }

func (in Instance) line() string {
	line := fmt.Sprintf("  %s  %s", in.display(), in.Status)
	if in.Detail != "" && in.Detail != string(types.StackInstanceDetailedStatusSucceeded) {
		line += " " + in.Detail
	}
	if in.StatusReason != "" {
		line += ": " + in.StatusReason
	}
	return line
}

// wait polls the operation until it ends, bounded by o.Timeout, and
// returns a *StackSetFailedError when it did not succeed.
func (w *setWatch) wait(ctx context.Context, id, action string) error {
	label := fmt.Sprintf("set %s (operation %s)", w.name, id)
	deadline := w.o.now().Add(w.o.timeout())
	status := types.StackSetOperationStatusRunning
	interrupted := func(err error) error {
		if ctx.Err() != nil {
			return &InterruptedError{Stack: label, Status: types.StackStatus(status)}
		}
		return err
	}
	for {
		out, err := w.api.DescribeStackSetOperation(ctx, &cloudformation.DescribeStackSetOperationInput{
			StackSetName: aws.String(w.name), OperationId: aws.String(id)})
		if err != nil {
			return interrupted(fmt.Errorf("reading operation %s of stack set %s: %w", id, w.name, err))
		}
		if out.StackSetOperation != nil {
			status = out.StackSetOperation.Status
			if a := string(out.StackSetOperation.Action); a != "" {
				action = a
			}
		}
		if err := w.show(ctx, !running(status)); err != nil {
			return interrupted(err)
		}
		if !running(status) {
			op := Operation{ID: id, Action: action, Status: string(status)}
			w.ops = append(w.ops, op)
			if status == types.StackSetOperationStatusSucceeded {
				return nil
			}
			return w.failure(ctx, op)
		}
		if w.o.now().After(deadline) {
			return &TimeoutError{Stack: label, Status: types.StackStatus(status), After: w.o.timeout()}
		}
		if err := sleep(ctx, w.o.poll()); err != nil {
			return &InterruptedError{Stack: label, Status: types.StackStatus(status)}
		}
	}
}

// show prints the instances whose status changed, those that are gone, and
// at the end of an operation those it was to act on.
func (w *setWatch) show(ctx context.Context, end bool) error {
	now, err := listInstances(ctx, w.api, w.name)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, in := range now {
		k, line := in.display(), in.line()
		seen[k] = true
		if w.lines[k] != line || end && w.pending[k] {
			w.lines[k] = line
			delete(w.pending, k)
			w.o.printf("%s", line)
		}
	}
	for _, k := range sortedKeys(w.lines) {
		if !seen[k] && w.lines[k] != "" {
			w.lines[k] = ""
			delete(w.pending, k)
			w.o.printf("  %s  DELETED", k)
		}
	}
	if end {
		clear(w.pending)
	}
	return nil
}

// failure reads the failed and cancelled results of op.
func (w *setWatch) failure(ctx context.Context, op Operation) error {
	e := &StackSetFailedError{StackSet: w.name, Operation: op}
	p := cloudformation.NewListStackSetOperationResultsPaginator(w.api, &cloudformation.ListStackSetOperationResultsInput{
		StackSetName: aws.String(w.name), OperationId: aws.String(op.ID)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("stack set %s: the %s operation %s ended %s, and reading its results failed: %w", w.name, op.Action, op.ID, op.Status, err)
		}
		for _, r := range page.Summaries {
			if r.Status != types.StackSetOperationResultStatusFailed && r.Status != types.StackSetOperationResultStatusCancelled {
				continue
			}
			in := Instance{Account: aws.ToString(r.Account), OrganizationalUnit: aws.ToString(r.OrganizationalUnitId), Region: aws.ToString(r.Region),
				Detail: string(r.Status), StatusReason: aws.ToString(r.StatusReason)}
			if in.StatusReason == "" && r.Status == types.StackSetOperationResultStatusCancelled {
				in.StatusReason = "not attempted: the failure tolerance was used up elsewhere"
			}
			e.Failed = append(e.Failed, in)
		}
	}
	e.Hint = failureHint(e.Failed, w.hint)
	return e
}

// failureHint says what to do about failed instances.
func failureHint(failed []Instance, roles string) string {
	for _, in := range failed {
		r := strings.ToLower(in.StatusReason)
		if strings.Contains(r, "role") || strings.Contains(r, "assume") || strings.Contains(r, "not authorized") {
			return roles
		}
	}
	return "fix what the reasons name, then deploy again: instances whose operation failed are OUTDATED and deploy retries them"
}

// rolesHint names the roles a self-managed set relies on.
func rolesHint(ss StackSet, adminRole string) string {
	if ss.serviceManaged() {
		return "check that trusted access for StackSets is enabled in AWS Organizations and the caller is the management account or a delegated administrator"
	}
	return fmt.Sprintf("check that the administration role %s exists, trusts cloudformation.amazonaws.com and may sts:AssumeRole %s in every target account, "+
		"and that each target account has the execution role %s trusting it; "+
		"see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html", adminRole, ss.executionRole(), ss.executionRole())
}

// batch is a cross product of targets and regions, the shape every
// instance call takes.
type batch struct {
	targets, regions []string
	ou               bool
}

// batches groups instances into as few cross products as cover exactly
// them: targets (accounts, or OUs for a service-managed set) that share the
// same regions go together.
func batches(ins []Instance, serviceManaged bool) []batch {
	regions := map[string][]string{}
	for _, in := range ins {
		t := in.Account
		if serviceManaged {
			t = in.OrganizationalUnit
		}
		if !slices.Contains(regions[t], in.Region) {
			regions[t] = append(regions[t], in.Region)
		}
	}
	var out []batch
	index := map[string]int{}
	for _, t := range slices.Sorted(maps.Keys(regions)) {
		rs := regions[t]
		slices.Sort(rs)
		k := strings.Join(rs, " ")
		i, ok := index[k]
		if !ok {
			i, index[k] = len(out), len(out)
			out = append(out, batch{regions: rs, ou: serviceManaged})
		}
		out[i].targets = append(out[i].targets, t)
	}
	return out
}

// where fills the Accounts or DeploymentTargets of an instance call.
func (b batch) where() ([]string, *types.DeploymentTargets) {
	if b.ou {
		return nil, &types.DeploymentTargets{OrganizationalUnitIds: b.targets}
	}
	return b.targets, nil
}

func (b batch) String() string {
	return fmt.Sprintf("%s × %s", strings.Join(b.targets, ", "), strings.Join(b.regions, ", "))
}
