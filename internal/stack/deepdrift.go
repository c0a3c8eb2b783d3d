package stack

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/landform/landform/internal/drift"
)

// DeepDrift compares what the deployed template of stack name says about
// its IAM principals, managed policies, instance profiles and security
// groups with what IAM and EC2 hold in account now (package drift).
func (c *Clients) DeepDrift(ctx context.Context, name, account string) (*drift.Report, error) {
	return c.deepDrift(ctx, name, account, nil)
}

// deepDrift is DeepDrift; tpl is the deployed template when the caller has
// read it already (nil: read it).
func (c *Clients) deepDrift(ctx context.Context, name, account string, tpl any) (*drift.Report, error) {
	cur, err := c.Describe(ctx, name)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return nil, fmt.Errorf("stack %s does not exist in %s; deploy it first, or check --region and the profile", name, c.Region)
	}
	if tpl == nil {
		if tpl, err = c.deployedTemplate(ctx, name); err != nil {
			return nil, err
		}
	}
	rs, err := c.Resources(ctx, name)
	if err != nil {
		return nil, err
	}
	phys := map[string]string{}
	for _, r := range rs {
		phys[r.LogicalID] = r.PhysicalID
	}
	e := drift.Expect(drift.Stack{Name: name, Account: account, Region: c.Region, Template: tpl, Parameters: cur.Parameters, Physical: phys})
	return drift.Check(ctx, c.drift(), name, e)
}

// RevertDeepDrift repairs the findings Repairable, then checks again.
func (c *Clients) RevertDeepDrift(ctx context.Context, fs []drift.Finding) []drift.Repaired {
	return drift.Repair(ctx, c.drift(), fs)
}

func (c *Clients) drift() drift.Clients { return drift.Clients{IAM: c.IAM, EC2: c.EC2} }

// NotImplemented reports an endpoint's answer to an API it does not have
// (a test endpoint, a partition without the feature).
func NotImplemented(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) && (ae.ErrorCode() == "NotImplemented" || ae.ErrorCode() == "NotImplementedException") {
		return true
	}
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotImplemented
}
