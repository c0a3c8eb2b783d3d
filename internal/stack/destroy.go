package stack

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Destroyed is the outcome of a destroy.
type Destroyed struct {
	Stack    string   `json:"stack"`
	Existed  bool     `json:"existed"`
	Status   string   `json:"status"`
	SSM      []string `json:"ssm_parameters_deleted"`
	Events   []Event  `json:"events"`
	Retained []string `json:"retained,omitempty"` // resources CloudFormation kept (DeletionPolicy Retain)
}

// Destroy deletes the stack, waits for CloudFormation to finish and removes
// the SSM parameters landform wrote for it. A stack that does not exist is
// a no-op (its parameters are still cleaned).
func (c *Clients) Destroy(ctx context.Context, st Stack, o Options) (*Destroyed, error) {
	res := &Destroyed{Stack: st.Name}
	cur, err := c.Describe(ctx, st.Name)
	if err != nil {
		return res, err
	}
	if cur != nil {
		res.Existed = true
		if cur.TerminationProtected {
			return res, fmt.Errorf("stack %s has termination protection on; if it really must go, turn it off with "+
				"`aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name %s` and destroy again", st.Name, st.Name)
		}
		w, err := c.deleteAndWait(ctx, st, cur, o)
		if w != nil {
			res.Events = w.Events
		}
		if err != nil {
			return res, err
		}
		res.Status = string(types.StackStatusDeleteComplete)
		for _, e := range res.Events {
			if e.Status == string(types.ResourceStatusDeleteSkipped) {
				res.Retained = append(res.Retained, e.LogicalID+" "+e.PhysicalID)
			}
		}
	}
	names, err := c.DeleteOutputs(ctx, st)
	res.SSM = names
	return res, err
}

// deleteAndWait deletes the stack by id and follows it until it is gone.
func (c *Clients) deleteAndWait(ctx context.Context, st Stack, cur *Current, o Options) (*watcher, error) {
	w, err := c.newWatcher(ctx, cur.ID, st.Resources, o)
	if err != nil {
		return nil, err
	}
	if _, err := c.CFN.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(cur.ID)}); err != nil {
		return w, fmt.Errorf("deleting stack %s: %w", st.Name, err)
	}
	o.printf("deleting stack %s", st.Name)
	// By id, DescribeStacks keeps answering DELETE_COMPLETE after the end.
	end, err := c.waitStack(ctx, cur.ID, w, o)
	if err != nil {
		return w, err
	}
	if end != nil && end.Status != types.StackStatusDeleteComplete {
		return w, &FailedError{Stack: st.Name, Status: string(end.Status), Cause: firstFailure(w.Events)}
	}
	return w, nil
}
