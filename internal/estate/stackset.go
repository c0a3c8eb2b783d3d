package estate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/landform/landform/internal/estate/estaterule"
	"github.com/landform/landform/internal/yamltree"
)

// namedIAM are the resource types whose names are global to an account.
var namedIAM = map[string]string{
	"AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::Group": "GroupName",
	"AWS::IAM::User": "UserName", "AWS::IAM::InstanceProfile": "InstanceProfileName",
}

// checkStackSets reports stack sets that cannot deploy as configured:
// named IAM resources in more than one region (they would collide in every
// account), and targets of the wrong permission model.
func (e *Estate) checkStackSets() {
	for _, n := range e.Nodes {
		ss := n.StackSet
		if ss == nil {
			continue
		}
		key := e.Spec.keyOf(n.Artifact.Config)
		path := yamltree.ChildPath("configs", key) + ".stack_set"
		pos := e.Spec.Doc.Pos(path)
		if ss.ServiceManaged() && len(ss.OrganizationalUnits) == 0 {
			e.Findings.Errorf(estaterule.EstateFile, pos, path, "add organizational_units: the OUs (ou-…) to deploy to",
				"a service-managed stack set deploys to organizational units; none are given")
		}
		if !ss.ServiceManaged() && len(ss.Accounts) == 0 {
			e.Findings.Errorf(estaterule.EstateFile, pos, path, "add accounts: the 12-digit accounts to deploy to, or use permission_model: service-managed with organizational_units",
				"a self-managed stack set deploys to accounts; none are given")
		}
		if len(ss.Regions) < 2 {
			continue
		}
		if names := n.namedIAM(); len(names) > 0 {
			e.Findings.Errorf(estaterule.SetCollision, e.Spec.Doc.Pos(path+".regions"), path+".regions",
				"deploy this config's stack set to one region (IAM is global: one region serves them all), or leave the IAM resources unnamed",
				"%s names %d IAM resources (%s); in %d regions of one account their names collide", n.Label, len(names), strings.Join(first(names, 3), ", "), len(ss.Regions))
		}
	}
}

// namedIAM lists the literal names the node's template gives IAM resources.
func (n *Node) namedIAM() []string {
	var out []string
	for _, r := range n.Artifact.Template.Resources {
		prop, ok := namedIAM[r.Type]
		if !ok || r.Properties == nil {
			continue
		}
		if v, ok := r.Properties.Get(prop); ok {
			if s, ok := v.(string); ok && !strings.Contains(s, "${AWS::Region}") {
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

func first(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string{}, s[:n]...), fmt.Sprintf("and %d more", len(s)-n))
}
