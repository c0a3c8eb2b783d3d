package stack_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/moto"
)

// TestSecTiersCreateUpdateDestroy takes each example sec tier through the
// whole lifecycle: create, a policy change seen by plan and deployed, a
// deploy with nothing to change, and destroy leaving nothing behind, all
// checked through the IAM, SSM and S3 APIs.
func TestSecTiersCreateUpdateDestroy(t *testing.T) {
	s := moto.Start(t)
	ctx := context.Background()
	for _, tier := range []string{"startup", "medium", "enterprise"} {
		t.Run(tier, func(t *testing.T) {
			st, region := example(t, tier, nil)
			cfg := s.Config(region)
			c := stack.NewClients(cfg)
			iamc, ssmc, s3c := iam.NewFromConfig(cfg), ssm.NewFromConfig(cfg), s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
			large := len(st.Body) >= cfn.MaxTemplateBody
			if large {
				createBucket(t, s3c, st.Bucket, region)
			}

			s.StartRecording(t)
			d, err := c.Deploy(ctx, st, stack.DeployOptions{}, fast)
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			sent := changeSetRequests(s.Recording(t))
			if d.Status != "CREATE_COMPLETE" || d.ChangeSet.Type != "CREATE" || len(d.Outputs) != st.Outputs {
				t.Fatalf("create: status %s, change set %s, %d outputs (want %d)", d.Status, d.ChangeSet.Type, len(d.Outputs), st.Outputs)
			}
			// What landform sent: capabilities, tags, and the template by
			// URL exactly when it is too large to go inline.
			if len(sent) != 1 {
				t.Fatalf("%d CreateChangeSet requests, want 1", len(sent))
			}
			if !strings.Contains(sent[0], "Capabilities.member.1=CAPABILITY_NAMED_IAM") {
				t.Errorf("CreateChangeSet without CAPABILITY_NAMED_IAM: %s", sent[0])
			}
			if strings.Contains(sent[0], "TemplateURL=") != large || strings.Contains(sent[0], "TemplateBody=") == large {
				t.Errorf("template %d bytes: want TemplateURL=%v in %.300s", len(st.Body), large, sent[0])
			}
			if d.Method != map[bool]string{true: "TemplateURL", false: "TemplateBody"}[large] {
				t.Errorf("method %s for %d bytes", d.Method, len(st.Body))
			}
			if large {
				obj, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(st.Bucket), Key: aws.String(stack.TemplateKey(st))})
				if err != nil || aws.ToInt64(obj.ContentLength) != int64(len(st.Body)) {
					t.Errorf("uploaded template: %v", err)
				}
			}
			// Per-resource events, oldest first, ending with the stack.
			if n := countStatus(d.Events, "CREATE_COMPLETE"); n != st.Resources+1 {
				t.Errorf("%d CREATE_COMPLETE events, want %d resources + the stack", n, st.Resources)
			}
			if last := d.Events[len(d.Events)-1]; last.LogicalID != st.Name || last.Status != "CREATE_COMPLETE" {
				t.Errorf("last event %+v, want the stack's CREATE_COMPLETE", last)
			}
			// Outputs in SSM, one per output, tagged.
			params := parameters(t, ssmc, st.OutputsPath)
			if len(params) != st.Outputs || len(d.SSM) != st.Outputs {
				t.Errorf("%d SSM parameters under %s (reported %d), want %d", len(params), st.OutputsPath, len(d.SSM), st.Outputs)
			}
			// Groups really exist, with their managed policies attached.
			groups := outputsWith(d.Outputs, ":group/")
			if len(groups) == 0 {
				t.Fatal("no group outputs")
			}
			for _, arn := range groups {
				name := arn[strings.LastIndex(arn, "/")+1:]
				att, err := iamc.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(name)})
				if err != nil {
					t.Fatalf("group %s: %v", name, err)
				}
				if len(att.AttachedPolicies) == 0 {
					t.Errorf("group %s has no managed policy attached", name)
				}
			}

			// A policy change: the viewers' group reads and writes S3 now.
			changed, _ := example(t, tier, widenViewers(t))
			p, err := c.Plan(ctx, changed, fast)
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			if p.ChangeSet == nil || p.ChangeSet.Type != "UPDATE" || len(p.ChangeSet.Changes) != 1 ||
				p.ChangeSet.Changes[0].Action != "Modify" || p.ChangeSet.Changes[0].LogicalID != "GroupViewers" {
				t.Fatalf("plan change set = %+v, want one Modify of GroupViewers", p.ChangeSet)
			}
			if len(p.Diff.Modified) != 1 || p.Diff.Modified[0].LogicalID != "GroupViewers" || len(p.Diff.Security) != 1 ||
				p.Diff.Security[0].Kind != "managed-policy-attached" || !strings.Contains(p.Diff.Security[0].Detail, "PolicyS3Level2") {
				t.Errorf("plan diff = %+v", p.Diff)
			}
			if cur, _ := c.Describe(ctx, st.Name); cur == nil || cur.Status != "CREATE_COMPLETE" {
				t.Errorf("plan changed the stack: %+v", cur)
			}
			up, err := c.Deploy(ctx, changed, stack.DeployOptions{}, fast)
			if err != nil || up.Status != "UPDATE_COMPLETE" {
				t.Fatalf("update: %v (%+v)", err, up)
			}
			viewers := outputsWith(up.Outputs, "group/"+prefixOf(st)+"-group-viewers")
			if len(viewers) != 1 {
				t.Fatalf("viewers group output: %v", viewers)
			}
			att, err := iamc.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(prefixOf(st) + "-group-viewers")})
			if err != nil || !hasPolicy(att, "-policy-s3-level2") || hasPolicy(att, "-policy-s3-level1") {
				t.Errorf("viewers' policies after the update: %v %+v", err, att)
			}
			again, err := c.Deploy(ctx, changed, stack.DeployOptions{}, fast)
			if err != nil || !again.NoChanges {
				t.Errorf("second deploy of the same template: %v, no changes = %v", err, again != nil && again.NoChanges)
			}

			des, err := c.Destroy(ctx, changed, fast)
			if err != nil || !des.Existed || len(des.SSM) != st.Outputs {
				t.Fatalf("destroy: %v %+v", err, des)
			}
			if cur, err := c.Describe(ctx, st.Name); err != nil || cur != nil {
				t.Errorf("stack still there: %+v %v", cur, err)
			}
			if n := len(parameters(t, ssmc, st.OutputsPath)); n != 0 {
				t.Errorf("%d SSM parameters left", n)
			}
			left, err := iamc.ListGroups(ctx, &iam.ListGroupsInput{})
			if err != nil || len(left.Groups) != 0 {
				t.Errorf("groups left after destroy: %v %d", err, len(left.Groups))
			}
			pols, err := iamc.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: "Local"})
			if err != nil || len(pols.Policies) != 0 {
				t.Errorf("managed policies left after destroy: %v %d", err, len(pols.Policies))
			}
			roles, err := iamc.ListRoles(ctx, &iam.ListRolesInput{PathPrefix: aws.String("/")})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range roles.Roles {
				if strings.HasPrefix(aws.ToString(r.RoleName), prefixOf(st)) {
					t.Errorf("role left after destroy: %s", aws.ToString(r.RoleName))
				}
			}
			none, err := c.Destroy(ctx, changed, fast)
			if err != nil || none.Existed {
				t.Errorf("destroying a missing stack: %v %+v", err, none)
			}
		})
	}
}

// TestConcurrentDeploys deploys two configs at once; each gets its own stack,
// outputs and SSM parameters.
func TestConcurrentDeploys(t *testing.T) {
	s := moto.Start(t)
	ctx := context.Background()
	a, region := example(t, "startup", nil)
	b, _ := example(t, "startup", func(s string) string { return strings.Replace(s, "tenant_id: t001", "tenant_id: t002", 1) })
	if a.Name == b.Name {
		t.Fatal("the two configs name the same stack")
	}
	c := stack.NewClients(s.Config(region))
	var wg sync.WaitGroup
	results := make([]*stack.Deployed, 2)
	errs := make([]error, 2)
	for i, st := range []stack.Stack{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = c.Deploy(ctx, st, stack.DeployOptions{}, fast)
		}()
	}
	wg.Wait()
	ssmc := ssm.NewFromConfig(s.Config(region))
	for i, st := range []stack.Stack{a, b} {
		if errs[i] != nil || results[i].Status != "CREATE_COMPLETE" {
			t.Fatalf("%s: %v", st.Name, errs[i])
		}
		if n := len(parameters(t, ssmc, st.OutputsPath)); n != st.Outputs {
			t.Errorf("%s: %d SSM parameters, want %d", st.Name, n, st.Outputs)
		}
		for k, v := range results[i].Outputs {
			if !strings.Contains(v, prefixOf(st)) {
				t.Errorf("%s: output %s = %s belongs to the other stack", st.Name, k, v)
			}
		}
	}
}

// TestFailedCreateRollsBack: a resource CloudFormation cannot create fails
// the deploy with that resource's reason, the stack ends ROLLBACK_COMPLETE,
// and deploy refuses to touch it until --replace-failed.
func TestFailedCreateRollsBack(t *testing.T) {
	s := moto.Start(t)
	ctx := context.Background()
	c := stack.NewClients(s.Config(""))
	st := stack.Stack{Name: "lf-failing-stack", Stem: "lf-failing", Resources: 2, Outputs: 0, Body: []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Good:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/good, Type: String, Value: ok}
  Bad:
    Type: AWS::SSM::Parameter
    DependsOn: Good
    Properties: {Name: /lf/bad, Type: Bogus, Value: x}
`)}
	st = ready(t, st)
	d, err := c.Deploy(ctx, st, stack.DeployOptions{}, fast)
	var failed *stack.FailedError
	if !errors.As(err, &failed) {
		t.Fatalf("deploy of a failing template: %v, want a FailedError", err)
	}
	if failed.Status != "ROLLBACK_COMPLETE" || failed.Cause == nil || failed.Cause.LogicalID != "Bad" || failed.Cause.Reason == "" {
		t.Fatalf("failure = %+v cause %+v", failed, failed.Cause)
	}
	if !strings.Contains(err.Error(), "Bad (AWS::SSM::Parameter) CREATE_FAILED") {
		t.Errorf("message does not name the failed resource: %v", err)
	}
	if countStatus(d.Events, "DELETE_COMPLETE") == 0 {
		t.Errorf("no rollback events: %+v", d.Events)
	}
	ssmc := ssm.NewFromConfig(s.Config(""))
	if _, err := ssmc.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/lf/good")}); err == nil {
		t.Error("the rollback left /lf/good behind")
	}

	_, err = c.Deploy(ctx, st, stack.DeployOptions{}, fast)
	if err == nil || !strings.Contains(err.Error(), "ROLLBACK_COMPLETE") || !strings.Contains(err.Error(), "--replace-failed") {
		t.Fatalf("deploy onto ROLLBACK_COMPLETE: %v", err)
	}
	st.Body = []byte(strings.Replace(string(st.Body), "Type: Bogus", "Type: String", 1))
	st = ready(t, st)
	d, err = c.Deploy(ctx, st, stack.DeployOptions{ReplaceFailed: true}, fast)
	if err != nil || d.Status != "CREATE_COMPLETE" {
		t.Fatalf("--replace-failed: %v %+v", err, d)
	}
}

// TestAccountCheck: the credentials' account must be the config's.
func TestAccountCheck(t *testing.T) {
	s := moto.Start(t)
	c := stack.NewClients(s.Config(""))
	id, err := c.WhoAmI(context.Background(), moto.Account)
	if err != nil || id.Account != moto.Account {
		t.Fatalf("right account: %v %+v", err, id)
	}
	_, err = c.WhoAmI(context.Background(), "210987654321")
	if err == nil || !strings.Contains(err.Error(), "account "+moto.Account) || !strings.Contains(err.Error(), "deploys to account 210987654321") {
		t.Fatalf("wrong account: %v", err)
	}
}

// TestLargeTemplateNeedsBucket: over 51,200 bytes and no bucket is an error
// before any call.
func TestLargeTemplateNeedsBucket(t *testing.T) {
	st, region := example(t, "medium", nil)
	if len(st.Body) < cfn.MaxTemplateBody {
		t.Fatalf("the medium example is %d bytes; the test needs one over TemplateBody's limit", len(st.Body))
	}
	st.Bucket = "" // the schema requires one for medium; other kinds may not
	_, err := stack.PlannedSource(st, region)
	if err == nil || !strings.Contains(err.Error(), "deployment.template_bucket") {
		t.Fatalf("large template without a bucket: %v", err)
	}
}
