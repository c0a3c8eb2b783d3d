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

// Capabilities landform's templates need: they name IAM resources.
var capabilities = []types.Capability{types.CapabilityCapabilityNamedIam}

// ChangeSet is a change set CloudFormation computed.
type ChangeSet struct {
	Name    string   `json:"name"`
	ID      string   `json:"id"`
	Type    string   `json:"type"` // CREATE or UPDATE
	Empty   bool     `json:"empty"`
	Changes []Change `json:"changes"`
}

// Change is one resource change of a change set.
type Change struct {
	Action      string   `json:"action"` // Add, Modify, Remove, Import, Dynamic
	LogicalID   string   `json:"logical_id"`
	PhysicalID  string   `json:"physical_id,omitempty"`
	Type        string   `json:"type"`
	Replacement string   `json:"replacement,omitempty"` // True, False, Conditional
	Scope       []string `json:"scope,omitempty"`
}

// noChanges are CloudFormation's reasons for a change set with nothing in it.
func noChanges(reason string) bool {
	return strings.Contains(reason, "didn't contain changes") || strings.Contains(reason, "No updates are to be performed")
}

// createChangeSet creates a change set for st against its current state and
// waits for CloudFormation to compute it.
// With revertDrift an update's change set is drift-aware.
func (c *Clients) createChangeSet(ctx context.Context, st Stack, cur *Current, src Source, revertDrift bool, o Options) (*ChangeSet, error) {
	typ := types.ChangeSetTypeUpdate
	if cur == nil || cur.Status == types.StackStatusReviewInProgress {
		typ = types.ChangeSetTypeCreate
	}
	var mode types.DeploymentMode
	if revertDrift && typ == types.ChangeSetTypeUpdate {
		mode = types.DeploymentModeRevertDrift
	}
	name := fmt.Sprintf("landform-%s-%s", o.now().UTC().Format("20060102T150405Z"), RandomSuffix())
	out, err := c.CFN.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{
		StackName:      aws.String(st.Name),
		ChangeSetName:  aws.String(name),
		ChangeSetType:  typ,
		TemplateBody:   src.Body,
		TemplateURL:    src.URL,
		Capabilities:   capabilities,
		Tags:           cfnTags(st.Tags),
		Description:    aws.String("landform " + st.Stem),
		DeploymentMode: mode,
	})
	if err != nil {
		return nil, fmt.Errorf("creating change set for stack %s: %w", st.Name, err)
	}
	cs := &ChangeSet{Name: name, ID: aws.ToString(out.Id), Type: string(typ)}
	deadline := o.now().Add(o.timeout())
	for {
		d, err := c.describeChangeSet(ctx, cs)
		if err != nil {
			return cs, err
		}
		switch d.Status {
		case types.ChangeSetStatusCreateComplete:
			return cs, nil
		case types.ChangeSetStatusFailed:
			reason := aws.ToString(d.StatusReason)
			if noChanges(reason) {
				cs.Empty = true
				return cs, nil
			}
			return cs, fmt.Errorf("CloudFormation could not compute the change set for stack %s: %s", st.Name, reason)
		}
		if o.now().After(deadline) {
			return cs, fmt.Errorf("change set %s of stack %s is still %s after %s", name, st.Name, d.Status, o.timeout())
		}
		if err := sleep(ctx, o.poll()); err != nil {
			return cs, err
		}
	}
}

// describeChangeSet reads every page of the change set into cs.Changes and
// returns the first page for its status.
func (c *Clients) describeChangeSet(ctx context.Context, cs *ChangeSet) (*cloudformation.DescribeChangeSetOutput, error) {
	var first *cloudformation.DescribeChangeSetOutput
	cs.Changes = cs.Changes[:0]
	var token *string
	for {
		out, err := c.CFN.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(cs.ID), NextToken: token})
		if err != nil {
			return nil, fmt.Errorf("describing change set %s: %w", cs.Name, err)
		}
		if first == nil {
			first = out
		}
		for _, ch := range out.Changes {
			rc := ch.ResourceChange
			if rc == nil {
				continue
			}
			change := Change{Action: string(rc.Action), LogicalID: aws.ToString(rc.LogicalResourceId),
				PhysicalID: aws.ToString(rc.PhysicalResourceId), Type: aws.ToString(rc.ResourceType), Replacement: string(rc.Replacement)}
			for _, s := range rc.Scope {
				change.Scope = append(change.Scope, string(s))
			}
			cs.Changes = append(cs.Changes, change)
		}
		if out.NextToken == nil {
			return first, nil
		}
		token = out.NextToken
	}
}

func (c *Clients) deleteChangeSet(ctx context.Context, cs *ChangeSet) error {
	_, err := c.CFN.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{ChangeSetName: aws.String(cs.ID)})
	if err != nil {
		return fmt.Errorf("deleting change set %s: %w", cs.Name, err)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
