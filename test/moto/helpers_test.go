// Package moto_test checks, through each service's own API and
// aws-sdk-go-v2, that test/moto/server (moto 5.2.1 + landform's plugin)
// behaves as AWS documents for what landform deploys. One server serves
// every scenario, in turn: starting one costs about a second of CPU and a
// moto reset half a second, so scenarios use their own names, delete what
// they create, and check "nothing left" against what existed before them.
package moto_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go"

	"github.com/landform/landform/internal/testutil/moto"
)

type env struct {
	s   *moto.Server
	cfn *cloudformation.Client
	iam *iam.Client
	ssm *ssm.Client
	s3  *s3.Client
	ec2 *ec2.Client

	before map[string]bool // IAM entities that existed when the scenario began
}

// TestPlugin runs every scenario against one server, resetting it before each.
func TestPlugin(t *testing.T) {
	s := moto.Start(t)
	for _, sc := range []struct {
		name string
		run  func(*testing.T, *env)
	}{
		{"IAMGroup", testIAMGroup},
		{"IAMUser", testIAMUser},
		{"IAMRoleAndManagedPolicyUpdates", testIAMRoleAndManagedPolicyUpdates},
		{"CreateFailureRollsBack", testCreateFailureRollsBack},
		{"UpdateFailureRollsBack", testUpdateFailureRollsBack},
		{"Capabilities", testCapabilities},
		{"TemplateLimits", testTemplateLimits},
		{"ErrorsAreAWSErrors", testErrorsAreAWSErrors},
		{"CloudFormationShapes", testCloudFormationShapes},
		{"StartupSecTemplate", testStartupSecTemplate},
		{"SecurityGroups", testSecurityGroups},
		{"S3Bucket", testS3Bucket},
		{"ML", testML},
	} {
		t.Run(sc.name, func(t *testing.T) {
			e := newEnv(s)
			e.before = e.localIAM(t)
			sc.run(t, e)
		})
	}
}

// newEnv makes clients for s. Retries are off so an error is seen once and
// at once.
func newEnv(s *moto.Server) *env {
	cfg := s.Config("")
	cfg.RetryMaxAttempts = 1
	return &env{
		s:   s,
		cfn: cloudformation.NewFromConfig(cfg),
		iam: iam.NewFromConfig(cfg),
		ssm: ssm.NewFromConfig(cfg),
		s3:  s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		ec2: ec2.NewFromConfig(cfg),
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

var namedIAM = []cfntypes.Capability{cfntypes.CapabilityCapabilityNamedIam}

func (e *env) createStack(t *testing.T, name, body string) {
	t.Helper()
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{
		StackName: aws.String(name), TemplateBody: aws.String(body), Capabilities: namedIAM,
	})
	if err != nil {
		t.Fatalf("CreateStack %s: %v", name, err)
	}
}

func (e *env) updateStack(t *testing.T, name, body string) {
	t.Helper()
	_, err := e.cfn.UpdateStack(ctx(t), &cloudformation.UpdateStackInput{
		StackName: aws.String(name), TemplateBody: aws.String(body), Capabilities: namedIAM,
	})
	if err != nil {
		t.Fatalf("UpdateStack %s: %v", name, err)
	}
}

// changeSet creates and executes a change set (CREATE or UPDATE) the way
// landform deploys, and returns its final execution status.
func (e *env) changeSet(t *testing.T, stack, name, body string, kind cfntypes.ChangeSetType) cfntypes.ExecutionStatus {
	t.Helper()
	out, err := e.cfn.CreateChangeSet(ctx(t), &cloudformation.CreateChangeSetInput{
		StackName: aws.String(stack), ChangeSetName: aws.String(name), TemplateBody: aws.String(body),
		ChangeSetType: kind, Capabilities: namedIAM,
	})
	if err != nil {
		t.Fatalf("CreateChangeSet %s: %v", name, err)
	}
	if _, err := e.cfn.ExecuteChangeSet(ctx(t), &cloudformation.ExecuteChangeSetInput{
		ChangeSetName: out.Id, StackName: aws.String(stack),
	}); err != nil {
		t.Fatalf("ExecuteChangeSet %s: %v", name, err)
	}
	cs, err := e.cfn.DescribeChangeSet(ctx(t), &cloudformation.DescribeChangeSetInput{ChangeSetName: out.Id})
	if err != nil {
		t.Fatalf("DescribeChangeSet %s: %v", name, err)
	}
	return cs.ExecutionStatus
}

func (e *env) deleteStack(t *testing.T, name string) {
	t.Helper()
	if _, err := e.cfn.DeleteStack(ctx(t), &cloudformation.DeleteStackInput{StackName: aws.String(name)}); err != nil {
		t.Fatalf("DeleteStack %s: %v", name, err)
	}
}

func (e *env) stack(t *testing.T, name string) cfntypes.Stack {
	t.Helper()
	out, err := e.cfn.DescribeStacks(ctx(t), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeStacks %s: %v", name, err)
	}
	return out.Stacks[0]
}

func (e *env) wantStatus(t *testing.T, name string, want cfntypes.StackStatus) cfntypes.Stack {
	t.Helper()
	st := e.stack(t, name)
	if st.StackStatus != want {
		t.Fatalf("stack %s: status %s (%s), want %s\nevents:\n%s", name, st.StackStatus,
			aws.ToString(st.StackStatusReason), want, e.eventLog(t, name))
	}
	return st
}

func (e *env) wantGone(t *testing.T, name string) {
	t.Helper()
	_, err := e.cfn.DescribeStacks(ctx(t), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if code := apiCode(t, err); code != "ValidationError" {
		t.Fatalf("stack %s after delete: error code %q, want ValidationError (does not exist)", name, code)
	}
}

// events returns the stack's events oldest first (DescribeStackEvents
// answers newest first).
func (e *env) events(t *testing.T, name string) []cfntypes.StackEvent {
	t.Helper()
	out, err := e.cfn.DescribeStackEvents(ctx(t), &cloudformation.DescribeStackEventsInput{StackName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeStackEvents %s: %v", name, err)
	}
	evs := out.StackEvents
	for i := 1; i < len(evs); i++ {
		if evs[i].Timestamp.After(*evs[i-1].Timestamp) {
			t.Fatalf("DescribeStackEvents is not newest first at %d", i)
		}
	}
	rev := make([]cfntypes.StackEvent, len(evs))
	for i, ev := range evs {
		rev[len(evs)-1-i] = ev
	}
	return rev
}

func (e *env) eventLog(t *testing.T, name string) string {
	var b strings.Builder
	for _, ev := range e.events(t, name) {
		b.WriteString(aws.ToString(ev.LogicalResourceId) + " " + string(ev.ResourceStatus) + " " +
			aws.ToString(ev.PhysicalResourceId) + " " + aws.ToString(ev.ResourceStatusReason) + "\n")
	}
	return b.String()
}

// statuses is "Logical STATUS" for each event, oldest first.
func (e *env) statuses(t *testing.T, name string) []string {
	var out []string
	for _, ev := range e.events(t, name) {
		out = append(out, aws.ToString(ev.LogicalResourceId)+" "+string(ev.ResourceStatus))
	}
	return out
}

// wantSubsequence fails unless want appears in got in this order.
func wantSubsequence(t *testing.T, got, want []string) {
	t.Helper()
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	if i < len(want) {
		t.Fatalf("events lack %q (in order) after %q; got:\n%s", want[i], want[:i], strings.Join(got, "\n"))
	}
}

func apiCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got success")
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error is not a smithy.APIError (an AWS error body): %T %v", err, err)
	}
	return ae.ErrorCode()
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// policyDoc decodes an IAM policy document as IAM returns it (URL-encoded
// JSON); it fails on anything that is not JSON, such as a Python repr.
func policyDoc(t *testing.T, s *string) map[string]any {
	t.Helper()
	raw, err := url.QueryUnescape(aws.ToString(s))
	if err != nil {
		t.Fatalf("policy document is not URL-encoded: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatalf("policy document is not JSON: %v\n%s", err, raw)
	}
	return doc
}

func firstAction(t *testing.T, doc map[string]any) string {
	t.Helper()
	st := doc["Statement"].([]any)[0].(map[string]any)
	switch a := st["Action"].(type) {
	case string:
		return a
	case []any:
		return a[0].(string)
	}
	t.Fatalf("no Action in %v", doc)
	return ""
}

// localIAM lists customer-managed policies, roles and groups.
func (e *env) localIAM(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	pols, err := e.iam.ListPolicies(ctx(t), &iam.ListPoliciesInput{Scope: "Local"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pols.Policies {
		out["policy "+aws.ToString(p.PolicyName)] = true
	}
	roles, err := e.iam.ListRoles(ctx(t), &iam.ListRolesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles.Roles {
		out["role "+aws.ToString(r.RoleName)] = true
	}
	groups, err := e.iam.ListGroups(ctx(t), &iam.ListGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups.Groups {
		out["group "+aws.ToString(g.GroupName)] = true
	}
	return out
}

// noLocalIAM fails if a policy, role or group exists that did not exist
// when the scenario began.
func (e *env) noLocalIAM(t *testing.T) {
	t.Helper()
	var left []string
	for k := range e.localIAM(t) {
		if !e.before[k] {
			left = append(left, k)
		}
	}
	if len(left) != 0 {
		t.Fatalf("IAM entities left after delete: %v", left)
	}
}

const trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
