package stack_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/moto"
)

// TestInterruptedCreateChangeSet: a deploy interrupted after its CREATE
// change set was made and before it was executed leaves the stack
// REVIEW_IN_PROGRESS, with no template and no resources. plan and deploy
// go on from there (a new CREATE change set, as AWS allows on such a
// stack), and destroy removes it.
func TestInterruptedCreateChangeSet(t *testing.T) {
	s := moto.Start(t)
	ctx := context.Background()
	c := stack.NewClients(s.Config(""))
	st := ready(t, stack.Stack{Name: "lf-interrupted-stack", Stem: "lf-interrupted", Resources: 1, Body: []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  P:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/interrupted, Type: String, Value: v1}
`)})
	// What the interrupted deploy left: its change set, never executed.
	if _, err := c.CFN.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{StackName: aws.String(st.Name),
		ChangeSetName: aws.String("landform-20261203T000000Z-abcdef"), ChangeSetType: types.ChangeSetTypeCreate,
		TemplateBody: aws.String(string(st.Body))}); err != nil {
		t.Fatal(err)
	}
	cur, err := c.Describe(ctx, st.Name)
	if err != nil || cur == nil || cur.Status != types.StackStatusReviewInProgress {
		t.Fatalf("after the interruption: %+v %v", cur, err)
	}
	p, err := c.Plan(ctx, st, fast)
	if err != nil || p.Exists || p.ChangeSet == nil || len(p.ChangeSet.Changes) != 1 {
		t.Fatalf("plan of a REVIEW_IN_PROGRESS stack: %v %+v", err, p)
	}
	for i := range 2 { // the deploy, then the same command again
		d, err := c.Deploy(ctx, st, stack.DeployOptions{}, fast)
		if err != nil || (i == 0 && d.Status != "CREATE_COMPLETE") || (i == 1 && !d.NoChanges) {
			t.Fatalf("deploy %d after the interruption: %v %+v", i+1, err, d)
		}
	}
	out, err := cloudformation.NewFromConfig(s.Config("")).ListStacks(ctx, &cloudformation.ListStacksInput{})
	if err != nil {
		t.Fatal(err)
	}
	live := 0
	for _, sum := range out.StackSummaries {
		if aws.ToString(sum.StackName) == st.Name && sum.StackStatus != types.StackStatusDeleteComplete {
			live++
		}
	}
	if live != 1 {
		t.Errorf("%d live stacks named %s, want 1", live, st.Name)
	}
	if _, err := c.Destroy(ctx, st, fast); err != nil {
		t.Fatal(err)
	}
	if cur, err := c.Describe(ctx, st.Name); err != nil || cur != nil {
		t.Errorf("after destroy: %+v %v", cur, err)
	}
}
