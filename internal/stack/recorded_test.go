package stack_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/recorded"
)

// These tests cover what moto cannot answer (package recorded): drift
// detection, throttling, and stacks that stay in progress.

type answer = recorded.Answer

var (
	ok       = recorded.OK
	apiError = recorded.APIError
)

func scripted(t *testing.T, answers map[string][]answer) (*stack.Clients, *recorded.Script) {
	t.Helper()
	s, url := recorded.Start(t, answers)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(url)}
	cfg.Retryer = func() aws.Retryer { return retryNoDelay() }
	return stack.NewClients(cfg), s
}

const stackID = "arn:aws:cloudformation:us-east-1:123456789012:stack/lf-stack/5b1c3a40-0000-11ef-9c5a-0a1b2c3d4e5f"

func stackXML(status string) string {
	return fmt.Sprintf(`<Stacks><member><StackName>lf-stack</StackName><StackId>%s</StackId><StackStatus>%s</StackStatus>`+
		`<CreationTime>2026-11-20T10:00:00.000Z</CreationTime></member></Stacks>`, stackID, status)
}

func TestDriftFromRecordedResponses(t *testing.T) {
	c, s := scripted(t, map[string][]answer{
		"DescribeStacks":   {ok("DescribeStacks", stackXML("UPDATE_COMPLETE"))},
		"DetectStackDrift": {ok("DetectStackDrift", `<StackDriftDetectionId>b78ac9b0-0000-11ef-8f4d-0a1b2c3d4e5f</StackDriftDetectionId>`)},
		"DescribeStackDriftDetectionStatus": {
			ok("DescribeStackDriftDetectionStatus", `<StackId>`+stackID+`</StackId><StackDriftDetectionId>b78ac9b0-0000-11ef-8f4d-0a1b2c3d4e5f</StackDriftDetectionId>`+
				`<DetectionStatus>DETECTION_IN_PROGRESS</DetectionStatus><Timestamp>2026-11-20T10:05:00.000Z</Timestamp>`),
			ok("DescribeStackDriftDetectionStatus", `<StackId>`+stackID+`</StackId><StackDriftDetectionId>b78ac9b0-0000-11ef-8f4d-0a1b2c3d4e5f</StackDriftDetectionId>`+
				`<StackDriftStatus>DRIFTED</StackDriftStatus><DetectionStatus>DETECTION_COMPLETE</DetectionStatus><DriftedStackResourceCount>1</DriftedStackResourceCount>`+
				`<Timestamp>2026-11-20T10:05:04.000Z</Timestamp>`),
		},
		"DescribeStackResourceDrifts": {
			ok("DescribeStackResourceDrifts", `<StackResourceDrifts>`+
				`<member><StackId>`+stackID+`</StackId><LogicalResourceId>RoleReader</LogicalResourceId><PhysicalResourceId>acme-dev-t001-role-reader</PhysicalResourceId>`+
				`<ResourceType>AWS::IAM::Role</ResourceType><StackResourceDriftStatus>MODIFIED</StackResourceDriftStatus>`+
				`<ExpectedProperties>{"MaxSessionDuration":3600}</ExpectedProperties><ActualProperties>{"MaxSessionDuration":43200}</ActualProperties>`+
				`<PropertyDifferences><member><PropertyPath>/MaxSessionDuration</PropertyPath><ExpectedValue>3600</ExpectedValue><ActualValue>43200</ActualValue><DifferenceType>NOT_EQUAL</DifferenceType></member></PropertyDifferences>`+
				`<Timestamp>2026-11-20T10:05:03.000Z</Timestamp></member>`+
				`</StackResourceDrifts><NextToken>page-2</NextToken>`),
			ok("DescribeStackResourceDrifts", `<StackResourceDrifts>`+
				`<member><StackId>`+stackID+`</StackId><LogicalResourceId>PolicyS3Level1</LogicalResourceId><PhysicalResourceId>arn:aws:iam::123456789012:policy/acme-dev-t001-policy-s3-level1</PhysicalResourceId>`+
				`<ResourceType>AWS::IAM::ManagedPolicy</ResourceType><StackResourceDriftStatus>IN_SYNC</StackResourceDriftStatus><Timestamp>2026-11-20T10:05:03.000Z</Timestamp></member>`+
				`</StackResourceDrifts>`),
		},
	})
	d, err := c.DetectDrift(context.Background(), "lf-stack", fast)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != "DRIFTED" || d.Drifted != 1 || len(d.Resources) != 2 {
		t.Fatalf("drift = %+v", d)
	}
	r := d.Resources[0]
	if r.LogicalID != "RoleReader" || r.Status != "MODIFIED" || len(r.Differences) != 1 {
		t.Fatalf("first resource = %+v", r)
	}
	if p := r.Differences[0]; p.Path != "/MaxSessionDuration" || p.Expected != "3600" || p.Actual != "43200" || p.Kind != "NOT_EQUAL" {
		t.Errorf("difference = %+v", p)
	}
	if d.Resources[1].Status != "IN_SYNC" {
		t.Errorf("second page lost: %+v", d.Resources[1])
	}
	if n := s.Count("DescribeStackDriftDetectionStatus"); n != 2 {
		t.Errorf("status polled %d times, want 2 (in progress, then complete)", n)
	}
}

func TestDriftOfMissingStack(t *testing.T) {
	c, s := scripted(t, map[string][]answer{
		"DescribeStacks": {apiError(400, "ValidationError", "Stack with id lf-stack does not exist")},
	})
	_, err := c.DetectDrift(context.Background(), "lf-stack", fast)
	if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "deploy it first") {
		t.Fatalf("drift of a missing stack: %v", err)
	}
	if s.Count("DetectStackDrift") != 0 {
		t.Error("drift detection started on a missing stack")
	}
}

// TestThrottlingIsRetried: CloudFormation's Throttling answer is retried by
// the SDK's retryer, and the call then succeeds.
func TestThrottlingIsRetried(t *testing.T) {
	c, s := scripted(t, map[string][]answer{
		"DescribeStacks": {
			apiError(400, "Throttling", "Rate exceeded"),
			apiError(400, "Throttling", "Rate exceeded"),
			ok("DescribeStacks", stackXML("CREATE_COMPLETE")),
		},
	})
	cur, err := c.Describe(context.Background(), "lf-stack")
	if err != nil || cur == nil || cur.Status != "CREATE_COMPLETE" {
		t.Fatalf("describe after throttling: %v %+v", err, cur)
	}
	if n := s.Count("DescribeStacks"); n != 3 {
		t.Errorf("%d DescribeStacks calls, want 3", n)
	}
}

// TestWaitIsBounded: a stack that stays in progress ends the wait at the
// timeout with a message saying CloudFormation carries on.
func TestWaitIsBounded(t *testing.T) {
	c, _ := scripted(t, map[string][]answer{
		"DescribeStacks":      {ok("DescribeStacks", stackXML("DELETE_IN_PROGRESS"))},
		"DescribeStackEvents": {ok("DescribeStackEvents", `<StackEvents></StackEvents>`)},
		"DeleteStack":         {ok("DeleteStack", ``)},
	})
	o := stack.Options{PollInterval: 5 * time.Millisecond, Timeout: 60 * time.Millisecond}
	_, err := c.Destroy(context.Background(), stack.Stack{Name: "lf-stack"}, o)
	var te *stack.TimeoutError
	if !errors.As(err, &te) || te.Status != "DELETE_IN_PROGRESS" || !strings.Contains(err.Error(), "run the same command again") {
		t.Fatalf("wait on a stuck stack: %v", err)
	}
}

// TestInterruptedDeployFollowsTheStackNextTime: a deploy interrupted while
// the stack is UPDATE_IN_PROGRESS; the next deploy first follows the stack
// to UPDATE_COMPLETE, then finds nothing to change.
func TestInterruptedDeployFollowsTheStackNextTime(t *testing.T) {
	event := func(id, status string) string {
		return `<member><StackId>` + stackID + `</StackId><EventId>` + id + `</EventId><StackName>lf-stack</StackName><LogicalResourceId>Param</LogicalResourceId>` +
			`<PhysicalResourceId>/lf/p</PhysicalResourceId><ResourceType>AWS::SSM::Parameter</ResourceType><Timestamp>2026-11-20T10:00:0` + id + `.000Z</Timestamp>` +
			`<ResourceStatus>` + status + `</ResourceStatus></member>`
	}
	c, s := scripted(t, map[string][]answer{
		"DescribeStacks": {
			ok("DescribeStacks", stackXML("UPDATE_IN_PROGRESS")),
			ok("DescribeStacks", stackXML("UPDATE_IN_PROGRESS")),
			ok("DescribeStacks", stackXML("UPDATE_COMPLETE")),
		},
		"DescribeStackEvents": {
			ok("DescribeStackEvents", `<StackEvents>`+event("2", "UPDATE_IN_PROGRESS")+event("1", "CREATE_COMPLETE")+`</StackEvents>`),
			ok("DescribeStackEvents", `<StackEvents>`+event("3", "UPDATE_COMPLETE")+event("2", "UPDATE_IN_PROGRESS")+event("1", "CREATE_COMPLETE")+`</StackEvents>`),
		},
		"CreateChangeSet": {ok("CreateChangeSet", `<Id>arn:aws:cloudformation:us-east-1:123456789012:changeSet/landform-x/1</Id><StackId>`+stackID+`</StackId>`)},
		"DescribeChangeSet": {ok("DescribeChangeSet", `<ChangeSetName>landform-x</ChangeSetName><Status>FAILED</Status>`+
			`<StatusReason>The submitted information didn't contain changes. Submit different information to create a change set.</StatusReason><ExecutionStatus>UNAVAILABLE</ExecutionStatus><Changes></Changes>`)},
		"DeleteChangeSet": {ok("DeleteChangeSet", ``)},
	})
	var progress strings.Builder
	o := stack.Options{PollInterval: time.Millisecond, Timeout: time.Minute, Progress: &progress}
	st := ready(t, stack.Stack{Name: "lf-stack", Stem: "lf", Resources: 1, Body: []byte("AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n")})
	d, err := c.Deploy(context.Background(), st, stack.DeployOptions{}, o)
	if err != nil {
		t.Fatalf("deploy after an interrupted one: %v\n%s", err, progress.String())
	}
	if !d.NoChanges || d.Status != "UPDATE_COMPLETE" {
		t.Errorf("deploy = %+v", d)
	}
	if !strings.Contains(progress.String(), "following it to the end") || !strings.Contains(progress.String(), "UPDATE_COMPLETE") {
		t.Errorf("progress does not show the stack being followed:\n%s", progress.String())
	}
	if len(d.Events) != 1 || d.Events[0].Status != "UPDATE_COMPLETE" {
		t.Errorf("events = %+v, want only the new UPDATE_COMPLETE", d.Events)
	}
	if s.Count("ExecuteChangeSet") != 0 {
		t.Error("an empty change set was executed")
	}
}

// retryNoDelay is the SDK's standard retryer without the backoff sleep, so
// retry tests take no time.
func retryNoDelay() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		o.RateLimiter = ratelimit.None
	})
}

// TestCtrlCStopsWaitingOnly: cancelling the context (Ctrl-C) ends the wait
// with a message that CloudFormation carries on; nothing is cancelled in AWS.
func TestCtrlCStopsWaitingOnly(t *testing.T) {
	c, s := scripted(t, map[string][]answer{
		"DescribeStacks":      {ok("DescribeStacks", stackXML("DELETE_IN_PROGRESS"))},
		"DescribeStackEvents": {ok("DescribeStackEvents", `<StackEvents></StackEvents>`)},
		"DeleteStack":         {ok("DeleteStack", ``)},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	o := stack.Options{PollInterval: 5 * time.Millisecond, Timeout: time.Hour}
	_, err := c.Destroy(ctx, stack.Stack{Name: "lf-stack"}, o)
	var ie *stack.InterruptedError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "CloudFormation carries on") {
		t.Fatalf("interrupted wait: %v", err)
	}
	if n := s.Count("CancelUpdateStack"); n != 0 {
		t.Errorf("the interruption reached AWS: %d CancelUpdateStack calls", n)
	}
}

// TestDenyReplace: a change set that replaces a resource (Replacement True,
// as CloudFormation reports a renamed role) is deleted, not executed, and
// the error names the resource; moto's change sets do not report
// replacements, so CloudFormation's answers are recorded.
func TestDenyReplace(t *testing.T) {
	changes := `<Changes><member><Type>Resource</Type><ResourceChange><Action>Modify</Action><LogicalResourceId>DeployRole</LogicalResourceId>` +
		`<PhysicalResourceId>lf-deploy</PhysicalResourceId><ResourceType>AWS::IAM::Role</ResourceType><Replacement>True</Replacement>` +
		`<Scope><member>Properties</member></Scope></ResourceChange></member>` +
		`<member><Type>Resource</Type><ResourceChange><Action>Modify</Action><LogicalResourceId>Reader</LogicalResourceId>` +
		`<ResourceType>AWS::IAM::ManagedPolicy</ResourceType><Replacement>False</Replacement></ResourceChange></member></Changes>`
	c, s := scripted(t, map[string][]answer{
		"DescribeStacks":  {ok("DescribeStacks", stackXML("UPDATE_COMPLETE"))},
		"CreateChangeSet": {ok("CreateChangeSet", `<Id>arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs-1/1</Id><StackId>`+stackID+`</StackId>`)},
		"DescribeChangeSet": {ok("DescribeChangeSet", `<ChangeSetName>cs-1</ChangeSetName><Status>CREATE_COMPLETE</Status>`+
			`<ExecutionStatus>AVAILABLE</ExecutionStatus>`+changes)},
		"DeleteChangeSet": {ok("DeleteChangeSet", ``)},
	})
	st := ready(t, stack.Stack{Name: "lf-stack", Body: []byte("Resources:\n  DeployRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: lf-deploy2\n      AssumeRolePolicyDocument: {}\n")})
	_, err := c.Deploy(context.Background(), st, stack.DeployOptions{DenyReplace: true}, fast)
	var re *stack.ReplaceError
	if !errors.As(err, &re) || strings.Join(re.Resources, ",") != "DeployRole" || !strings.Contains(err.Error(), "replaces DeployRole (--deny-replace): nothing was changed") {
		t.Fatalf("err = %v", err)
	}
	if s.Count("ExecuteChangeSet") != 0 || s.Count("DeleteChangeSet") != 1 {
		t.Errorf("executed %d, deleted %d change sets", s.Count("ExecuteChangeSet"), s.Count("DeleteChangeSet"))
	}
}

// TestDeleteOutputsAfterARetry: a DeleteParameters the SDK retries (the
// first attempt deleted the parameters, its answer was lost) answers that
// the names are invalid. They are gone, as destroy wants: success. A name
// SSM calls invalid that is still there is a failure naming it.
func TestDeleteOutputsAfterARetry(t *testing.T) {
	st := stack.Stack{Name: "lf-stack", OutputsPath: "/lf"}
	listed := recorded.JSON(`{"Parameters":[{"Name":"/lf/A"},{"Name":"/lf/B"}]}`)
	tagged := recorded.JSON(`{"TagList":[{"Key":"landform:stack","Value":"lf-stack"}]}`)
	for _, tt := range []struct {
		name, left, err string
	}{
		{"gone", `{"Parameters":[],"InvalidParameters":["/lf/B"]}`, ""},
		{"still there", `{"Parameters":[{"Name":"/lf/B","Value":"x"}]}`, "SSM could not delete [/lf/B]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, s := scripted(t, map[string][]answer{
				"GetParametersByPath": {listed},
				"ListTagsForResource": {tagged, tagged},
				"DeleteParameters":    {recorded.JSON(`{"DeletedParameters":["/lf/A"],"InvalidParameters":["/lf/B"]}`)},
				"GetParameters":       {recorded.JSON(tt.left)},
			})
			names, err := c.DeleteOutputs(context.Background(), st)
			if tt.err == "" {
				if err != nil || len(names) != 2 {
					t.Errorf("names %v, err %v; want both, no error", names, err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("err %v, want %q", err, tt.err)
			}
			if s.Count("GetParameters") != 1 {
				t.Errorf("the invalid names were not read back")
			}
		})
	}
}
