package moto_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/goccy/go-yaml"
)

// testStartupSecTemplate (TestPlugin/StartupSecTemplate) deploys the sec
// template landform generates for examples/sec/startup.yaml
// (testdata/startup-sec.yaml, 36 KB: 5 groups, 8 managed policies, 5 roles)
// the way landform deploys (CREATE change set, then execute), checks every
// group and role has exactly the managed policies the template gives it,
// then deletes the stack and checks nothing is left.
func testStartupSecTemplate(t *testing.T, e *env) {
	body, err := os.ReadFile("testdata/startup-sec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct {
		Resources map[string]struct {
			Type       string         `yaml:"Type"`
			Properties map[string]any `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(body, &tpl); err != nil {
		t.Fatal(err)
	}
	policyName := map[string]string{} // logical id -> ManagedPolicyName
	for id, r := range tpl.Resources {
		if r.Type == "AWS::IAM::ManagedPolicy" {
			policyName[id] = r.Properties["ManagedPolicyName"].(string)
		}
	}
	// name of each group / role -> the policy names its ManagedPolicyArns Ref.
	want := map[string][]string{}
	groups := 0
	for _, r := range tpl.Resources {
		var name string
		switch r.Type {
		case "AWS::IAM::Group":
			name, groups = "group "+r.Properties["GroupName"].(string), groups+1
		case "AWS::IAM::Role":
			name = "role " + r.Properties["RoleName"].(string)
		default:
			continue
		}
		for _, ref := range r.Properties["ManagedPolicyArns"].([]any) {
			want[name] = append(want[name], policyName[ref.(map[string]any)["Ref"].(string)])
		}
	}
	if groups != 5 || len(policyName) != 8 {
		t.Fatalf("testdata/startup-sec.yaml: %d groups, %d managed policies; regenerate it (see README)", groups, len(policyName))
	}

	stack := "acme-dev-t001-us-east-1-startup-sec-stack"
	if got := e.changeSet(t, stack, "landform-1", string(body), cfntypes.ChangeSetTypeCreate); got != cfntypes.ExecutionStatusExecuteComplete {
		t.Fatalf("execution status %s:\n%s", got, e.eventLog(t, stack))
	}
	e.wantStatus(t, stack, cfntypes.StackStatusCreateComplete)
	for name, policies := range want {
		kind, entity, _ := strings.Cut(name, " ")
		var got []string
		if kind == "group" {
			out, err := e.iam.ListAttachedGroupPolicies(ctx(t), &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String(entity)})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, p := range out.AttachedPolicies {
				got = append(got, aws.ToString(p.PolicyName))
			}
		} else {
			out, err := e.iam.ListAttachedRolePolicies(ctx(t), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(entity)})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, p := range out.AttachedPolicies {
				got = append(got, aws.ToString(p.PolicyName))
			}
		}
		sort.Strings(got)
		sort.Strings(policies)
		if strings.Join(got, ",") != strings.Join(policies, ",") {
			t.Errorf("%s: attached %v, want %v", name, got, policies)
		}
	}
	res, err := e.cfn.DescribeStackResources(ctx(t), &cloudformation.DescribeStackResourcesInput{StackName: aws.String(stack)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.StackResources) != len(tpl.Resources) {
		t.Errorf("DescribeStackResources: %d rows, want %d", len(res.StackResources), len(tpl.Resources))
	}
	for _, r := range res.StackResources {
		if aws.ToString(r.LogicalResourceId) == "" || aws.ToString(r.PhysicalResourceId) == "" {
			t.Errorf("anonymous stack resource row %+v", r)
		}
	}

	e.deleteStack(t, stack)
	e.wantGone(t, stack)
	e.noLocalIAM(t)
}
