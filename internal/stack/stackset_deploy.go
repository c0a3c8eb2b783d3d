package stack

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
)

// StackSetResult is the outcome of a stack set deploy or destroy.
type StackSetResult struct {
	Name       string         `json:"name"`
	Existed    bool           `json:"existed"`
	Plan       *StackSetPlan  `json:"plan,omitempty"` // what deploy set out to do
	Operations []Operation    `json:"operations"`
	Instances  []Instance     `json:"instances"` // as they are at the end
	Summary    map[string]int `json:"summary"`   // instances by status
}

// DeployStackSet creates or updates the set and brings its instances to
// ss's targets: instances outside them are deleted, the set's change (or a
// retry of failed instances) is rolled out, and missing instances are
// created, one operation after the other, each followed to its end. An
// operation still under way from an earlier run is followed first.
func (c *Clients) DeployStackSet(ctx context.Context, ss StackSet, o Options) (*StackSetResult, error) {
	res := &StackSetResult{Name: ss.Name, Summary: map[string]int{}}
	if err := ss.validate(); err != nil {
		return res, err
	}
	api, err := c.stackSets()
	if err != nil {
		return res, err
	}
	w := newSetWatch(api, ss.Name, o)
	err = c.deployStackSet(ctx, api, ss, w, res)
	res.Operations = w.ops
	var failed *StackSetFailedError
	if errors.As(err, &failed) {
		_ = c.settle(ctx, api, res, Options{}) // the error names what failed; the instances are extra
	}
	if err != nil {
		return res, err
	}
	return res, c.settle(ctx, api, res, o)
}

func (c *Clients) deployStackSet(ctx context.Context, api StackSets, ss StackSet, w *setWatch, res *StackSetResult) error {
	if err := followEarlier(ctx, w); err != nil {
		return err
	}
	p, err := c.planStackSet(ctx, api, ss)
	if err != nil {
		return err
	}
	res.Plan, res.Existed = p, p.Exists
	w.hint = rolesHint(ss, p.adminRole)
	w.seed(slices.Concat(p.Update, p.Remove, p.Keep))
	o, name, sm := w.o, ss.Name, p.serviceManaged
	if !p.Exists {
		in := &cloudformation.CreateStackSetInput{StackSetName: aws.String(name), TemplateBody: aws.String(string(ss.Body)),
			Capabilities: capabilities, Tags: cfnTags(ss.Tags)}
		in.PermissionModel, in.AdministrationRoleARN, in.ExecutionRoleName, in.AutoDeployment = ss.permissions(p.adminRole)
		if _, err := api.CreateStackSet(ctx, in); err != nil {
			return setCallError("creating stack set", name, err, w.hint)
		}
		o.printf("created stack set %s in %s", name, c.Region)
	}
	for _, b := range batches(p.Remove, sm) {
		o.printf("deleting the instances of stack set %s in %s", name, b)
		accounts, targets := b.where()
		out, err := api.DeleteStackInstances(ctx, &cloudformation.DeleteStackInstancesInput{StackSetName: aws.String(name),
			Accounts: accounts, DeploymentTargets: targets, Regions: b.regions, RetainStacks: aws.Bool(false),
			OperationPreferences: ss.Preferences.operationPreferences(b.regions)})
		if err != nil {
			return setCallError("deleting instances of stack set", name, err, w.hint)
		}
		w.expect(p.Remove)
		if err := w.wait(ctx, aws.ToString(out.OperationId), "DELETE"); err != nil {
			return err
		}
	}
	switch {
	case p.TemplateChanged || len(p.Changed) > 0:
		what := p.Changed
		if p.TemplateChanged {
			what = append([]string{"template"}, what...)
		}
		o.printf("updating stack set %s (%s changed) and its %d instances", name, strings.Join(what, ", "), len(p.Update))
		in := &cloudformation.UpdateStackSetInput{StackSetName: aws.String(name), TemplateBody: aws.String(string(ss.Body)),
			Capabilities: capabilities, Tags: cfnTags(ss.Tags), OperationPreferences: ss.Preferences.operationPreferences(regionsOf(p.Update))}
		if in.Tags == nil {
			in.Tags = []types.Tag{} // an empty list removes the set's tags; none leaves them
		}
		in.PermissionModel, in.AdministrationRoleARN, in.ExecutionRoleName, in.AutoDeployment = ss.permissions(p.adminRole)
		out, err := api.UpdateStackSet(ctx, in)
		if err != nil {
			return setCallError("updating stack set", name, err, w.hint)
		}
		w.expect(p.Update)
		if err := w.wait(ctx, aws.ToString(out.OperationId), "UPDATE"); err != nil {
			return err
		}
	default:
		for _, b := range batches(p.Update, sm) {
			o.printf("retrying the instances of stack set %s in %s", name, b)
			accounts, targets := b.where()
			out, err := api.UpdateStackInstances(ctx, &cloudformation.UpdateStackInstancesInput{StackSetName: aws.String(name),
				Accounts: accounts, DeploymentTargets: targets, Regions: b.regions, OperationPreferences: ss.Preferences.operationPreferences(b.regions)})
			if err != nil {
				return setCallError("updating instances of stack set", name, err, w.hint)
			}
			w.expect(p.Update)
			if err := w.wait(ctx, aws.ToString(out.OperationId), "UPDATE"); err != nil {
				return err
			}
		}
	}
	for _, b := range batches(p.Add, sm) {
		o.printf("creating the instances of stack set %s in %s", name, b)
		accounts, targets := b.where()
		out, err := api.CreateStackInstances(ctx, &cloudformation.CreateStackInstancesInput{StackSetName: aws.String(name),
			Accounts: accounts, DeploymentTargets: targets, Regions: b.regions, OperationPreferences: ss.Preferences.operationPreferences(b.regions)})
		if err != nil {
			return setCallError("creating instances of stack set", name, err, w.hint)
		}
		if err := w.wait(ctx, aws.ToString(out.OperationId), "CREATE"); err != nil {
			return err
		}
	}
	if len(w.ops) == 0 && p.Exists {
		o.printf("stack set %s is up to date: %d instances, nothing to deploy", name, len(p.Keep))
	}
	return nil
}

// permissions are the permission fields of CreateStackSet and UpdateStackSet.
func (ss StackSet) permissions(adminRole string) (types.PermissionModels, *string, *string, *types.AutoDeployment) {
	if ss.serviceManaged() {
		auto := &types.AutoDeployment{Enabled: aws.Bool(ss.AutoDeployment)}
		if ss.AutoDeployment {
			auto.RetainStacksOnAccountRemoval = aws.Bool(false)
		}
		return types.PermissionModelsServiceManaged, nil, nil, auto
	}
	return types.PermissionModelsSelfManaged, aws.String(adminRole), aws.String(ss.executionRole()), nil
}

func regionsOf(ins []Instance) []string {
	var out []string
	for _, in := range ins {
		if !slices.Contains(out, in.Region) {
			out = append(out, in.Region)
		}
	}
	return out
}

// settle records the instances as they are now, and warns about any a
// failure tolerance let through.
func (c *Clients) settle(ctx context.Context, api StackSets, res *StackSetResult, o Options) error {
	ins, err := listInstances(ctx, api, res.Name)
	if err != nil {
		return err
	}
	res.Instances = ins
	for _, in := range ins {
		res.Summary[in.Status]++
		if in.Status != string(types.StackInstanceStatusCurrent) {
			o.printf("warning: instance %s %s of stack set %s is %s (within the failure tolerance): %s", in.who(), in.Region, res.Name, in.Status, in.StatusReason)
		}
	}
	return nil
}

// followEarlier follows an operation an earlier run left under way. Its
// failure is reported and deploy goes on: failed instances are retried.
func followEarlier(ctx context.Context, w *setWatch) error {
	id, err := runningOperation(ctx, w.api, w.name)
	if err != nil || id == "" {
		return err
	}
	w.o.printf("stack set %s has operation %s under way from an earlier run; following it to the end first", w.name, id)
	err = w.wait(ctx, id, "")
	var failed *StackSetFailedError
	if errors.As(err, &failed) {
		w.o.printf("warning: %v", err)
		return nil
	}
	return err
}

// setCallError wraps a refused stack set call with what to do about it.
func setCallError(doing, name string, err error, roles string) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch {
		case ae.ErrorCode() == "OperationInProgressException":
			return fmt.Errorf("%s %s: %w; another operation is under way on the set: run the same command again, it follows that operation to the end first", doing, name, err)
		case ae.ErrorCode() == "AccessDenied", strings.Contains(strings.ToLower(ae.ErrorMessage()), "role"):
			return fmt.Errorf("%s %s: %w; %s", doing, name, err, roles)
		}
	}
	return fmt.Errorf("%s %s: %w", doing, name, err)
}

// DestroyStackSet deletes every instance of the set with its stack
// (RetainStacks false), then the set. A set that does not exist is no error.
func (c *Clients) DestroyStackSet(ctx context.Context, name string, o Options) (*StackSetResult, error) {
	res := &StackSetResult{Name: name, Summary: map[string]int{}}
	if !patterns().stackSetName.MatchString(name) {
		return res, &InvalidStackSetError{Name: name, Problems: []StackSetProblem{{Field: "name", Message: "not a stack set name"}}}
	}
	api, err := c.stackSets()
	if err != nil {
		return res, err
	}
	cur, err := describeStackSet(ctx, api, name)
	if err != nil || cur == nil {
		if cur == nil && err == nil {
			o.printf("stack set %s does not exist in %s: nothing to destroy", name, c.Region)
		}
		return res, err
	}
	res.Existed = true
	w := newSetWatch(api, name, o)
	defer func() { res.Operations = w.ops }()
	was := StackSet{PermissionModel: string(cur.PermissionModel), ExecutionRoleName: aws.ToString(cur.ExecutionRoleName)}
	w.hint = rolesHint(was, aws.ToString(cur.AdministrationRoleARN))
	if err := followEarlier(ctx, w); err != nil {
		return res, err
	}
	ins, err := listInstances(ctx, api, name)
	if err != nil {
		return res, err
	}
	w.seed(ins)
	for _, b := range batches(ins, was.serviceManaged()) {
		o.printf("deleting the instances of stack set %s in %s", name, b)
		accounts, targets := b.where()
		out, err := api.DeleteStackInstances(ctx, &cloudformation.DeleteStackInstancesInput{StackSetName: aws.String(name),
			Accounts: accounts, DeploymentTargets: targets, Regions: b.regions, RetainStacks: aws.Bool(false)})
		if err != nil {
			return res, setCallError("deleting instances of stack set", name, err, w.hint)
		}
		if err := w.wait(ctx, aws.ToString(out.OperationId), "DELETE"); err != nil {
			return res, err
		}
	}
	if _, err := api.DeleteStackSet(ctx, &cloudformation.DeleteStackSetInput{StackSetName: aws.String(name)}); err != nil {
		return res, setCallError("deleting stack set", name, err, w.hint)
	}
	o.printf("deleted stack set %s", name)
	return res, nil
}

// StackSetDrift is CloudFormation's drift detection over a stack set.
type StackSetDrift struct {
	Name      string     `json:"name"`
	Status    string     `json:"status"` // DRIFTED, IN_SYNC, NOT_CHECKED
	Drifted   int        `json:"drifted_instances"`
	Instances []Instance `json:"instances"` // each with its DriftStatus
}

// DetectStackSetDrift runs drift detection on every instance of the set,
// waits for it and reads each instance's drift status.
func (c *Clients) DetectStackSetDrift(ctx context.Context, name string, o Options) (*StackSetDrift, error) {
	api, err := c.stackSets()
	if err != nil {
		return nil, err
	}
	cur, err := describeStackSet(ctx, api, name)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return nil, fmt.Errorf("stack set %s does not exist in %s; deploy it first, or check --region and the profile", name, c.Region)
	}
	out, err := api.DetectStackSetDrift(ctx, &cloudformation.DetectStackSetDriftInput{StackSetName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("starting drift detection on stack set %s: %w", name, err)
	}
	w := newSetWatch(api, name, o)
	err = w.wait(ctx, aws.ToString(out.OperationId), "DETECT_DRIFT")
	var failed *StackSetFailedError
	if errors.As(err, &failed) {
		// Some instances could not be checked; the rest is still reported.
		o.printf("warning: drift detection on stack set %s was partial: %v", name, err)
	} else if err != nil {
		return nil, err
	}
	if cur, err = describeStackSet(ctx, api, name); err != nil || cur == nil {
		return nil, fmt.Errorf("stack set %s vanished during drift detection (%v)", name, err)
	}
	d := &StackSetDrift{Name: name}
	if det := cur.StackSetDriftDetectionDetails; det != nil {
		d.Status, d.Drifted = string(det.DriftStatus), int(aws.ToInt32(det.DriftedStackInstancesCount))
	}
	d.Instances, err = listInstances(ctx, api, name)
	return d, err
}
