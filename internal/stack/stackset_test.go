package stack_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/moto"
)

// Stack sets run against test/moto/server with the plugin's stacksets
// module: without it moto 5.2.1 never updates an instance's stack on
// UpdateStackSet and reports every instance CURRENT and every operation
// SUCCEEDED even when the instance's stack failed (test/moto/README.md).
// What moto still does unlike AWS, and these tests therefore cannot see:
//   - operations end inside the call: DescribeStackSetOperation never says
//     RUNNING, so the polling loop runs once (TestStackSetWaitIsBounded and
//     TestStackSetFollowsAnEarlierOperation cover it on recorded answers);
//   - OperationPreferences are accepted and have no visible effect (every
//     target is attempted, none is CANCELLED);
//   - roles are never checked: no AWSCloudFormationStackSetAdministrationRole
//     or execution role exists, and sts:AssumeRole into another account
//     succeeds for any role ARN, which is how the tests reach account
//     111111111111;
//   - instances carry no DriftStatus, and DetectStackSetDrift answers
//     NotImplemented (TestStackSet/DriftIsNotImplemented).

const otherAccount = "111111111111"

var setRegions = []string{"us-east-1", "eu-west-1"}

// paramTemplate is one SSM parameter per account and region, so the
// instances do not collide.
func paramTemplate(set, value string) []byte {
	return []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub /lf/` + set + `/${AWS::AccountId}/${AWS::Region}
      Type: String
      Value: ` + value + "\n")
}

// ssmOf is an SSM client of account in region: moto's own account
// directly, any other through sts:AssumeRole of a role in it.
func ssmOf(s *moto.Server, account, region string) *ssm.Client {
	cfg := s.Config(region)
	if account != moto.Account {
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), "arn:aws:iam::"+account+":role/x"))
	}
	return ssm.NewFromConfig(cfg)
}

// values reads the set's parameter in every account and region: "account
// region" → value, "" where there is none.
func values(t *testing.T, s *moto.Server, set string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, a := range []string{moto.Account, otherAccount} {
		for _, r := range setRegions {
			p, err := ssmOf(s, a, r).GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/lf/" + set + "/" + a + "/" + r)})
			var missing *ssmtypes.ParameterNotFound
			switch {
			case errors.As(err, &missing):
				out[a+" "+r] = ""
			case err != nil:
				t.Fatalf("reading the parameter in %s %s: %v", a, r, err)
			default:
				out[a+" "+r] = aws.ToString(p.Parameter.Value)
			}
		}
	}
	return out
}

func wantValues(t *testing.T, got map[string]string, want func(account, region string) string) {
	t.Helper()
	for k, v := range got {
		a, r, _ := strings.Cut(k, " ")
		if w := want(a, r); v != w {
			t.Errorf("parameter in %s = %q, want %q", k, v, w)
		}
	}
}

func everywhere(v string) func(string, string) string {
	return func(string, string) string { return v }
}

// counts is the plan's size: add, update, remove, keep.
func counts(p *stack.StackSetPlan) [4]int {
	return [4]int{len(p.Add), len(p.Update), len(p.Remove), len(p.Keep)}
}

// requests returns the decoded bodies of the recorded calls of action.
func requests(reqs []moto.Request, action string) []string {
	var out []string
	for _, r := range reqs {
		if strings.Contains(r.Body, "Action="+action+"&") {
			body, err := url.QueryUnescape(r.Body)
			if err != nil {
				body = r.Body
			}
			out = append(out, body)
		}
	}
	return out
}

func TestStackSet(t *testing.T) {
	s := moto.Start(t)
	c := stack.NewClients(s.Config(moto.Region))
	ctx := context.Background()
	t.Run("Lifecycle", func(t *testing.T) { testStackSetLifecycle(t, ctx, s, c) })
	t.Run("FailedInstanceIsReportedAndRetried", func(t *testing.T) { testStackSetFailedInstance(t, ctx, s, c) })
	t.Run("DriftIsNotImplemented", func(t *testing.T) { testStackSetDrift(t, ctx, c) })
}

// testStackSetLifecycle: plan, create in 2 accounts × 2 regions, no-op,
// template change, narrowing to one region, destroy, each checked through
// SSM in every account and region.
func testStackSetLifecycle(t *testing.T, ctx context.Context, s *moto.Server, c *stack.Clients) {
	var progress bytes.Buffer
	o := fast
	o.Progress = &progress
	ss := stack.StackSet{Name: "lf-params", Body: paramTemplate("lf-params", "v1"), Tags: map[string]string{"landform:stack": "lf-params"},
		Accounts: []string{moto.Account, otherAccount}, Regions: setRegions,
		Preferences: stack.Preferences{MaxConcurrentCount: 1, RegionConcurrency: "PARALLEL"}}

	p, err := c.PlanStackSet(ctx, ss, o)
	if err != nil || p.Exists || counts(p) != [4]int{4, 0, 0, 0} {
		t.Fatalf("plan of a new set: %v %+v", err, p)
	}
	s.StartRecording(t)
	res, err := c.DeployStackSet(ctx, ss, o)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	reqs := s.Recording(t)
	if res.Existed || len(res.Operations) != 1 || res.Operations[0].Action != "CREATE" || res.Operations[0].Status != "SUCCEEDED" {
		t.Errorf("create: existed %v, operations %+v", res.Existed, res.Operations)
	}
	if res.Summary["CURRENT"] != 4 || len(res.Instances) != 4 {
		t.Errorf("create: summary %v, %d instances", res.Summary, len(res.Instances))
	}
	created := requests(reqs, "CreateStackSet")
	if len(created) != 1 || !strings.Contains(created[0], "Capabilities.member.1=CAPABILITY_NAMED_IAM") ||
		!strings.Contains(created[0], "AdministrationRoleARN=arn:aws:iam::"+moto.Account+":role/AWSCloudFormationStackSetAdministrationRole") ||
		!strings.Contains(created[0], "ExecutionRoleName=AWSCloudFormationStackSetExecutionRole") ||
		!strings.Contains(created[0], "Tags.member.1.Key=landform:stack") || !strings.Contains(created[0], "PermissionModel=SELF_MANAGED") {
		t.Errorf("CreateStackSet requests: %q", created)
	}
	// One call for the whole cross product, with the preferences.
	inst := requests(reqs, "CreateStackInstances")
	if len(inst) != 1 || !strings.Contains(inst[0], "OperationPreferences.RegionConcurrencyType=PARALLEL") ||
		!strings.Contains(inst[0], "OperationPreferences.MaxConcurrentCount=1") || strings.Count(inst[0], "Accounts.member.") != 2 {
		t.Errorf("CreateStackInstances requests: %q", inst)
	}
	if !strings.Contains(progress.String(), "  "+otherAccount+" eu-west-1  CURRENT\n") {
		t.Errorf("progress has no line for %s eu-west-1:\n%s", otherAccount, progress.String())
	}
	wantValues(t, values(t, s, "lf-params"), everywhere("v1"))

	p, err = c.PlanStackSet(ctx, ss, o)
	if err != nil || !p.Exists || p.TemplateChanged || len(p.Changed) > 0 || counts(p) != [4]int{0, 0, 0, 4} {
		t.Fatalf("plan after create: %v %+v", err, p)
	}
	res, err = c.DeployStackSet(ctx, ss, o)
	if err != nil || len(res.Operations) != 0 || res.Summary["CURRENT"] != 4 {
		t.Fatalf("deploy with nothing to change: %v %+v", err, res)
	}

	ss.Body = paramTemplate("lf-params", "v2")
	p, err = c.PlanStackSet(ctx, ss, o)
	if err != nil || !p.TemplateChanged || counts(p) != [4]int{0, 4, 0, 0} {
		t.Fatalf("plan of a template change: %v %+v", err, p)
	}
	s.StartRecording(t)
	res, err = c.DeployStackSet(ctx, ss, o)
	if err != nil || len(res.Operations) != 1 || res.Operations[0].Action != "UPDATE" || res.Summary["CURRENT"] != 4 {
		t.Fatalf("template update: %v %+v", err, res)
	}
	if up := requests(s.Recording(t), "UpdateStackSet"); len(up) != 1 || !strings.Contains(up[0], "Capabilities.member.1=CAPABILITY_NAMED_IAM") {
		t.Errorf("UpdateStackSet requests: %q", up)
	}
	wantValues(t, values(t, s, "lf-params"), everywhere("v2"))

	ss.Regions = []string{"us-east-1"}
	p, err = c.PlanStackSet(ctx, ss, o)
	if err != nil || counts(p) != [4]int{0, 0, 2, 2} {
		t.Fatalf("plan of one region fewer: %v %+v", err, p)
	}
	for _, in := range p.Remove {
		if in.Region != "eu-west-1" {
			t.Errorf("plan removes %+v", in)
		}
	}
	progress.Reset()
	res, err = c.DeployStackSet(ctx, ss, o)
	if err != nil || len(res.Operations) != 1 || res.Operations[0].Action != "DELETE" || len(res.Instances) != 2 {
		t.Fatalf("narrowing: %v %+v", err, res)
	}
	if !strings.Contains(progress.String(), "  "+otherAccount+" eu-west-1  DELETED\n") {
		t.Errorf("progress does not show the deleted instance:\n%s", progress.String())
	}
	wantValues(t, values(t, s, "lf-params"), func(_, r string) string {
		return map[string]string{"us-east-1": "v2", "eu-west-1": ""}[r]
	})

	res, err = c.DestroyStackSet(ctx, ss.Name, o)
	if err != nil || !res.Existed || len(res.Operations) != 1 || res.Operations[0].Action != "DELETE" {
		t.Fatalf("destroy: %v %+v", err, res)
	}
	_, err = cloudformation.NewFromConfig(s.Config(moto.Region)).DescribeStackSet(ctx, &cloudformation.DescribeStackSetInput{StackSetName: aws.String(ss.Name)})
	var gone *cfntypes.StackSetNotFoundException
	if !errors.As(err, &gone) {
		t.Errorf("DescribeStackSet after destroy: %v, want StackSetNotFoundException", err)
	}
	wantValues(t, values(t, s, "lf-params"), everywhere(""))
	progress.Reset()
	res, err = c.DestroyStackSet(ctx, ss.Name, o)
	if err != nil || res.Existed || !strings.Contains(progress.String(), "does not exist") {
		t.Errorf("destroying a missing set: %v %+v, progress %q", err, res, progress.String())
	}
}

// testStackSetFailedInstance: an instance whose stack cannot be created
// (its parameter name is taken) fails the operation with its reason; once
// the cause is gone, plan retries it and deploy brings it to CURRENT.
func testStackSetFailedInstance(t *testing.T, ctx context.Context, s *moto.Server, c *stack.Clients) {
	taken := ssmOf(s, moto.Account, "eu-west-1")
	name := aws.String("/lf/lf-taken/" + moto.Account + "/eu-west-1")
	if _, err := taken.PutParameter(ctx, &ssm.PutParameterInput{Name: name, Value: aws.String("not the set's"), Type: ssmtypes.ParameterTypeString}); err != nil {
		t.Fatal(err)
	}
	ss := stack.StackSet{Name: "lf-taken", Body: paramTemplate("lf-taken", "v1"), Accounts: []string{moto.Account, otherAccount}, Regions: setRegions}
	res, err := c.DeployStackSet(ctx, ss, fast)
	var failed *stack.StackSetFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("deploy over a taken parameter: %v, want a StackSetFailedError", err)
	}
	if failed.Operation.Action != "CREATE" || failed.Operation.Status != "FAILED" || len(failed.Failed) != 1 ||
		failed.Failed[0].Account != moto.Account || failed.Failed[0].Region != "eu-west-1" ||
		!strings.Contains(failed.Failed[0].StatusReason, "ParameterAlreadyExists") {
		t.Fatalf("failure = %+v", failed)
	}
	if res.Summary["OUTDATED"] != 1 || res.Summary["CURRENT"] != 3 {
		t.Errorf("instances after the failure: %v", res.Summary)
	}
	wantValues(t, values(t, s, "lf-taken"), func(a, r string) string {
		if a == moto.Account && r == "eu-west-1" {
			return "not the set's"
		}
		return "v1"
	})

	if _, err := taken.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: name}); err != nil {
		t.Fatal(err)
	}
	p, err := c.PlanStackSet(ctx, ss, fast)
	if err != nil || p.TemplateChanged || counts(p) != [4]int{0, 1, 0, 3} || p.Update[0].Status != "OUTDATED" {
		t.Fatalf("plan after the failure: %v %+v", err, p)
	}
	res, err = c.DeployStackSet(ctx, ss, fast)
	if err != nil || len(res.Operations) != 1 || res.Operations[0].Action != "UPDATE" || res.Summary["CURRENT"] != 4 {
		t.Fatalf("retry: %v %+v", err, res)
	}
	wantValues(t, values(t, s, "lf-taken"), everywhere("v1"))
	if _, err := c.DestroyStackSet(ctx, ss.Name, fast); err != nil {
		t.Fatal(err)
	}
	wantValues(t, values(t, s, "lf-taken"), everywhere(""))
}

// testStackSetDrift: moto 5.2.1 has no DetectStackSetDrift; landform hands
// the service's error on, naming the call, so the gap cannot pass as "in sync".
func testStackSetDrift(t *testing.T, ctx context.Context, c *stack.Clients) {
	ss := stack.StackSet{Name: "lf-drift", Body: paramTemplate("lf-drift", "v1"), Accounts: []string{moto.Account}, Regions: []string{"us-east-1"}}
	if _, err := c.DeployStackSet(ctx, ss, fast); err != nil {
		t.Fatal(err)
	}
	d, err := c.DetectStackSetDrift(ctx, ss.Name, fast)
	var api smithy.APIError
	var op *smithy.OperationError
	if !errors.As(err, &api) || api.ErrorCode() != "NotImplemented" || !errors.As(err, &op) || op.OperationName != "DetectStackSetDrift" {
		t.Fatalf("drift on moto: %v %+v, want DetectStackSetDrift's NotImplemented", err, d)
	}
	if _, err := c.DetectStackSetDrift(ctx, "lf-no-such-set", fast); err == nil {
		t.Error("drift of a missing set: no error")
	}
	if _, err := c.DestroyStackSet(ctx, ss.Name, fast); err != nil {
		t.Fatal(err)
	}
}

// TestStackSetRefusedBeforeAnyCall: the Clients have no AWS client at all,
// so any call would panic; each mistake is named by its field.
func TestStackSetRefusedBeforeAnyCall(t *testing.T) {
	good := stack.StackSet{Name: "lf-ok", Body: []byte("Resources: {}"), Accounts: []string{moto.Account}, Regions: setRegions}
	for _, tt := range []struct {
		name  string
		edit  func(*stack.StackSet)
		field string
	}{
		{"no regions", func(ss *stack.StackSet) { ss.Regions = nil }, "regions"},
		{"no accounts", func(ss *stack.StackSet) { ss.Accounts = nil }, "accounts"},
		{"bad account", func(ss *stack.StackSet) { ss.Accounts = []string{"12345"} }, "accounts"},
		{"template too large", func(ss *stack.StackSet) { ss.Body = bytes.Repeat([]byte("#"), cfn.MaxTemplateBody+1) }, "template"},
		{"bad name", func(ss *stack.StackSet) { ss.Name = "lf_params" }, "name"},
		{"OUs on a self-managed set", func(ss *stack.StackSet) { ss.OrganizationalUnits = []string{"ou-ab12-cdef3456"} }, "organizational_units"},
		{"service-managed without OUs", func(ss *stack.StackSet) { ss.PermissionModel = "SERVICE_MANAGED"; ss.Accounts = nil }, "organizational_units"},
		{"both concurrency limits", func(ss *stack.StackSet) {
			ss.Preferences = stack.Preferences{MaxConcurrentCount: 2, MaxConcurrentPercentage: 50}
		}, "preferences"},
		{"region order outside the regions", func(ss *stack.StackSet) { ss.Preferences.RegionOrder = []string{"ap-south-1"} }, "preferences"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ss := good
			tt.edit(&ss)
			none := &stack.Clients{}
			for _, call := range []func() error{
				func() error { _, err := none.DeployStackSet(context.Background(), ss, fast); return err },
				func() error { _, err := none.PlanStackSet(context.Background(), ss, fast); return err },
			} {
				var bad *stack.InvalidStackSetError
				if err := call(); !errors.As(err, &bad) || !hasProblem(bad, tt.field) {
					t.Errorf("got %v, want a problem with %s", err, tt.field)
				}
			}
		})
	}
}

func hasProblem(e *stack.InvalidStackSetError, field string) bool {
	for _, p := range e.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}
