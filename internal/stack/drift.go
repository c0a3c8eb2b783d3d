package stack

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Drift is the result of CloudFormation drift detection on one stack.
type Drift struct {
	Stack     string          `json:"stack"`
	Status    string          `json:"status"` // IN_SYNC, DRIFTED, UNKNOWN, NOT_CHECKED
	Drifted   int             `json:"drifted_resources"`
	Resources []ResourceDrift `json:"resources"`
}

// ResourceDrift is the drift of one resource.
type ResourceDrift struct {
	LogicalID   string               `json:"logical_id"`
	PhysicalID  string               `json:"physical_id"`
	Type        string               `json:"type"`
	Status      string               `json:"status"` // IN_SYNC, MODIFIED, DELETED, NOT_CHECKED
	Differences []PropertyDifference `json:"differences,omitempty"`
}

// PropertyDifference is one property that differs from the template.
type PropertyDifference struct {
	Path     string `json:"path"`
	Kind     string `json:"kind"` // ADD, REMOVE, NOT_EQUAL
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
}

// DetectDrift runs CloudFormation drift detection on the stack, waits for it
// and reads the result of every resource.
func (c *Clients) DetectDrift(ctx context.Context, name string, o Options) (*Drift, error) {
	cur, err := c.Describe(ctx, name)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return nil, fmt.Errorf("stack %s does not exist in %s; deploy it first, or check --region and the profile", name, c.Region)
	}
	start, err := c.CFN.DetectStackDrift(ctx, &cloudformation.DetectStackDriftInput{StackName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("starting drift detection on %s: %w", name, err)
	}
	deadline := o.now().Add(o.timeout())
	var status *cloudformation.DescribeStackDriftDetectionStatusOutput
	for {
		status, err = c.CFN.DescribeStackDriftDetectionStatus(ctx, &cloudformation.DescribeStackDriftDetectionStatusInput{StackDriftDetectionId: start.StackDriftDetectionId})
		if err != nil {
			return nil, fmt.Errorf("reading drift detection status of %s: %w", name, err)
		}
		if status.DetectionStatus != types.StackDriftDetectionStatusDetectionInProgress {
			break
		}
		if o.now().After(deadline) {
			return nil, fmt.Errorf("drift detection on %s still running after %s", name, o.timeout())
		}
		if err := sleep(ctx, o.poll()); err != nil {
			return nil, err
		}
	}
	if status.DetectionStatus == types.StackDriftDetectionStatusDetectionFailed && status.StackDriftStatus == "" {
		return nil, fmt.Errorf("drift detection on %s failed: %s", name, aws.ToString(status.DetectionStatusReason))
	}
	d := &Drift{Stack: name, Status: string(status.StackDriftStatus), Drifted: int(aws.ToInt32(status.DriftedStackResourceCount))}
	p := cloudformation.NewDescribeStackResourceDriftsPaginator(c.CFN, &cloudformation.DescribeStackResourceDriftsInput{StackName: aws.String(name)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading resource drifts of %s: %w", name, err)
		}
		for _, r := range out.StackResourceDrifts {
			rd := ResourceDrift{LogicalID: aws.ToString(r.LogicalResourceId), PhysicalID: aws.ToString(r.PhysicalResourceId),
				Type: aws.ToString(r.ResourceType), Status: string(r.StackResourceDriftStatus)}
			for _, pd := range r.PropertyDifferences {
				rd.Differences = append(rd.Differences, PropertyDifference{Path: aws.ToString(pd.PropertyPath), Kind: string(pd.DifferenceType),
					Expected: aws.ToString(pd.ExpectedValue), Actual: aws.ToString(pd.ActualValue)})
			}
			d.Resources = append(d.Resources, rd)
		}
	}
	if status.DetectionStatus == types.StackDriftDetectionStatusDetectionFailed {
		// Some resources could not be checked; the rest is still reported.
		o.printf("warning: drift detection on %s was partial: %s", name, aws.ToString(status.DetectionStatusReason))
	}
	return d, nil
}
