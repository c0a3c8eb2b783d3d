package check

import (
	"strings"

	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/yamltree"
)

// checkAccount is the account a template is read into: check knows no
// account, and a single template's paths do not depend on which.
const checkAccount = "111111111111"

// escalations reports every privilege-escalation path inside the template:
// a principal that is not admin-equivalent but can become so (the
// techniques of docs/iam-eval.md). A path made only of role assumptions is
// LF-IAM-011, any other technique LF-IAM-012, so that a delegation the
// config intends (a team that may assume the terraform role) can be
// suppressed on its principal without hiding a PassRole or a policy edit
// the same principal might gain later. Paths through other stacks are the
// escalation command's job.
func (c *checker) escalations() {
	if len(c.order) == 0 {
		return
	}
	m, ok := c.t.Value().(map[string]any)
	if !ok {
		return
	}
	w := principals.New()
	if err := w.Add(principals.Source{File: c.t.File, Account: checkAccount, Template: m}); err != nil {
		return // the template's own faults are reported by the other rules
	}
	w.Finish()
	c.public(w)
	byName := map[string]*principals.Principal{}
	for _, p := range w.Principals {
		byName[p.Display()] = p
	}
	for _, p := range w.Escalations(principals.Context{}) {
		pr := byName[p.Principal]
		if pr == nil || c.resources[pr.LogicalID] == nil {
			continue
		}
		rule := "LF-IAM-011"
		var steps []string
		for _, s := range p.Steps {
			if !strings.HasPrefix(s.Technique, "sts:AssumeRole") {
				rule = "LF-IAM-012"
			}
			steps = append(steps, s.Technique+" → "+strings.TrimSuffix(s.To, "@"+checkAccount))
		}
		path := yamltree.ChildPath("Resources", pr.LogicalID)
		c.errorf(rule, c.resources[pr.LogicalID], path,
			"remove the permission that opens the first step, or, if the delegation is intended, suppress "+rule+" on "+pr.LogicalID+" with the reason (Metadata.landform.suppress)",
			"%s can become admin-equivalent (reaching %s): %s", pr.LogicalID, strings.TrimSuffix(p.Admin, "@"+checkAccount), strings.Join(steps, ", "))
	}
}
