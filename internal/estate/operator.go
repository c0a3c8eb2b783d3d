package estate

import (
	"fmt"

	"github.com/landform/landform/internal/iam"
)

// SetOperatorStatements are what the identity that deploys a config as a
// stack set needs besides the config's own operator policy: the stack set
// and its instances, named as landform names them, and passing the
// administration role (self-managed) or reading the organization
// (service-managed). account and region are the administrator's.
func SetOperatorStatements(ss *StackSet, name, account, region string) []iam.Statement {
	st := []iam.Statement{{Sid: "ManageStackSet", Effect: "Allow", Action: iam.Strings(
		"cloudformation:CreateStackInstances", "cloudformation:CreateStackSet", "cloudformation:DeleteStackInstances",
		"cloudformation:DeleteStackSet", "cloudformation:DescribeStackInstance", "cloudformation:DescribeStackSet",
		"cloudformation:DescribeStackSetOperation", "cloudformation:DetectStackSetDrift", "cloudformation:ListStackInstances",
		"cloudformation:ListStackSetOperationResults", "cloudformation:ListStackSetOperations",
		"cloudformation:UpdateStackInstances", "cloudformation:UpdateStackSet"),
		Resource: iam.Strings(
			fmt.Sprintf("arn:aws:cloudformation:%s:%s:stackset/%s:*", region, account, name),
			fmt.Sprintf("arn:aws:cloudformation:*:*:stackset-target/%s:*", name),
			"arn:aws:cloudformation:*::type/resource/*")}}
	if ss.ServiceManaged() {
		// Service-managed sets deploy through AWS Organizations; these reads
		// have no resource-level permission.
		return append(st, iam.Statement{Sid: "ReadOrganization", Effect: "Allow", Action: iam.Strings(
			"organizations:DescribeOrganization", "organizations:ListAccountsForParent", "organizations:ListDelegatedAdministrators"),
			Resource: iam.Strings("*")})
	}
	admin := ss.AdministrationRoleARN
	if admin == "" {
		admin = fmt.Sprintf("arn:aws:iam::%s:role/AWSCloudFormationStackSetAdministrationRole", account)
	}
	return append(st, iam.Statement{Sid: "PassAdministrationRole", Effect: "Allow", Action: iam.Strings("iam:PassRole"),
		Resource:  iam.Strings(admin),
		Condition: map[string]iam.Condition{"StringEquals": {"iam:PassedToService": iam.Strings("cloudformation.amazonaws.com")}}})
}

// StackSetOf is the stack set estate.yaml deploys a config file as, or nil.
func (s *Spec) StackSetOf(file string) *StackSet {
	if s == nil {
		return nil
	}
	o, _ := s.override(file)
	return o.StackSet
}
