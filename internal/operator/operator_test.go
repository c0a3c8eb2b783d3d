package operator_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/operator"
	"github.com/landform/landform/internal/yamltree"
)

var env = operator.Env{Account: "111122223333", Region: "us-east-1", StackName: "demo-stack",
	OutputsPath: "/demo/outputs", Bucket: "tmpl", Prefix: "cfn/"}

func stackTree(t *testing.T) *yamltree.Tree {
	t.Helper()
	data, err := os.ReadFile("testdata/stack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tree, fs := cfn.Parse("testdata/stack.yaml", data)
	if tree == nil || fs.HasErrors() {
		t.Fatalf("parse: %v", fs)
	}
	return tree
}

// has reports whether needs hold one of the action on the resource, made
// at step for the logical id ("" for landform's own).
func has(needs []operator.Need, step, id, req string) bool {
	return slices.ContainsFunc(needs, func(n operator.Need) bool {
		return n.Step == step && n.LogicalID == id && n.String() == req
	})
}

func TestNeedsResolveWhatTheTemplateSays(t *testing.T) {
	needs, notes := operator.Needs(stackTree(t), env)
	for _, c := range []struct{ step, id, req, why string }{
		{"create", "BuildRole", "iam:CreateRole on arn:aws:iam::111122223333:role/ci/demo-stack-build", "Fn::Sub of the stack name, and the role's Path"},
		{"create", "BuildRole", "iam:AttachRolePolicy on arn:aws:iam::111122223333:role/ci/demo-stack-build [iam:PolicyARN=arn:aws:iam::aws:policy/ReadOnlyAccess]",
			"one attach per managed policy, with the policy as iam:PolicyARN"},
		{"create", "Project", "iam:PassRole on arn:aws:iam::111122223333:role/ci/demo-stack-build [iam:PassedToService=codebuild.amazonaws.com]",
			"the legacy type's own list, the role from Fn::GetAtt"},
		{"create", "Site", "s3:PutBucketCORS on arn:aws:s3:::demo-site", "gated on CorsConfiguration, which Site sets"},
		{"create", "Plain", "s3:CreateBucket on arn:aws:s3:::demo-stack-Plain-*", "the name CloudFormation generates"},
		{"delete", "Plain", "s3:DeleteBucket on arn:aws:s3:::demo-stack-Plain-*", "a bucket that is not retained is deleted"},
		{"create", "Group", "ec2:CreateSecurityGroup on arn:aws:ec2:us-east-1:111122223333:vpc/*", "every resource the call involves: the VPC too"},
		{"create", "VpcId", "ssm:GetParameters on arn:aws:ssm:us-east-1:111122223333:parameter/network/vpc-id", "an SSM parameter type is read as the caller"},
		{"read", "Key", "kms:GetKeyPolicy on arn:aws:kms:us-east-1:111122223333:key/*", "drift reads the key"},
		{"drift", "BuildRole", "iam:ListRolePolicies on arn:aws:iam::111122223333:role/ci/demo-stack-build", "landform's deeper drift read"},
		{"deploy", "", "ssm:PutParameter on arn:aws:ssm:us-east-1:111122223333:parameter/demo/outputs/*", "outputs written"},
		{"destroy", "", "ssm:GetParametersByPath on arn:aws:ssm:us-east-1:111122223333:parameter/demo/outputs", "the path itself"},
		{"deploy", "", "s3:PutObject on arn:aws:s3:::tmpl/cfn/*", "the template upload"},
		{"deploy", "", "cloudformation:ExecuteChangeSet on arn:aws:cloudformation:us-east-1:111122223333:stack/demo-stack/*", "the change set"},
	} {
		if !has(needs, c.step, c.id, c.req) {
			t.Errorf("no %s %s: %s (%s)", c.step, c.id, c.req, c.why)
		}
	}
	for _, c := range []struct{ step, id, req, why string }{
		{"delete", "Site", "s3:DeleteBucket on arn:aws:s3:::demo-site", "a retained bucket is never deleted"},
		{"create", "Plain", "s3:PutBucketCORS on arn:aws:s3:::demo-stack-Plain-*", "Plain sets no CorsConfiguration"},
		{"deploy", "", "cloudformation:ListStacks on *", "the stack has no family"},
	} {
		if has(needs, c.step, c.id, c.req) {
			t.Errorf("needs hold %s %s: %s, but %s", c.step, c.id, c.req, c.why)
		}
	}
	if len(notes) != 1 || notes[0].Rule != "LF-OPS-002" || !strings.Contains(notes[0].Message, "Custom::Thing") {
		t.Errorf("notes = %v, want one LF-OPS-002 for Custom::Thing", notes)
	}
}

// allowAll is a policy that allows everything, but for what deny says.
func allowAll(deny ...iam.Statement) iam.Policy {
	return iam.Policy{Version: iam.Version, Statement: append([]iam.Statement{
		{Effect: "Allow", Action: iam.Strings("*"), Resource: iam.Strings("*")}}, deny...)}
}

func TestCheckDecidesWithTheKeyPolicyAndContext(t *testing.T) {
	needs, _ := operator.Needs(stackTree(t), env)
	missing, err := operator.Check(allowAll(), env, needs)
	if err != nil {
		t.Fatal(err)
	}
	// The key's policy trusts one role, not the account: even Allow *:*
	// cannot manage it. Everything else is allowed.
	if len(missing) == 0 {
		t.Fatal("a key policy that does not trust the account let the operator in")
	}
	for _, m := range missing {
		if m.LogicalID != "Key" || !strings.HasPrefix(m.Action, "kms:") {
			t.Errorf("missing %s (%s); only the key's calls should be", m.Need, m.Why())
		}
	}
	fs := operator.Findings("op.json", missing)
	if fs[0].Rule != "LF-OPS-001" || fs[0].Pos.Line != 41 || !strings.Contains(fs[0].Message, "op.json does not allow kms:") {
		t.Errorf("finding = %+v", fs[0])
	}

	// A deny that only CloudFormation's calls escape (aws:CalledVia) stops
	// landform's own upload but not the bucket's handler.
	deny := iam.Statement{Effect: "Deny", Action: iam.Strings("s3:*"), Resource: iam.Strings("*"),
		Condition: map[string]iam.Condition{"ForAllValues:StringNotEquals": {"aws:CalledVia": iam.Strings("cloudformation.amazonaws.com")}}}
	missing, err = operator.Check(allowAll(deny), env, needs)
	if err != nil {
		t.Fatal(err)
	}
	var own, handler bool
	for _, m := range missing {
		if strings.HasPrefix(m.Action, "s3:") {
			own = own || (m.LogicalID == "" && m.Action == "s3:PutObject")
			handler = handler || m.LogicalID == "Site"
		}
	}
	if !own || handler {
		t.Errorf("with the CalledVia deny: own upload denied %v (want true), Site's handler denied %v (want false)", own, handler)
	}
}
