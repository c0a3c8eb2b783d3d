package operator

import (
	"fmt"
	"slices"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/iam/eval"
)

// Rules are the ids this package reports.
var Rules = []finding.Rule{
	{ID: "LF-OPS-001", Severity: finding.Error, Summary: "the operator policy does not allow a call the stack's lifecycle makes (landform's own, or CloudFormation's for a resource)"},
	{ID: "LF-OPS-002", Severity: finding.Note, Summary: "a resource type whose handler permissions the CloudFormation registry does not document: what CloudFormation calls for it is not checked"},
}

// Missing is a request the policy does not allow, and why not.
type Missing struct {
	Need
	Decision eval.Decision
}

// Check decides every need against the policy, as the identity policy of a
// role in env's account, and returns those it does not allow.
func Check(p iam.Policy, env Env, needs []Need) ([]Missing, error) {
	cp, err := eval.FromIAM(p, eval.Identity, "operator policy")
	if err != nil {
		return nil, fmt.Errorf("the operator policy does not compile: %w", err)
	}
	return CheckCompiled(cp, env, needs)
}

// CheckCompiled is Check of a policy already compiled (from a file).
func CheckCompiled(cp *eval.Policy, env Env, needs []Need) ([]Missing, error) {
	var err error
	set := &eval.Set{Identity: []*eval.Policy{cp}}
	principal := "arn:aws:iam::" + env.Account + ":role/landform-operator"
	var ev eval.Evaluator
	var out []Missing
	keyPolicies := map[string]*eval.Policy{}
	for _, n := range needs {
		set.Resource = nil
		if n.ResourcePolicy != nil {
			rp, ok := keyPolicies[n.LogicalID]
			if !ok {
				if rp, err = eval.CompileValue(n.ResourcePolicy, eval.Resource, n.LogicalID+".KeyPolicy"); err != nil {
					return nil, fmt.Errorf("%s's key policy does not compile: %w", n.LogicalID, err)
				}
				keyPolicies[n.LogicalID] = rp
			}
			set.Resource = rp
		}
		req := &eval.Request{Principal: principal, Action: n.Action, Resource: n.Resource, ResourceAccount: env.Account}
		req.Context.Set("aws:RequestedRegion", env.Region)
		req.Context.Set("aws:PrincipalAccount", env.Account)
		if n.ByCloudFormation {
			req.Context.SetMulti("aws:CalledVia", "cloudformation.amazonaws.com")
			req.Context.Set("aws:CalledViaFirst", "cloudformation.amazonaws.com")
			req.Context.Set("aws:ViaAWSService", "true")
		}
		for k, v := range n.Context {
			req.Context.Set(k, v)
		}
		if d := ev.Evaluate(set, req); !d.Allowed() {
			out = append(out, Missing{Need: n, Decision: cloneDecision(d)})
		}
	}
	return out, nil
}

// cloneDecision copies a decision out of the evaluator's reused buffers.
func cloneDecision(d *eval.Decision) eval.Decision {
	c := *d
	c.Statements = append([]eval.StatementRef(nil), d.Statements...)
	return c
}

// Findings reports the missing requests as LF-OPS-001 at the resource
// that needs them (the template, for landform's own calls): one finding per
// request, naming every step that makes it.
func Findings(policyFile string, missing []Missing) finding.List {
	type group struct {
		m     Missing
		steps []string
	}
	var order []string
	groups := map[string]*group{}
	for _, m := range missing {
		kind := "handler"
		if m.Step == "drift" || m.Step == "revert-drift" {
			kind = m.Step
		}
		k := m.LogicalID + "\x00" + kind + "\x00" + m.Need.String()
		g := groups[k]
		if g == nil {
			g = &group{m: m}
			groups[k] = g
			order = append(order, k)
		}
		if !slices.Contains(g.steps, m.Step) {
			g.steps = append(g.steps, m.Step)
		}
	}
	var fs finding.List
	for _, k := range order {
		g := groups[k]
		path := ""
		if g.m.LogicalID != "" {
			path = "Resources." + g.m.LogicalID
		}
		how := "does not allow"
		if g.m.Decision.Result == eval.ExplicitlyDenied {
			how = "explicitly denies"
			if len(g.m.Decision.Statements) > 0 && g.m.Decision.Statements[0].Sid != "" {
				how += " (statement " + g.m.Decision.Statements[0].Sid + ")"
			}
		}
		verb := "needs"
		if len(g.steps) > 1 {
			verb = "need"
		}
		fs.Add(finding.Finding{Rule: "LF-OPS-001", Severity: finding.Error, Pos: g.m.Pos, Path: path,
			Message: fmt.Sprintf("%s %s %s, which %s %s", policyFile, how, g.m.Need.String(), why(g.m.Need, g.steps), verb),
			Hint:    "add the action on that resource to the operator policy (landform export --what operator-policy writes one that has it)"})
	}
	return fs
}
