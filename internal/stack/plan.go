package stack

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/diff"
	"github.com/landform/landform/internal/drift"
)

// Plan is what deploying a stack would change.
type Plan struct {
	Stack     string      `json:"stack"`
	Exists    bool        `json:"exists"`
	Status    string      `json:"status,omitempty"`
	Method    string      `json:"method"` // TemplateBody or TemplateURL
	ChangeSet *ChangeSet  `json:"change_set,omitempty"`
	Diff      diff.Result `json:"diff"`
	Note      string      `json:"note,omitempty"`
	// Deployed is the deployed template, as plain values (nil for a new
	// stack), for analyses beyond the diff.
	Deployed any `json:"-"`
	// Drift is the deployed stack's deep drift and what this deploy does
	// with each finding; nil when it was not checked.
	Drift *PlanDrift `json:"drift,omitempty"`
	// Retire are the stacks of the unit's family that deploy deletes
	// before it deploys this one (kinds.Family).
	Retire []Retiring `json:"retire,omitempty"`
}

// Retiring is a stack deploy deletes because the config no longer makes it.
type Retiring struct {
	Stack string `json:"stack"`
	Why   string `json:"why"`
}

// PlanDrift is the deep drift of a stack a plan would update.
type PlanDrift struct {
	Findings []DriftFate `json:"findings"`
	// Unchecked says why deep drift could not be read (the planning
	// identity may not read IAM), when it could not.
	Unchecked string `json:"unchecked,omitempty"`
}

// DriftFate is one deep-drift finding and what the change set does with it.
type DriftFate struct {
	drift.Finding
	// Fate: "kept" (the deploy leaves it as it is: CloudFormation updates
	// from the template's difference, not from what is there), "replaced"
	// (the resource is replaced, and the change with it) or "removed".
	Fate string `json:"fate"`
}

// PlanDrift reads the deep drift of the stack p plans and says, for each
// finding, whether p's change set keeps it.
func (c *Clients) PlanDrift(ctx context.Context, p *Plan, account string) *PlanDrift {
	rep, err := c.deepDrift(ctx, p.Stack, account, p.Deployed)
	if err != nil {
		return &PlanDrift{Findings: []DriftFate{}, Unchecked: err.Error()}
	}
	fate := map[string]string{}
	if p.ChangeSet != nil {
		for _, ch := range p.ChangeSet.Changes {
			switch {
			case ch.Action == "Remove":
				fate[ch.LogicalID] = "removed"
			case ch.Replacement == "True":
				fate[ch.LogicalID] = "replaced"
			}
		}
	}
	out := &PlanDrift{Findings: []DriftFate{}}
	for _, f := range rep.Findings {
		fa := fate[f.LogicalID]
		if fa == "" {
			fa = "kept"
		}
		out.Findings = append(out.Findings, DriftFate{Finding: f, Fate: fa})
	}
	return out
}

// Plan computes a change set for st, reads it and deletes it, and compares
// the deployed template with st's. Nothing is deployed. A template over
// TemplateBody's limit is uploaded to the config's bucket first, as a change
// set can only read it from there.
func (c *Clients) Plan(ctx context.Context, st Stack, o Options) (*Plan, error) {
	p, _, err := c.plan(ctx, st, o, false)
	return p, err
}

// plan is Plan; with keep, the change set (and the empty stack a CREATE
// change set makes) stays for a later deploy, and the stack as it was
// planned against is returned.
func (c *Clients) plan(ctx context.Context, st Stack, o Options, keep bool) (*Plan, *Current, error) {
	cur, err := c.Describe(ctx, st.Name)
	if err != nil {
		return nil, nil, err
	}
	p := &Plan{Stack: st.Name, Exists: cur != nil}
	newT := st.Template
	var oldT any
	if cur != nil {
		p.Status = string(cur.Status)
		if inProgress(cur.Status) {
			return nil, cur, fmt.Errorf("stack %s is %s: CloudFormation is working on it; wait, or run deploy to follow it, then plan again", st.Name, cur.Status)
		}
	}
	switch {
	case cur != nil && cur.Status == types.StackStatusReviewInProgress:
		// A CREATE change set nobody executed (an interrupted deploy): the
		// stack has no template and no resources yet; a new CREATE change
		// set plans it.
		p.Exists = false
		p.Note = fmt.Sprintf("stack %s is REVIEW_IN_PROGRESS: an earlier change set was never executed; deploy creates the stack", st.Name)
	case cur != nil:
		if oldT, err = c.deployedTemplate(ctx, st.Name); err != nil {
			return nil, cur, err
		}
	}
	if cur != nil && replaceable(cur.Status) {
		if keep {
			return nil, cur, fmt.Errorf("stack %s is %s and cannot be updated; a saved plan cannot replace it: run deploy --replace-failed", st.Name, cur.Status)
		}
		p.Note = fmt.Sprintf("stack %s is %s and cannot be updated; deploy --replace-failed deletes it and creates it anew, so every resource below is an Add", st.Name, cur.Status)
		p.Diff = diff.Templates(nil, newT)
		src, err := PlannedSource(st, c.Region)
		p.Method = src.Method()
		return p, cur, err
	}
	p.Diff, p.Deployed = diff.Templates(oldT, newT), oldT
	src, err := c.source(ctx, st)
	if err != nil {
		return nil, cur, err
	}
	p.Method = src.Method()
	cs, err := c.createChangeSet(ctx, st, cur, src, false, o)
	if cs != nil && (!keep || err != nil || cs.Empty) {
		// The change set, and the empty stack a CREATE change set makes,
		// exist only to be read: leave nothing behind.
		defer c.cleanupPlan(context.WithoutCancel(ctx), st, cur, cs, o)
	}
	if err != nil {
		return nil, cur, err
	}
	p.ChangeSet = cs
	return p, cur, nil
}

func (c *Clients) cleanupPlan(ctx context.Context, st Stack, cur *Current, cs *ChangeSet, o Options) {
	if err := c.deleteChangeSet(ctx, cs); err != nil {
		o.printf("warning: %v", err)
	}
	if cur == nil && cs.Type == string(types.ChangeSetTypeCreate) {
		now, err := c.Describe(ctx, st.Name)
		if err == nil && now != nil && now.Status == types.StackStatusReviewInProgress {
			if _, err := c.CFN.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(now.ID)}); err != nil {
				o.printf("warning: deleting the empty stack the plan's change set created: %v", err)
			}
		}
	}
}

// DeployedTemplate reads the template CloudFormation has for the stack, as
// it was submitted, as plain values.
func (c *Clients) DeployedTemplate(ctx context.Context, name string) (any, error) {
	return c.deployedTemplate(ctx, name)
}

// deployedTemplate reads the template CloudFormation has for the stack, as
// it was submitted.
func (c *Clients) deployedTemplate(ctx context.Context, name string) (any, error) {
	out, err := c.CFN.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(name), TemplateStage: types.TemplateStageOriginal})
	if err != nil {
		return nil, fmt.Errorf("reading the deployed template of %s: %w", name, err)
	}
	return parseTemplate(name+" (deployed)", []byte(aws.ToString(out.TemplateBody)))
}

func parseTemplate(name string, body []byte) (any, error) {
	tree, fs := cfn.Parse(name, body)
	if tree == nil || fs.HasErrors() {
		return nil, fmt.Errorf("the template of %s cannot be read: %v", name, fs)
	}
	return tree.Root.Interface(), nil
}

// replaceable reports states CloudFormation cannot update, only delete: a
// first create that failed and was rolled back.
func replaceable(s types.StackStatus) bool {
	return s == types.StackStatusRollbackComplete || s == types.StackStatusRollbackFailed || s == types.StackStatusCreateFailed
}
