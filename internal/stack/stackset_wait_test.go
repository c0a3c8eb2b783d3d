package stack_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/landform/landform/internal/stack"
)

// Recorded answers (recorded_test.go's script) for what moto cannot show:
// an operation that is still RUNNING when landform looks.

const setXML = `<StackSet><StackSetName>lf-rec</StackSetName><StackSetId>lf-rec:5b1c3a40</StackSetId><Status>ACTIVE</Status>` +
	`<TemplateBody>{"Resources": {}}</TemplateBody><AdministrationRoleARN>arn:aws:iam::123456789012:role/StackSetAdmin</AdministrationRoleARN>` +
	`<ExecutionRoleName>AWSCloudFormationStackSetExecutionRole</ExecutionRoleName><PermissionModel>SELF_MANAGED</PermissionModel></StackSet>`

func operationXML(id, status string) string {
	return `<StackSetOperation><OperationId>` + id + `</OperationId><Action>UPDATE</Action><Status>` + status + `</Status></StackSetOperation>`
}

func instancesXML(status, detail string) string {
	return `<Summaries><member><Account>111111111111</Account><Region>eu-west-1</Region><Status>` + status + `</Status>` +
		`<StackInstanceStatus><DetailedStatus>` + detail + `</DetailedStatus></StackInstanceStatus></member></Summaries>`
}

var recordedSet = stack.StackSet{Name: "lf-rec", Body: []byte(`{"Resources": {}}`), Accounts: []string{"111111111111"}, Regions: []string{"eu-west-1"},
	AdministrationRoleARN: "arn:aws:iam::123456789012:role/StackSetAdmin"}

// TestStackSetFollowsAnEarlierOperation: deploy first follows an operation
// a previous run left RUNNING, printing each instance as it changes, then
// finds nothing left to do.
func TestStackSetFollowsAnEarlierOperation(t *testing.T) {
	c, s := scripted(t, map[string][]answer{
		"ListStackSetOperations": {
			ok("ListStackSetOperations", `<Summaries><member><OperationId>op-1</OperationId><Action>UPDATE</Action><Status>RUNNING</Status></member></Summaries>`),
			ok("ListStackSetOperations", `<Summaries><member><OperationId>op-1</OperationId><Action>UPDATE</Action><Status>SUCCEEDED</Status></member></Summaries>`),
		},
		"DescribeStackSetOperation": {
			ok("DescribeStackSetOperation", operationXML("op-1", "RUNNING")),
			ok("DescribeStackSetOperation", operationXML("op-1", "RUNNING")),
			ok("DescribeStackSetOperation", operationXML("op-1", "SUCCEEDED")),
		},
		"ListStackInstances": {
			ok("ListStackInstances", instancesXML("OUTDATED", "RUNNING")),
			ok("ListStackInstances", instancesXML("OUTDATED", "RUNNING")),
			ok("ListStackInstances", instancesXML("CURRENT", "SUCCEEDED")),
		},
		"DescribeStackSet": {ok("DescribeStackSet", setXML)},
	})
	var progress bytes.Buffer
	o := stack.Options{PollInterval: time.Millisecond, Timeout: time.Minute, Progress: &progress}
	res, err := c.DeployStackSet(context.Background(), recordedSet, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Operations) != 1 || res.Operations[0] != (stack.Operation{ID: "op-1", Action: "UPDATE", Status: "SUCCEEDED"}) || res.Summary["CURRENT"] != 1 {
		t.Errorf("result %+v", res)
	}
	if n := s.Count("DescribeStackSetOperation"); n != 3 {
		t.Errorf("%d DescribeStackSetOperation calls, want 3 (RUNNING, RUNNING, SUCCEEDED)", n)
	}
	want := "  111111111111 eu-west-1  OUTDATED RUNNING\n  111111111111 eu-west-1  CURRENT\n"
	if !strings.Contains(progress.String(), want) || strings.Count(progress.String(), "OUTDATED RUNNING") != 1 {
		t.Errorf("progress:\n%s\nwant each change once:\n%s", progress.String(), want)
	}
}

// TestStackSetWaitIsBounded: an operation that never ends is a
// TimeoutError after Options.Timeout, Ctrl-C an InterruptedError; either
// way the set is not deleted from under the operation.
func TestStackSetWaitIsBounded(t *testing.T) {
	answers := func() map[string][]answer {
		return map[string][]answer{
			"DescribeStackSet":          {ok("DescribeStackSet", setXML)},
			"ListStackSetOperations":    {ok("ListStackSetOperations", `<Summaries/>`)},
			"ListStackInstances":        {ok("ListStackInstances", instancesXML("CURRENT", "SUCCEEDED"))},
			"DeleteStackInstances":      {ok("DeleteStackInstances", `<OperationId>op-2</OperationId>`)},
			"DescribeStackSetOperation": {ok("DescribeStackSetOperation", operationXML("op-2", "RUNNING"))},
		}
	}
	t.Run("Timeout", func(t *testing.T) {
		c, s := scripted(t, answers())
		_, err := c.DestroyStackSet(context.Background(), "lf-rec", stack.Options{PollInterval: 5 * time.Millisecond, Timeout: 60 * time.Millisecond})
		var te *stack.TimeoutError
		if !errors.As(err, &te) || te.Status != "RUNNING" {
			t.Fatalf("got %v, want a TimeoutError", err)
		}
		if s.Count("DeleteStackSet") != 0 {
			t.Error("the set was deleted while its instances' operation ran")
		}
	})
	t.Run("CtrlC", func(t *testing.T) {
		c, s := scripted(t, answers())
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.DestroyStackSet(ctx, "lf-rec", stack.Options{PollInterval: 5 * time.Millisecond, Timeout: time.Hour})
		var ie *stack.InterruptedError
		if !errors.As(err, &ie) {
			t.Fatalf("got %v, want an InterruptedError", err)
		}
		if s.Count("DeleteStackSet") != 0 {
			t.Error("the set was deleted while its instances' operation ran")
		}
	})
}
