package stack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Saved is what deploy needs to run a kept plan exactly, and to refuse it
// once it is stale: the change set left in place, the stack it was computed
// against, and a digest of that stack's template.
type Saved struct {
	Stack     string     `json:"stack"`
	Region    string     `json:"region"`
	StackID   string     `json:"stack_id,omitempty"`       // "" when the plan found no change for a stack that does not exist
	Deployed  string     `json:"deployed_template_sha256"` // of the template CloudFormation had; "" for a new stack
	ChangeSet *ChangeSet `json:"change_set,omitempty"`     // nil: nothing to change
	Method    string     `json:"method"`                   // TemplateBody or TemplateURL
	Status    string     `json:"stack_status_at_plan,omitempty"`
}

// StaleError is a saved plan deploy refuses: something it was computed
// from changed.
type StaleError struct{ Stack, Why string }

func (e *StaleError) Error() string {
	return fmt.Sprintf("the saved plan of stack %s is stale: %s; run plan --out again, review it, and deploy the new plan", e.Stack, e.Why)
}

// PlanToKeep is Plan, keeping the change set for DeploySaved.
func (c *Clients) PlanToKeep(ctx context.Context, st Stack, o Options) (*Plan, *Saved, error) {
	p, cur, err := c.plan(ctx, st, o, true)
	if err != nil {
		return nil, nil, err
	}
	sv := &Saved{Stack: st.Name, Region: c.Region, Method: p.Method}
	if cur != nil {
		sv.Status = string(cur.Status)
		if cur.Status != types.StackStatusReviewInProgress {
			if sv.Deployed, err = c.deployedDigest(ctx, st.Name); err != nil {
				return nil, nil, err
			}
		}
	}
	if p.ChangeSet != nil && !p.ChangeSet.Empty {
		sv.ChangeSet = p.ChangeSet
		// A CREATE change set made the stack (REVIEW_IN_PROGRESS); it is
		// the stack the plan runs on.
		now, err := c.Describe(ctx, st.Name)
		if err != nil {
			return nil, nil, err
		}
		if now != nil {
			sv.StackID = now.ID
		}
	} else if cur != nil {
		sv.StackID = cur.ID
	}
	return p, sv, nil
}

// DeploySaved executes a saved plan's change set, and nothing else: it
// refuses when the stack was deleted, replaced or updated since the plan,
// or the change set can no longer run; with no change it only finishes
// (outputs to SSM, termination protection).
func (c *Clients) DeploySaved(ctx context.Context, st Stack, sv *Saved, d DeployOptions, o Options) (*Deployed, error) {
	res := &Deployed{Stack: st.Name, Started: o.now(), Outputs: map[string]string{}, Method: sv.Method, ChangeSet: sv.ChangeSet}
	defer func() { res.Duration = o.now().Sub(res.Started) }()
	if sv.Stack != st.Name || sv.Region != c.Region {
		return res, &StaleError{st.Name, fmt.Sprintf("it is for stack %s in %s, not %s in %s", sv.Stack, sv.Region, st.Name, c.Region)}
	}
	cur, err := c.Describe(ctx, st.Name)
	if err != nil {
		return res, err
	}
	switch {
	case sv.StackID != "" && cur == nil:
		return res, &StaleError{st.Name, "the stack was deleted since"}
	case sv.StackID != "" && cur.ID != sv.StackID:
		return res, &StaleError{st.Name, "the stack was deleted and created again since"}
	case sv.StackID == "" && cur != nil:
		return res, &StaleError{st.Name, "the stack was created since"}
	}
	if sv.Deployed != "" {
		now, err := c.deployedDigest(ctx, st.Name)
		if err != nil {
			return res, err
		}
		if now != sv.Deployed {
			return res, &StaleError{st.Name, "the deployed stack was updated since (its template is not the one planned against)"}
		}
	}
	if sv.ChangeSet == nil {
		res.NoChanges = true
		o.printf("the saved plan has no changes: stack %s is up to date", st.Name)
		if cur == nil {
			return res, nil
		}
		return res, c.finish(ctx, st, cur, d, res, o)
	}
	out, err := c.CFN.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(sv.ChangeSet.ID)})
	if err != nil {
		return res, &StaleError{st.Name, fmt.Sprintf("its change set %s cannot be read (%v)", sv.ChangeSet.Name, err)}
	}
	if out.ExecutionStatus != types.ExecutionStatusAvailable {
		return res, &StaleError{st.Name, fmt.Sprintf("its change set %s is %s, not AVAILABLE", sv.ChangeSet.Name, out.ExecutionStatus)}
	}
	if r := sv.ChangeSet.Replacements(); d.DenyReplace && len(r) > 0 {
		return res, &ReplaceError{Stack: st.Name, Resources: r}
	}
	return res, c.execute(ctx, st, sv.ChangeSet, d, res, o)
}

// Discard deletes what a saved plan keeps: its change set, and the empty
// stack a CREATE change set made.
func (c *Clients) Discard(ctx context.Context, st Stack, sv *Saved, o Options) {
	if sv.ChangeSet == nil {
		return
	}
	var cur *Current
	if sv.Deployed != "" {
		cur = &Current{ID: sv.StackID}
	}
	c.cleanupPlan(ctx, st, cur, sv.ChangeSet, o)
}

// deployedDigest is the SHA-256 of the template CloudFormation has for the
// stack, as it was submitted.
func (c *Clients) deployedDigest(ctx context.Context, name string) (string, error) {
	out, err := c.CFN.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(name), TemplateStage: types.TemplateStageOriginal})
	if err != nil {
		return "", fmt.Errorf("reading the deployed template of %s: %w", name, err)
	}
	sum := sha256.Sum256([]byte(aws.ToString(out.TemplateBody)))
	return hex.EncodeToString(sum[:]), nil
}

// Replacements are the logical ids of the resources a change set replaces,
// or may replace (Replacement True or Conditional).
func (cs *ChangeSet) Replacements() []string {
	var out []string
	if cs == nil {
		return nil
	}
	for _, ch := range cs.Changes {
		if ch.Replacement == "True" || ch.Replacement == "Conditional" {
			out = append(out, ch.LogicalID)
		}
	}
	return out
}
