package operator_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds/kindtest"
	"github.com/landform/landform/internal/operator"
)

// stackNeeds is one stack of a bundled config: where it deploys and what
// its lifecycle asks of AWS.
type stackNeeds struct {
	env   operator.Env
	needs []operator.Need
}

// bundledConfig is a bundled example, its exported operator policy and its
// stacks, each as deployed and as a test copy (deploy --test).
type bundledConfig struct {
	file   string
	policy iam.Policy
	stacks []stackNeeds
}

func bundledConfigs(t *testing.T) []bundledConfig {
	t.Helper()
	files, err := filepath.Glob("../../examples/[asm]*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The test copy's suffix is as long as deploy --test's (6 characters).
	builders := []*artifact.Builder{{Env: kindtest.Env(nil)}, {Env: kindtest.Env(nil), Suffix: func() string { return "0a1b2c" }}}
	var out []bundledConfig
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var bc bundledConfig
		for i, b := range builders {
			c, err := b.Build(f, data)
			if i > 0 && err == nil && c.Findings.HasErrors() && c.Findings[0].Rule == "LF-STK-001" {
				continue // names too long for a test copy: deploy --test refuses it too
			}
			if err != nil || len(c.Artifacts) == 0 {
				t.Fatalf("%s: %v %v", f, err, c.Findings)
			}
			bc.file, bc.policy = f, c.Spec.OperatorPolicy()
			for _, a := range c.Artifacts {
				env := a.OperatorEnv()
				needs, _ := operator.Needs(a.Tree, env)
				bc.stacks = append(bc.stacks, stackNeeds{env, needs})
			}
		}
		out = append(out, bc)
	}
	if len(out) != 34 {
		t.Fatalf("%d bundled configs, want 34", len(out))
	}
	return out
}

// missing is the first request of the config's stacks the policy does not
// allow, or "".
func (bc bundledConfig) missing(t *testing.T, p iam.Policy) string {
	for _, s := range bc.stacks {
		m, err := operator.Check(p, s.env, s.needs)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) > 0 {
			return m[0].Need.String() + " (" + m[0].Why() + ")"
		}
	}
	return ""
}

// TestBundledPoliciesSuffice: the operator policy landform exports for each
// bundled config allows every request of its stacks' lifecycle, deployed
// and as test copies. The request lists are not trivial: each has
// landform's own calls and CloudFormation's for the resources.
func TestBundledPoliciesSuffice(t *testing.T) {
	for _, bc := range bundledConfigs(t) {
		for _, s := range bc.stacks {
			var own, handler int
			for _, n := range s.needs {
				if n.ByCloudFormation && n.LogicalID != "" {
					handler++
				} else if n.LogicalID == "" {
					own++
				}
			}
			if own < 10 || handler < 10 {
				t.Errorf("%s %s: %d own and %d handler requests; the lists are too short to mean anything", bc.file, s.env.StackName, own, handler)
			}
		}
		if m := bc.missing(t, bc.policy); m != "" {
			t.Errorf("%s: the exported operator policy does not allow %s", bc.file, m)
		}
	}
}

// unproven are the statements no offline request shows necessary, and why
// each stays.
var unproven = map[string]string{
	"TagStack": "CloudFormation may authorize the tags a change set puts on a new stack as cloudformation:TagResource; AWS documents no such check, and none can be made offline",
}

// TestBundledPoliciesMinimal: removing any Allow statement of a bundled
// config's operator policy, or any one resource of a statement that has
// several, leaves some request of its stacks denied (or the statement is
// in unproven, and is then shown unnecessary for every config). Deny
// statements only narrow the policy and are not removed.
func TestBundledPoliciesMinimal(t *testing.T) {
	unprovenSeen := map[string]int{}
	configs := bundledConfigs(t)
	for _, bc := range configs {
		name := filepath.Base(bc.file)
		for i, st := range bc.policy.Statement {
			if st.Effect == "Deny" {
				continue
			}
			q := bc.policy
			q.Statement = slices.Delete(slices.Clone(bc.policy.Statement), i, i+1)
			removed := bc.missing(t, q)
			if _, ok := unproven[st.Sid]; ok {
				if removed != "" {
					t.Errorf("%s: statement %s is listed as unproven, but removing it denies %s: take it off the list", name, st.Sid, removed)
				}
				unprovenSeen[st.Sid]++
				continue
			}
			if removed == "" {
				t.Errorf("%s: removing statement %s (%v) denies nothing the lifecycle asks", name, st.Sid, st.Action)
			}
			if len(st.Resource) < 2 {
				continue
			}
			for j, r := range st.Resource {
				q := bc.policy
				q.Statement = slices.Clone(bc.policy.Statement)
				narrowed := st
				narrowed.Resource = slices.Delete(slices.Clone(st.Resource), j, j+1)
				q.Statement[i] = narrowed
				if bc.missing(t, q) == "" {
					t.Errorf("%s: statement %s without resource %v denies nothing the lifecycle asks", name, st.Sid, r)
				}
			}
		}
	}
	for sid := range unproven {
		if unprovenSeen[sid] != len(configs) {
			t.Errorf("unproven statement %s is in %d of %d policies", sid, unprovenSeen[sid], len(configs))
		}
	}
}

// TestWeakenedPolicyFails: a policy without the statement that lets the
// deployer pass roles to CodeBuild is reported, naming the action, the
// role and the resource whose handler needs it.
func TestWeakenedPolicyFails(t *testing.T) {
	for _, bc := range bundledConfigs(t) {
		if !strings.Contains(bc.file, "customer-churn-ml-s3.yaml") {
			continue
		}
		q := bc.policy
		q.Statement = slices.DeleteFunc(slices.Clone(q.Statement), func(s iam.Statement) bool { return s.Sid == "PassCodeBuildRole" })
		got := bc.missing(t, q)
		if !strings.HasPrefix(got, "iam:PassRole on arn:aws:iam::") || !strings.Contains(got, "[iam:PassedToService=codebuild.amazonaws.com]") ||
			!strings.Contains(got, "CloudFormation's create handler of") {
			t.Errorf("without PassCodeBuildRole: got %q", got)
		}
		return
	}
	t.Fatal("no customer-churn-ml-s3 example")
}
