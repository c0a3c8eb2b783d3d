package stack_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/moto"
)

// TestSavedPlans on the test endpoint: a plan kept with PlanToKeep is
// deployed as exactly its change set, once; a plan of a stack that another
// deploy updated meanwhile, or that was deleted, is refused as stale and
// changes nothing; a plan with no change only finishes the deploy.
func TestSavedPlans(t *testing.T) {
	s := moto.Start(t)
	ctx := context.Background()
	st, region := example(t, "startup", nil)
	c := stack.NewClients(s.Config(region))

	// A new stack: the CREATE change set stays, on the stack it made.
	_, sv, err := c.PlanToKeep(ctx, st, fast)
	if err != nil {
		t.Fatal(err)
	}
	if sv.ChangeSet == nil || sv.ChangeSet.Type != "CREATE" || sv.StackID == "" || sv.Deployed != "" {
		t.Fatalf("saved plan of a new stack: %+v", sv)
	}
	res, err := c.DeploySaved(ctx, st, sv, stack.DeployOptions{}, fast)
	if err != nil || res.Status != "CREATE_COMPLETE" || res.ChangeSet.ID != sv.ChangeSet.ID {
		t.Fatalf("deploying the saved plan: %+v, %v", res, err)
	}
	if n := len(parameters(t, ssm.NewFromConfig(s.Config(region)), st.OutputsPath)); n != st.Outputs {
		t.Errorf("%d SSM parameters, want %d", n, st.Outputs)
	}
	// Once run, the plan is spent.
	if _, err := c.DeploySaved(ctx, st, sv, stack.DeployOptions{}, fast); !isStale(err, "EXECUTE_COMPLETE") {
		t.Errorf("the plan deployed twice: %v", err)
	}

	// An update planned, then overtaken by another deploy: stale.
	more, _ := example(t, "startup", func(s string) string {
		return strings.Replace(s, "Lambda functions that call SageMaker endpoints", "Lambda functions that call SageMaker endpoints and their logs", 1)
	})
	fewer, _ := example(t, "startup", func(s string) string {
		return strings.Replace(s, "Lambda functions that call SageMaker endpoints", "Lambda functions that call endpoints", 1)
	})
	_, sv, err = c.PlanToKeep(ctx, more, fast)
	if err != nil || sv.ChangeSet == nil || sv.ChangeSet.Type != "UPDATE" || sv.Deployed == "" {
		t.Fatalf("saved plan of an update: %+v, %v", sv, err)
	}
	if _, err := c.Deploy(ctx, fewer, stack.DeployOptions{}, fast); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeploySaved(ctx, more, sv, stack.DeployOptions{}, fast); !isStale(err, "the deployed stack was updated since") {
		t.Fatalf("a stale plan was deployed: %v", err)
	}
	if got := templateOf(t, c, st.Name); strings.Contains(got, "and their logs") {
		t.Error("the stale plan's change reached the stack")
	}

	// Planned again, it runs; planned with nothing to change, it finishes.
	_, sv, err = c.PlanToKeep(ctx, more, fast)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := c.DeploySaved(ctx, more, sv, stack.DeployOptions{}, fast); err != nil || res.Status != "UPDATE_COMPLETE" {
		t.Fatalf("%+v, %v", res, err)
	}
	if got := templateOf(t, c, st.Name); !strings.Contains(got, "and their logs") {
		t.Error("the saved plan's change is not in the stack")
	}
	_, sv, err = c.PlanToKeep(ctx, more, fast)
	if err != nil || sv.ChangeSet != nil {
		t.Fatalf("a plan with no change keeps a change set: %+v, %v", sv, err)
	}
	if res, err := c.DeploySaved(ctx, more, sv, stack.DeployOptions{}, fast); err != nil || !res.NoChanges {
		t.Fatalf("%+v, %v", res, err)
	}

	// The stack deleted since the plan: stale.
	_, sv, _ = c.PlanToKeep(ctx, st, fast)
	if _, err := c.Destroy(ctx, st, fast); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeploySaved(ctx, st, sv, stack.DeployOptions{}, fast); !isStale(err, "the stack was deleted since") {
		t.Errorf("a plan of a deleted stack: %v", err)
	}
}

func isStale(err error, why string) bool {
	var se *stack.StaleError
	return errors.As(err, &se) && strings.Contains(se.Why, why)
}

// templateOf is the template CloudFormation has for the stack.
func templateOf(t *testing.T, c *stack.Clients, name string) string {
	t.Helper()
	out, err := c.CFN.GetTemplate(context.Background(), &cloudformation.GetTemplateInput{StackName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.TemplateBody)
}
