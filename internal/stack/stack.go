package stack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"

	"github.com/landform/landform/internal/cfn"
)

// Stack is what the lifecycle needs to know about one stack: its name, its
// template and where it goes. The caller derives it from a config.
type Stack struct {
	Name string
	Stem string // the config's stem: S3 keys and SSM paths start from it
	Body []byte // the template, as generated
	// Send says how Body goes to CloudFormation (cfn.Sending decided it).
	Send cfn.Send
	// Template is Body decoded into plain values, for the plan's diff.
	Template  any
	Resources int    // resources in the template, for progress
	Outputs   int    // outputs in the template
	Account   string // the 12-digit account the stack must be in
	Bucket    string // for templates over TemplateBody's limit; "" if none
	Prefix    string // key prefix in Bucket
	Tags      map[string]string
	// OutputsPath is the SSM path deploy writes outputs under ("" for none).
	OutputsPath string
}

// Options tune waiting and say where progress goes.
type Options struct {
	Progress     io.Writer     // live events and progress lines; nil for none
	PollInterval time.Duration // between DescribeStacks/Events calls (default 5s)
	Timeout      time.Duration // for each wait (default 60m)
	Now          func() time.Time
}

func (o Options) poll() time.Duration {
	if o.PollInterval <= 0 {
		return 5 * time.Second
	}
	return o.PollInterval
}

func (o Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return 60 * time.Minute
	}
	return o.Timeout
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o Options) printf(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, format+"\n", args...)
	}
}

// Current is the deployed state of a stack.
type Current struct {
	ID                   string
	Status               types.StackStatus
	Reason               string
	TerminationProtected bool
	Outputs              map[string]string
	// Parameters are the stack's parameter values (the resolved value of
	// an SSM parameter type).
	Parameters map[string]string
}

// Describe returns the stack called name, or nil when there is none.
func (c *Clients) Describe(ctx context.Context, name string) (*Current, error) {
	out, err := c.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describing stack %s: %w", name, err)
	}
	if len(out.Stacks) == 0 {
		return nil, nil
	}
	s := out.Stacks[0]
	if s.StackStatus == types.StackStatusDeleteComplete {
		return nil, nil
	}
	cur := &Current{ID: aws.ToString(s.StackId), Status: s.StackStatus, Reason: aws.ToString(s.StackStatusReason),
		TerminationProtected: aws.ToBool(s.EnableTerminationProtection), Outputs: map[string]string{}}
	for _, o := range s.Outputs {
		cur.Outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	if len(s.Parameters) > 0 {
		cur.Parameters = map[string]string{}
		for _, p := range s.Parameters {
			v := aws.ToString(p.ParameterValue)
			if p.ResolvedValue != nil {
				v = aws.ToString(p.ResolvedValue)
			}
			cur.Parameters[aws.ToString(p.ParameterKey)] = v
		}
	}
	return cur, nil
}

// isNotExist reports CloudFormation's answer for a stack that does not exist.
func isNotExist(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist")
}

// inProgress reports whether CloudFormation is still working on the stack.
func inProgress(s types.StackStatus) bool {
	return strings.HasSuffix(string(s), "_IN_PROGRESS") && s != types.StackStatusReviewInProgress
}

// succeeded reports whether a finished deploy reached the state asked for.
func succeeded(s types.StackStatus) bool {
	return s == types.StackStatusCreateComplete || s == types.StackStatusUpdateComplete || s == types.StackStatusImportComplete
}

// waitStack polls the stack until CloudFormation stops working on it,
// streaming its events, and returns the final state.
func (c *Clients) waitStack(ctx context.Context, name string, w *watcher, o Options) (*Current, error) {
	deadline := o.now().Add(o.timeout())
	interrupted := func(err error) error {
		if ctx.Err() != nil {
			return &InterruptedError{Stack: name, Status: "IN_PROGRESS"}
		}
		return err
	}
	for {
		if err := w.drain(ctx); err != nil {
			return nil, interrupted(err)
		}
		cur, err := c.Describe(ctx, name)
		if err != nil {
			return nil, interrupted(err)
		}
		if cur == nil || !inProgress(cur.Status) {
			if err := w.drain(ctx); err != nil {
				return nil, err
			}
			return cur, nil
		}
		if o.now().After(deadline) {
			return cur, &TimeoutError{Stack: name, Status: cur.Status, After: o.timeout()}
		}
		select {
		case <-ctx.Done():
			return cur, &InterruptedError{Stack: name, Status: cur.Status}
		case <-time.After(o.poll()):
		}
	}
}

// TimeoutError says a wait ran out; CloudFormation goes on regardless.
type TimeoutError struct {
	Stack  string
	Status types.StackStatus
	After  time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("stack %s is still %s after %s; CloudFormation carries on without landform: run the same command again to follow it, or raise --timeout", e.Stack, e.Status, e.After)
}

// InterruptedError says the user stopped waiting (Ctrl-C).
type InterruptedError struct {
	Stack  string
	Status types.StackStatus
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("stopped waiting for stack %s (%s); CloudFormation carries on: run the same command again to follow it to the end", e.Stack, e.Status)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func cfnTags(tags map[string]string) []types.Tag {
	var out []types.Tag
	for _, k := range sortedKeys(tags) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// Resource is one resource of a deployed stack.
type Resource struct {
	LogicalID  string `json:"logical_id"`
	PhysicalID string `json:"physical_id"`
	Type       string `json:"type"`
	Status     string `json:"status"`
}

// Resources lists the stack's resources, by logical id.
func (c *Clients) Resources(ctx context.Context, name string) ([]Resource, error) {
	out, err := c.CFN.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: aws.String(name)})
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing resources of stack %s: %w", name, err)
	}
	var rs []Resource
	for _, r := range out.StackResources {
		rs = append(rs, Resource{LogicalID: aws.ToString(r.LogicalResourceId), PhysicalID: aws.ToString(r.PhysicalResourceId),
			Type: aws.ToString(r.ResourceType), Status: string(r.ResourceStatus)})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].LogicalID < rs[j].LogicalID })
	return rs, nil
}
