package stack

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// DeployOptions are the choices of one deploy.
type DeployOptions struct {
	// ReplaceFailed deletes a stack whose first create failed
	// (ROLLBACK_COMPLETE) and creates it anew.
	ReplaceFailed bool
	// TerminationProtection turns termination protection on after a
	// successful deploy.
	TerminationProtection bool
	// DenyReplace refuses a change set that replaces a resource, or may
	// (an IAM role renamed breaks every trust naming it), before it runs.
	DenyReplace bool
	// RevertDrift makes an update's change set drift-aware
	// (DeploymentMode REVERT_DRIFT): CloudFormation puts back the
	// properties it models that were changed outside it.
	RevertDrift bool
}

// ReplaceError is a change set DenyReplace refused.
type ReplaceError struct {
	Stack     string
	Resources []string
}

func (e *ReplaceError) Error() string {
	return fmt.Sprintf("the change set of stack %s replaces %s (--deny-replace): nothing was changed; "+
		"keep their names and the properties that force a replacement, or deploy without --deny-replace once the replacement is intended",
		e.Stack, strings.Join(e.Resources, ", "))
}

// Deployed is the outcome of a deploy.
type Deployed struct {
	Stack     string            `json:"stack"`
	StackID   string            `json:"stack_id,omitempty"`
	Status    string            `json:"status"`
	Method    string            `json:"method"`
	ChangeSet *ChangeSet        `json:"change_set,omitempty"`
	NoChanges bool              `json:"no_changes"`
	Outputs   map[string]string `json:"outputs"`
	SSM       []string          `json:"ssm_parameters,omitempty"`
	Events    []Event           `json:"events"`
	Started   time.Time         `json:"started"`
	Duration  time.Duration     `json:"duration_ns"`
}

// FailedError is a deploy CloudFormation did not complete.
type FailedError struct {
	Stack  string
	Status string
	Cause  *Event // the first failed resource event, if any
}

func (e *FailedError) Error() string {
	if e.Cause == nil {
		return fmt.Sprintf("stack %s ended %s", e.Stack, e.Status)
	}
	return fmt.Sprintf("stack %s ended %s; the first failure was %s (%s) %s: %s", e.Stack, e.Status,
		e.Cause.LogicalID, e.Cause.Type, e.Cause.Status, e.Cause.Reason)
}

// Deploy creates or updates st through a change set, streams the stack's
// events until CloudFormation finishes, and writes the outputs to SSM when
// st.OutputsPath is set. A change set with no changes is success. A stack
// CloudFormation is still working on (an earlier deploy that was
// interrupted) is followed to the end first.
func (c *Clients) Deploy(ctx context.Context, st Stack, d DeployOptions, o Options) (*Deployed, error) {
	res := &Deployed{Stack: st.Name, Started: o.now(), Outputs: map[string]string{}}
	defer func() { res.Duration = o.now().Sub(res.Started) }()
	cur, err := c.Describe(ctx, st.Name)
	if err != nil {
		return res, err
	}
	if cur != nil && inProgress(cur.Status) {
		o.printf("stack %s is %s from an earlier run; following it to the end before deploying", st.Name, cur.Status)
		w, err := c.newWatcher(ctx, cur.ID, st.Resources, o)
		if err != nil {
			return res, err
		}
		if cur, err = c.waitStack(ctx, cur.ID, w, o); err != nil {
			return res, err
		}
		res.Events = append(res.Events, w.Events...)
	}
	if cur != nil && replaceable(cur.Status) {
		if !d.ReplaceFailed {
			return res, fmt.Errorf("stack %s is %s: its first create failed and CloudFormation rolled it back; such a stack cannot be updated, only deleted. "+
				"Run deploy again with --replace-failed to delete it and create it anew (it holds no resources)", st.Name, cur.Status)
		}
		o.printf("stack %s is %s; deleting it to create it anew (--replace-failed)", st.Name, cur.Status)
		if _, err := c.deleteAndWait(ctx, st, cur, o); err != nil {
			return res, err
		}
		cur = nil
	}
	if cur != nil && cur.Status == types.StackStatusUpdateRollbackFailed {
		return res, fmt.Errorf("stack %s is UPDATE_ROLLBACK_FAILED: fix what blocked the rollback, then run `aws cloudformation continue-update-rollback --stack-name %s`, and deploy again", st.Name, st.Name)
	}
	src, err := c.source(ctx, st)
	if err != nil {
		return res, err
	}
	res.Method = src.Method()
	cs, err := c.createChangeSet(ctx, st, cur, src, d.RevertDrift, o)
	res.ChangeSet = cs
	if err != nil {
		return res, err
	}
	if cs.Empty {
		res.NoChanges = true
		if err := c.deleteChangeSet(ctx, cs); err != nil {
			o.printf("warning: %v", err)
		}
		o.printf("stack %s is up to date: no changes to deploy", st.Name)
		cur, err = c.Describe(ctx, st.Name)
		if err != nil {
			return res, err
		}
		return res, c.finish(ctx, st, cur, d, res, o)
	}
	if r := cs.Replacements(); d.DenyReplace && len(r) > 0 {
		if err := c.deleteChangeSet(context.WithoutCancel(ctx), cs); err != nil {
			o.printf("warning: %v", err)
		}
		return res, &ReplaceError{Stack: st.Name, Resources: r}
	}
	return res, c.execute(ctx, st, cs, d, res, o)
}

// execute runs a computed change set, follows the stack's events to the
// end and finishes the deploy.
func (c *Clients) execute(ctx context.Context, st Stack, cs *ChangeSet, d DeployOptions, res *Deployed, o Options) error {
	w, err := c.newWatcher(ctx, st.Name, st.Resources, o)
	if err != nil {
		return err
	}
	if _, err := c.CFN.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: aws.String(cs.ID)}); err != nil {
		return fmt.Errorf("executing change set %s of stack %s: %w", cs.Name, st.Name, err)
	}
	o.printf("executing change set %s (%s, %d changes) on stack %s", cs.Name, cs.Type, len(cs.Changes), st.Name)
	cur, err := c.waitStack(ctx, st.Name, w, o)
	res.Events = append(res.Events, w.Events...)
	if err != nil {
		return err
	}
	if cur == nil {
		return &FailedError{Stack: st.Name, Status: "DELETE_COMPLETE", Cause: firstFailure(w.Events)}
	}
	res.StackID, res.Status = cur.ID, string(cur.Status)
	if !succeeded(cur.Status) {
		return &FailedError{Stack: st.Name, Status: string(cur.Status), Cause: firstFailure(w.Events)}
	}
	return c.finish(ctx, st, cur, d, res, o)
}

// finish records the outputs, writes them to SSM and sets termination
// protection.
func (c *Clients) finish(ctx context.Context, st Stack, cur *Current, d DeployOptions, res *Deployed, o Options) error {
	if cur == nil {
		return fmt.Errorf("stack %s vanished after the deploy", st.Name)
	}
	res.StackID, res.Status, res.Outputs = cur.ID, string(cur.Status), cur.Outputs
	if st.OutputsPath != "" {
		names, err := c.WriteOutputs(ctx, st, cur.Outputs)
		res.SSM = names
		if err != nil {
			return err
		}
	}
	if d.TerminationProtection && !cur.TerminationProtected {
		_, err := c.CFN.UpdateTerminationProtection(ctx, &cloudformation.UpdateTerminationProtectionInput{
			StackName: aws.String(st.Name), EnableTerminationProtection: aws.Bool(true)})
		if err != nil {
			return fmt.Errorf("turning on termination protection of %s: %w", st.Name, err)
		}
	}
	return nil
}
