package access

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/yamltree"
)

// EKS access: a cluster the config names (eks_clusters) gets an access
// entry (AWS::EKS::AccessEntry) for each role it maps, in the stack that
// makes the role, so CloudFormation creates the entry after the role and
// deletes it before. An entry puts the role's sessions in Kubernetes
// groups, for the cluster's own RoleBindings, and associates EKS access
// policies, on the cluster or on namespaces. Access entries replace the
// aws-auth ConfigMap, which CloudFormation cannot manage; the cluster's
// authentication mode must be API or API_AND_CONFIG_MAP.

// eksPolicyARN is an EKS access policy's ARN.
func eksPolicyARN(name string) string { return "arn:aws:eks::aws:cluster-access-policy/" + name }

// eksMapping is what the role may do in the cluster, and the Kubernetes
// user name it has there ("" for EKS's default, the assumed-role ARN).
func (s *spec) eksMapping(c EKSCluster, r *role) (m EKSMapping, username string, ok bool) {
	if c.Account != r.Account {
		return m, "", false
	}
	switch r.Kind {
	case kindTeamRole:
		m, ok = c.TeamRoles[r.Name]
	case kindPersonal:
		if c.Engineers != nil {
			m, ok, username = *c.Engineers, true, "engineer:"+r.Name
		}
	}
	return m, username, ok
}

// addAccessEntries adds the role's access entries, one per cluster that
// maps it.
func (s *spec) addAccessEntries(t *cfn.Template, r *role) error {
	for _, key := range sortedKeys(s.cfg.EKSClusters) {
		c := s.cfg.EKSClusters[key]
		m, username, ok := s.eksMapping(c, r)
		if !ok {
			continue
		}
		props := cfn.M("ClusterName", c.ClusterName, "PrincipalArn", cfn.GetAtt(r.LogicalID, "Arn"))
		props.SetIf(len(m.KubernetesGroups) > 0, "KubernetesGroups", strs(sorted(m.KubernetesGroups)))
		props.SetIf(username != "", "Username", username)
		var policies []any
		for _, p := range m.AccessPolicies {
			scope := cfn.M("Type", "cluster")
			if len(p.Namespaces) > 0 {
				scope = cfn.M("Type", "namespace", "Namespaces", strs(sorted(p.Namespaces)))
			}
			policies = append(policies, cfn.M("PolicyArn", eksPolicyARN(p.Policy), "AccessScope", scope))
		}
		props.SetIf(len(policies) > 0, "AccessPolicies", policies)
		props.SetIf(len(s.cfg.Tags) > 0, "Tags", s.tags())
		if err := t.AddResource(cfn.Resource{LogicalID: r.LogicalID + "Eks" + camel(key), Type: "AWS::EKS::AccessEntry", Properties: props}); err != nil {
			return err
		}
	}
	return nil
}

// checkEKS: a cluster's account exists (LF-ACC-001); it maps team roles
// made in that account, and engineers only there (LF-ACC-021); no two
// entries name one cluster; no Kubernetes group is one EKS refuses
// (LF-ACC-022).
func (s *spec) checkEKS(fs *finding.List) {
	c := s.cfg
	seen := map[string]string{}
	for _, key := range sortedKeys(c.EKSClusters) {
		cl := c.EKSClusters[key]
		path := yamltree.ChildPath("eks_clusters", key)
		if _, ok := c.Organization.Accounts[cl.Account]; !ok {
			s.errorf(fs, "LF-ACC-001", path+".account", hint(cl.Account, sortedKeys(c.Organization.Accounts), "add it under organization.accounts"),
				"account %q is not in organization.accounts", cl.Account)
			continue
		}
		id := cl.Account + "/" + cl.ClusterName
		if other, dup := seen[id]; dup {
			s.errorf(fs, "LF-ACC-021", path+".cluster_name", "map every role of the cluster under one entry",
				"eks_clusters.%s names cluster %s in %s too: each role gets one access entry per cluster", other, cl.ClusterName, cl.Account)
		}
		seen[id] = key
		for _, name := range sortedKeys(cl.TeamRoles) {
			if !s.teamRoleIn(cl.Account, name) {
				s.errorf(fs, "LF-ACC-021", yamltree.ChildPath(path+".team_roles", name),
					fmt.Sprintf("map a team role made in %s (its accounts must include it)", cl.Account),
					"%s is not a team role of account %s, where cluster %s is", name, cl.Account, cl.ClusterName)
			}
			s.checkGroups(fs, yamltree.ChildPath(path+".team_roles", name), cl.TeamRoles[name])
		}
		if cl.Engineers != nil {
			if cl.Account != s.engineersAccount() {
				s.errorf(fs, "LF-ACC-021", path+".engineers", fmt.Sprintf("map engineers on a cluster in %s, or make it organization.engineers_account", s.engineersAccount()),
					"the engineers' personal roles are in %s, not in %s, where cluster %s is", s.engineersAccount(), cl.Account, cl.ClusterName)
			}
			s.checkGroups(fs, path+".engineers", *cl.Engineers)
		}
	}
}

func (s *spec) teamRoleIn(account, name string) bool {
	for _, r := range s.rolesIn(account) {
		if r.Kind == kindTeamRole && r.Name == name {
			return true
		}
	}
	return false
}

func (s *spec) checkGroups(fs *finding.List, path string, m EKSMapping) {
	for i, g := range m.KubernetesGroups {
		if strings.HasPrefix(g, "system:") {
			s.errorf(fs, "LF-ACC-022", fmt.Sprintf("%s.kubernetes_groups[%d]", path, i), "name a group of your own and bind it with a RoleBinding or ClusterRoleBinding; for cluster admin, use the access policy AmazonEKSClusterAdminPolicy",
				"EKS refuses Kubernetes group %q in an access entry: names starting with system: are Kubernetes' own", g)
		}
	}
}

// eksOperator is what deploying the access entries needs, on the clusters
// the config names and their entries only.
func (s *spec) eksOperator() []iam.Statement {
	var clusters, entries []string
	region := s.cfg.Organization.Region
	for _, key := range sortedKeys(s.cfg.EKSClusters) {
		c := s.cfg.EKSClusters[key]
		a, ok := s.cfg.Organization.Accounts[c.Account]
		if !ok {
			continue
		}
		clusters = append(clusters, fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", region, a.ID, c.ClusterName))
		entries = append(entries, fmt.Sprintf("arn:aws:eks:%s:%s:access-entry/%s/*", region, a.ID, c.ClusterName))
	}
	if len(clusters) == 0 {
		return nil
	}
	return []iam.Statement{
		{Sid: "EksAccessEntriesCreate", Effect: "Allow", Action: iam.Strings("eks:CreateAccessEntry"),
			Resource: iam.Strings(clusters...)},
		{Sid: "EksAccessEntries", Effect: "Allow", Action: iam.Strings(
			"eks:AssociateAccessPolicy", "eks:DeleteAccessEntry", "eks:DescribeAccessEntry", "eks:DisassociateAccessPolicy",
			"eks:ListAssociatedAccessPolicies", "eks:TagResource", "eks:UntagResource", "eks:UpdateAccessEntry"),
			Resource: iam.Strings(entries...)},
	}
}
