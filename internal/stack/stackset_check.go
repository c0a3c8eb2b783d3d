package stack

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/landform/landform/internal/cfn"
)

// Checks CloudFormation makes too, made here so a mistake costs no call.
// They are compiled when a StackSet is first checked: the counted
// repetitions cost a millisecond, which every run paid at start.
var patterns = sync.OnceValue(func() (p struct{ stackSetName, accountID, ouID, regionName *regexp.Regexp }) {
	p.stackSetName = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)
	p.accountID = regexp.MustCompile(`^\d{12}$`)
	p.ouID = regexp.MustCompile(`^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$`)
	p.regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	return p
})

// InvalidStackSetError lists everything wrong with a StackSet; it is
// returned before any AWS call.
type InvalidStackSetError struct {
	Name     string
	Problems []StackSetProblem
}

// StackSetProblem is one thing wrong with a StackSet field.
type StackSetProblem struct {
	Field   string // "regions", "accounts", "template", ...
	Message string
}

func (e *InvalidStackSetError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stack set %q cannot be deployed as given:", e.Name)
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s: %s", p.Field, p.Message)
	}
	return b.String()
}

// validate reports every problem of ss at once.
func (ss StackSet) validate() error {
	var ps []StackSetProblem
	add := func(field, format string, args ...any) {
		ps = append(ps, StackSetProblem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !patterns().stackSetName.MatchString(ss.Name) {
		add("name", "%q is not a stack set name: up to 128 letters, digits and hyphens, starting with a letter", ss.Name)
	}
	switch {
	case len(ss.Body) == 0:
		add("template", "the template is empty")
	case len(ss.Body) > cfn.MaxTemplateBody:
		add("template", "the template is %d bytes, over the %d bytes a stack set's TemplateBody may hold: split it, or move resources into their own stack set", len(ss.Body), cfn.MaxTemplateBody)
	}
	switch ss.PermissionModel {
	case "", string(types.PermissionModelsSelfManaged):
		if len(ss.Accounts) == 0 {
			add("accounts", "no target account: a self-managed stack set deploys to the accounts you list")
		}
		if len(ss.OrganizationalUnits) > 0 {
			add("organizational_units", "a self-managed stack set targets accounts, not organizational units: list the accounts, or use SERVICE_MANAGED")
		}
		if ss.AutoDeployment {
			add("auto_deployment", "auto-deployment needs the SERVICE_MANAGED permission model")
		}
		if arn := ss.AdministrationRoleARN; arn != "" && (!strings.HasPrefix(arn, "arn:") || !strings.Contains(arn, ":role/")) {
			add("administration_role_arn", "%q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", arn)
		}
	case string(types.PermissionModelsServiceManaged):
		if len(ss.OrganizationalUnits) == 0 {
			add("organizational_units", "no target organizational unit: a service-managed stack set deploys to OUs (ou-… or the root r-…)")
		}
		if len(ss.Accounts) > 0 {
			add("accounts", "a service-managed stack set targets organizational units, not accounts: list the OUs, or use SELF_MANAGED")
		}
		if ss.AdministrationRoleARN != "" || ss.ExecutionRoleName != "" {
			add("roles", "a service-managed stack set uses the roles AWS Organizations provides: drop the administration and execution roles")
		}
	default:
		add("permission_model", "%q is neither SELF_MANAGED nor SERVICE_MANAGED", ss.PermissionModel)
	}
	check := func(field string, values []string, re *regexp.Regexp, what string) {
		for i, v := range values {
			if !re.MatchString(v) {
				add(field, "%q is not %s", v, what)
			} else if slices.Index(values, v) != i {
				add(field, "%s is listed twice", v)
			}
		}
	}
	check("accounts", ss.Accounts, patterns().accountID, "a 12-digit account id")
	check("organizational_units", ss.OrganizationalUnits, patterns().ouID, "an organizational unit id (ou-… or r-…)")
	check("regions", ss.Regions, patterns().regionName, "a region name such as eu-west-1")
	if len(ss.Regions) == 0 {
		add("regions", "no region: name at least one region to deploy the instances to")
	}
	ss.Preferences.validate(ss.Regions, add)
	if len(ps) > 0 {
		return &InvalidStackSetError{Name: ss.Name, Problems: ps}
	}
	return nil
}

func (p Preferences) validate(regions []string, add func(field, format string, args ...any)) {
	if p.MaxConcurrentCount > 0 && p.MaxConcurrentPercentage > 0 {
		add("preferences", "give max concurrent count or percentage, not both")
	}
	if p.FailureToleranceCount > 0 && p.FailureTolerancePercentage > 0 {
		add("preferences", "give failure tolerance count or percentage, not both")
	}
	for _, n := range []int{p.MaxConcurrentCount, p.MaxConcurrentPercentage, p.FailureToleranceCount, p.FailureTolerancePercentage} {
		if n < 0 {
			add("preferences", "%d: counts and percentages cannot be negative", n)
		}
	}
	if p.MaxConcurrentPercentage > 100 || p.FailureTolerancePercentage > 100 {
		add("preferences", "a percentage is at most 100")
	}
	switch p.RegionConcurrency {
	case "", string(types.RegionConcurrencyTypeSequential), string(types.RegionConcurrencyTypeParallel):
	default:
		add("preferences", "region concurrency %q is neither SEQUENTIAL nor PARALLEL", p.RegionConcurrency)
	}
	for _, r := range p.RegionOrder {
		if !slices.Contains(regions, r) {
			add("preferences", "region order names %s, which is not one of the regions", r)
		}
	}
}

// operationPreferences are p for an operation in regions; nil leaves
// CloudFormation's defaults.
func (p Preferences) operationPreferences(regions []string) *types.StackSetOperationPreferences {
	if p.zero() {
		return nil
	}
	out := &types.StackSetOperationPreferences{RegionConcurrencyType: types.RegionConcurrencyType(p.RegionConcurrency)}
	set := func(n int) *int32 {
		if n == 0 {
			return nil
		}
		return aws.Int32(int32(n))
	}
	out.MaxConcurrentCount, out.MaxConcurrentPercentage = set(p.MaxConcurrentCount), set(p.MaxConcurrentPercentage)
	out.FailureToleranceCount, out.FailureTolerancePercentage = set(p.FailureToleranceCount), set(p.FailureTolerancePercentage)
	for _, r := range p.RegionOrder {
		if slices.Contains(regions, r) {
			out.RegionOrder = append(out.RegionOrder, r)
		}
	}
	return out
}

func (p Preferences) zero() bool {
	return p.MaxConcurrentCount == 0 && p.MaxConcurrentPercentage == 0 && p.FailureToleranceCount == 0 &&
		p.FailureTolerancePercentage == 0 && len(p.RegionOrder) == 0 && p.RegionConcurrency == ""
}
