package check

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/yamltree"
)

// closeRole and closeResource say how to close a policy open to anyone.
const (
	closeRole = "name the accounts or roles that may assume it as principals, or add a condition that only they meet: " +
		"aws:PrincipalOrgID (your organization), aws:PrincipalAccount, aws:PrincipalArn, or sts:ExternalId for a third party"
	closeResource = "name the principals, or add a condition that only they meet: aws:PrincipalOrgID, aws:PrincipalAccount, " +
		"aws:SourceAccount or aws:SourceArn (for a service acting for you), aws:SourceVpce"
)

// public reports what any AWS account may do, as the evaluation engine
// decides for a principal of an unknown account outside the organization:
// a role it may assume (LF-IAM-013), a resource policy that lets it write,
// delete or change permissions (LF-IAM-014), or only read (LF-IAM-015).
func (c *checker) public(w *principals.Model) {
	for _, e := range w.Public(principals.Context{}) {
		r := c.resources[e.LogicalID]
		if r == nil {
			continue
		}
		prop := policyProp(e.Type)
		path := yamltree.ChildPath("Resources", e.LogicalID) + ".Properties." + prop
		n := r.Get("Properties").Get(prop)
		stmt := ""
		if e.Statement.Effect != "" {
			stmt = fmt.Sprintf(" (statement %d)", e.Statement.Index)
		}
		if e.Role != nil {
			worse := ""
			if e.Admin {
				worse = "; it is admin-equivalent, so anyone becomes admin of the account"
			}
			c.errorf("LF-IAM-013", n, path, closeRole,
				"any AWS account can assume role %s: its trust policy%s allows every principal with no condition that limits who%s", e.LogicalID, stmt, worse)
			continue
		}
		if slices.ContainsFunc(e.Concrete, func(a string) bool { return !readOnly(a) }) {
			c.errorf("LF-IAM-014", n, path, closeResource, "any AWS principal can act on %s, not only read: %s%s allows %s",
				e.Resource, e.LogicalID, stmt, listed(e.Actions, 4))
			continue
		}
		c.warnf("LF-IAM-015", n, path, closeResource+"; for a public website, serve the bucket through CloudFront with origin access control",
			"any AWS principal can read %s: %s%s allows %s", e.Resource, e.LogicalID, stmt, listed(e.Actions, 4))
	}
}

func policyProp(typ string) string {
	if typ == "AWS::IAM::Role" {
		return "AssumeRolePolicyDocument"
	}
	for p := range policyProps[typ] {
		return p // one document property for every resource policy type
	}
	return "PolicyDocument"
}

// readVerbs start the names of actions that only read.
var readVerbs = []string{"get", "list", "describe", "head", "select", "view", "read", "batchget", "query", "scan", "lookup"}

func readOnly(action string) bool {
	_, name, _ := strings.Cut(strings.ToLower(action), ":")
	return slices.ContainsFunc(readVerbs, func(v string) bool { return strings.HasPrefix(name, v) })
}

// listed is the first n items, then how many more.
func listed(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// sourceKeys are the condition keys that tie a service principal's access
// to the resources and accounts it acts for; in a key policy also the
// encryption context of the resource (CloudWatch Logs' log group ARN) and
// the calling account.
var sourceKeys = []string{"aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths", "kms:calleraccount"}

func tiesSource(conds map[string]bool) bool {
	for k, pinned := range conds {
		if pinned && (slices.Contains(sourceKeys, k) || strings.HasPrefix(k, "kms:encryptioncontext:")) {
			return true
		}
	}
	return false
}

// federation reports, in trust policies, a web identity (OIDC) principal
// whose statement does not pin the token's subject (LF-IAM-016: any
// repository on GitHub, any pod of any cluster, assumes the role), and, in
// resource policies, a service principal with no aws:SourceArn or
// aws:SourceAccount condition (LF-IAM-017: the confused deputy; the
// service could be made to act for another account). Role trust of
// services is not flagged: those roles are handed over by iam:PassRole.
func (c *checker) federation() {
	for _, id := range c.order {
		r := c.resources[id]
		typ, _ := r.Get("Type").String()
		for _, prop := range slices.Sorted(maps.Keys(policyProps[typ])) {
			if prop == "Policies" {
				continue
			}
			doc := r.Get("Properties").Get(prop)
			path := yamltree.ChildPath("Resources", id) + ".Properties." + prop
			for i, st := range cfn.Values(doc.Get("Statement")) {
				sp := fmt.Sprintf("%s.Statement[%d]", path, i)
				if doc.Get("Statement").Kind == yamltree.Map {
					sp = path + ".Statement"
				}
				if effect, _ := st.Get("Effect").String(); effect != "Allow" {
					continue
				}
				conds := conditionKeys(st.Get("Condition"))
				switch {
				case prop == "AssumeRolePolicyDocument":
					c.webIdentity(id, st, sp, conds)
				case st.Get("Principal").Get("Service") != nil && !tiesSource(conds):
					c.warnf("LF-IAM-017", st.Get("Principal").Get("Service"), sp+".Principal.Service",
						"add a condition on aws:SourceArn (the resource the service acts for) or aws:SourceAccount",
						"%s lets a service act with no aws:SourceArn or aws:SourceAccount condition: the service can be made to use it for another account (confused deputy)", id)
				}
			}
		}
	}
}

func (c *checker) webIdentity(id string, st *yamltree.Node, path string, conds map[string]bool) {
	fed := st.Get("Principal").Get("Federated")
	if fed == nil || !slices.ContainsFunc(cfn.Values(st.Get("Action")), func(a *yamltree.Node) bool {
		s, _ := a.String()
		return strings.EqualFold(s, "sts:AssumeRoleWithWebIdentity")
	}) {
		return
	}
	for k, pinned := range conds {
		if pinned && (strings.HasSuffix(k, ":sub") || k == "cognito-identity.amazonaws.com:aud") {
			return
		}
	}
	c.errorf("LF-IAM-016", fed, path+".Principal.Federated",
		"add a condition on the provider's sub claim naming who may assume it (StringEquals or StringLike, e.g. token.actions.githubusercontent.com:sub: repo:ORG/REPO:ref:refs/heads/main)",
		"role %s trusts a web identity provider without pinning the token's subject: any identity the provider issues tokens to (any repository, any cluster's service account) can assume it", id)
}

// conditionKeys are the lower-cased keys of a Condition block, true where an
// operator that must match (not a negated or IfExists one) pins them to a
// value other than a bare wildcard.
func conditionKeys(cond *yamltree.Node) map[string]bool {
	out := map[string]bool{}
	if cond == nil || cond.Kind != yamltree.Map {
		return out
	}
	for _, op := range cond.Entries {
		o := strings.ToLower(op.Key)
		positive := !strings.Contains(o, "not") && !strings.HasSuffix(o, "ifexists") && !strings.HasPrefix(o, "forallvalues:") && o != "null"
		if op.Value.Kind != yamltree.Map {
			continue
		}
		for _, kv := range op.Value.Entries {
			k := strings.ToLower(kv.Key)
			out[k] = out[k] || positive && pins(kv.Value)
		}
	}
	return out
}

// pins reports whether a condition value limits anything: some value other
// than "*" (or "repo:*" for GitHub's subject), or a reference CloudFormation
// resolves.
func pins(v *yamltree.Node) bool {
	if cfn.IsIntrinsic(v) {
		return true
	}
	for _, n := range cfn.Values(v) {
		s, ok := n.String()
		if !ok || strings.Trim(s, "*?") != "" && s != "repo:*" {
			return true
		}
	}
	return false
}
