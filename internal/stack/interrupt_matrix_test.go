package stack_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/moto"
)

// interrupter cancels a context once n AWS requests have been answered:
// Ctrl-C between two calls of a command.
type interrupter struct {
	n      int32
	seen   atomic.Int32
	cancel context.CancelFunc
	next   http.RoundTripper
}

func (i *interrupter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := i.next.RoundTrip(r)
	if i.seen.Add(1) == i.n {
		i.cancel()
	}
	return resp, err
}

// interrupted runs do with clients whose context ends after n requests,
// and reports how many requests do made in all.
func interrupted(s *moto.Server, n int32, do func(ctx context.Context, c *stack.Clients) error) (int32, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := s.Config("")
	it := &interrupter{n: n, cancel: cancel, next: http.DefaultTransport}
	cfg.HTTPClient = &http.Client{Transport: it}
	err := do(ctx, stack.NewClients(cfg))
	return it.seen.Load(), err
}

// TestInterruptionMatrix: deploy and destroy interrupted after each of
// their AWS calls in turn; running the same command again converges: one
// stack, complete, with its SSM outputs (deploy), or nothing left
// (destroy).
func TestInterruptionMatrix(t *testing.T) {
	s := moto.Start(t)
	// A stack of each step's own name, so no reset is needed between steps:
	// two resources, two outputs landform writes to SSM.
	var st stack.Stack
	name := func(n int32, what string) {
		st = ready(t, stack.Stack{Name: fmt.Sprintf("lf-%s-%02d-stack", what, n), Stem: fmt.Sprintf("lf-%s-%02d", what, n), Resources: 2, Outputs: 2,
			OutputsPath: fmt.Sprintf("/security/lf-%s-%02d", what, n), Body: []byte(fmt.Sprintf(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: lf-%[1]s-%02[2]d-role
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Param:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/%[1]s/%02[2]d, Type: String, Value: v1}
Outputs:
  RoleArn: {Value: !GetAtt Role.Arn}
  ParamName: {Value: !Ref Param}
`, what, n))})
	}
	deploy := func(ctx context.Context, c *stack.Clients) error {
		_, err := c.Deploy(ctx, st, stack.DeployOptions{}, fast)
		return err
	}
	destroy := func(ctx context.Context, c *stack.Clients) error {
		_, err := c.Destroy(ctx, st, fast)
		return err
	}
	// How many calls each makes when nothing interrupts it.
	name(0, "count")
	deployCalls, err := interrupted(s, -1, deploy)
	if err != nil {
		t.Fatal(err)
	}
	destroyCalls, err := interrupted(s, -1, destroy)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("deploy makes %d AWS calls, destroy %d", deployCalls, destroyCalls)
	ctx := context.Background()
	c := stack.NewClients(s.Config(""))
	for n := int32(1); n < deployCalls; n++ {
		name(n, "deploy")
		if _, err := interrupted(s, n, deploy); err == nil {
			t.Fatalf("deploy interrupted after call %d did not notice", n)
		}
		d, err := c.Deploy(ctx, st, stack.DeployOptions{}, fast)
		if err != nil {
			t.Fatalf("deploy again after an interruption at call %d: %v", n, err)
		}
		converged(t, s, st, n, "deploy", len(d.Outputs))
	}
	for n := int32(1); n < destroyCalls; n++ {
		name(n, "destroy")
		if _, err := c.Deploy(ctx, st, stack.DeployOptions{}, fast); err != nil {
			t.Fatal(err)
		}
		if _, err := interrupted(s, n, destroy); err == nil {
			t.Fatalf("destroy interrupted after call %d did not notice", n)
		}
		if _, err := c.Destroy(ctx, st, fast); err != nil {
			t.Fatalf("destroy again after an interruption at call %d: %v", n, err)
		}
		converged(t, s, st, n, "destroy", 0)
	}
}

// converged checks the account holds exactly what the command promises:
// after deploy one complete stack and an SSM parameter per output, after
// destroy neither.
func converged(t *testing.T, s *moto.Server, st stack.Stack, n int32, command string, outputs int) {
	t.Helper()
	ctx := context.Background()
	cfg := s.Config("")
	list, err := cloudformation.NewFromConfig(cfg).ListStacks(ctx, &cloudformation.ListStacksInput{})
	if err != nil {
		t.Fatal(err)
	}
	var live []types.StackStatus
	for _, sum := range list.StackSummaries {
		if aws.ToString(sum.StackName) == st.Name && sum.StackStatus != types.StackStatusDeleteComplete {
			live = append(live, sum.StackStatus)
		}
	}
	params := 0
	pages := ssm.NewGetParametersByPathPaginator(ssm.NewFromConfig(cfg), &ssm.GetParametersByPathInput{Path: aws.String(st.OutputsPath), Recursive: aws.Bool(true)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		params += len(page.Parameters)
	}
	switch command {
	case "deploy":
		if len(live) != 1 || live[0] != types.StackStatusCreateComplete || params != outputs || outputs != st.Outputs {
			t.Errorf("interrupted at call %d, deploy again left stacks %v and %d of %d SSM outputs", n, live, params, st.Outputs)
		}
	case "destroy":
		if len(live) != 0 || params != 0 {
			t.Errorf("interrupted at call %d, destroy again left stacks %v and %d SSM parameters", n, live, params)
		}
	}
}
