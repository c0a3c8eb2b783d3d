package stack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// StackSet is one template deployed by CloudFormation StackSets to every
// target account (or organizational unit) in every region. The Clients that
// deploy it are the administrator account's, in the region that holds the set.
type StackSet struct {
	Name string
	Body []byte // sent as TemplateBody, so at most cfn.MaxTemplateBody bytes
	Tags map[string]string
	// PermissionModel is "SELF_MANAGED" (also "") or "SERVICE_MANAGED".
	PermissionModel string
	// AdministrationRoleARN is the role StackSets uses in the administrator
	// account (self-managed); "" is its AWSCloudFormationStackSetAdministrationRole.
	AdministrationRoleARN string
	// ExecutionRoleName is the role assumed in each target account
	// (self-managed); "" is AWSCloudFormationStackSetExecutionRole.
	ExecutionRoleName string
	// AutoDeployment deploys to accounts that join a target OU later
	// (service-managed only).
	AutoDeployment      bool
	Accounts            []string // self-managed targets
	OrganizationalUnits []string // service-managed targets
	Regions             []string
	Preferences         Preferences
}

// Preferences are the OperationPreferences of every operation on the set.
// Zero values leave CloudFormation's defaults: one target at a time, no
// failure tolerated, regions one after the other.
type Preferences struct {
	MaxConcurrentCount, MaxConcurrentPercentage       int
	FailureToleranceCount, FailureTolerancePercentage int
	RegionOrder                                       []string
	RegionConcurrency                                 string // "SEQUENTIAL" (also "") or "PARALLEL"
}

// Instance is one stack of a stack set: an account (or, not yet created,
// an organizational unit) in a region.
type Instance struct {
	Account            string `json:"account,omitempty"`
	OrganizationalUnit string `json:"organizational_unit,omitempty"`
	Region             string `json:"region"`
	Status             string `json:"status,omitempty"`          // CURRENT, OUTDATED, INOPERABLE; "" before it exists
	Detail             string `json:"detailed_status,omitempty"` // PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, ...
	StatusReason       string `json:"status_reason,omitempty"`
	DriftStatus        string `json:"drift_status,omitempty"`
}

// StackSetPlan is what deploying a stack set would do, instance by instance.
type StackSetPlan struct {
	Name            string `json:"name"`
	Exists          bool   `json:"exists"`
	TemplateChanged bool   `json:"template_changed"`
	// Changed names the other settings that differ from the deployed set:
	// "tags", "administration role", "execution role", "auto-deployment",
	// "permission model". Any change updates every instance.
	Changed []string   `json:"changed,omitempty"`
	Add     []Instance `json:"add"`    // targets without an instance
	Update  []Instance `json:"update"` // targets the set's change reaches, or whose last operation failed
	Remove  []Instance `json:"remove"` // instances outside the targets
	Keep    []Instance `json:"keep"`
	// Running is an operation CloudFormation is still carrying out on the
	// set; deploy follows it to the end first.
	Running string `json:"running_operation,omitempty"`

	serviceManaged bool
	adminRole      string
}

// StackSets is the part of the CloudFormation API stack sets need. The SDK's
// *cloudformation.Client has it; see Clients.stackSets.
type StackSets interface {
	CreateStackSet(context.Context, *cloudformation.CreateStackSetInput, ...func(*cloudformation.Options)) (*cloudformation.CreateStackSetOutput, error)
	UpdateStackSet(context.Context, *cloudformation.UpdateStackSetInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateStackSetOutput, error)
	DeleteStackSet(context.Context, *cloudformation.DeleteStackSetInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteStackSetOutput, error)
	DescribeStackSet(context.Context, *cloudformation.DescribeStackSetInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackSetOutput, error)
	CreateStackInstances(context.Context, *cloudformation.CreateStackInstancesInput, ...func(*cloudformation.Options)) (*cloudformation.CreateStackInstancesOutput, error)
	UpdateStackInstances(context.Context, *cloudformation.UpdateStackInstancesInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateStackInstancesOutput, error)
	DeleteStackInstances(context.Context, *cloudformation.DeleteStackInstancesInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteStackInstancesOutput, error)
	ListStackInstances(context.Context, *cloudformation.ListStackInstancesInput, ...func(*cloudformation.Options)) (*cloudformation.ListStackInstancesOutput, error)
	DescribeStackSetOperation(context.Context, *cloudformation.DescribeStackSetOperationInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackSetOperationOutput, error)
	ListStackSetOperations(context.Context, *cloudformation.ListStackSetOperationsInput, ...func(*cloudformation.Options)) (*cloudformation.ListStackSetOperationsOutput, error)
	ListStackSetOperationResults(context.Context, *cloudformation.ListStackSetOperationResultsInput, ...func(*cloudformation.Options)) (*cloudformation.ListStackSetOperationResultsOutput, error)
	DetectStackSetDrift(context.Context, *cloudformation.DetectStackSetDriftInput, ...func(*cloudformation.Options)) (*cloudformation.DetectStackSetDriftOutput, error)
}

// stackSets returns the stack set calls of c.CFN, which the SDK's client
// has. They could join the CloudFormation interface in clients.go, and
// this assertion would go.
func (c *Clients) stackSets() (StackSets, error) {
	api, ok := c.CFN.(StackSets)
	if !ok {
		return nil, fmt.Errorf("bug: the CloudFormation client %T has no stack set calls", c.CFN)
	}
	return api, nil
}

// PlanStackSet compares ss with the deployed set and its instances. It
// changes nothing.
func (c *Clients) PlanStackSet(ctx context.Context, ss StackSet, o Options) (*StackSetPlan, error) {
	if err := ss.validate(); err != nil {
		return nil, err
	}
	api, err := c.stackSets()
	if err != nil {
		return nil, err
	}
	return c.planStackSet(ctx, api, ss)
}

func (c *Clients) planStackSet(ctx context.Context, api StackSets, ss StackSet) (*StackSetPlan, error) {
	p := &StackSetPlan{Name: ss.Name, serviceManaged: ss.serviceManaged()}
	if !p.serviceManaged {
		role, err := c.adminRole(ctx, ss)
		if err != nil {
			return nil, err
		}
		p.adminRole = role
	}
	cur, err := describeStackSet(ctx, api, ss.Name)
	if err != nil {
		return nil, err
	}
	var have []Instance
	if cur != nil {
		p.Exists = true
		if have, err = listInstances(ctx, api, ss.Name); err != nil {
			return nil, err
		}
		p.TemplateChanged = !sameTemplate([]byte(aws.ToString(cur.TemplateBody)), ss.Body)
		if p.Changed, err = changedSettings(ss, p, cur, len(have)); err != nil {
			return nil, err
		}
		if p.Running, err = runningOperation(ctx, api, ss.Name); err != nil {
			return nil, err
		}
	}
	want := map[string]Instance{}
	for _, t := range ss.targets() {
		for _, r := range ss.Regions {
			in := Instance{Region: r}
			if p.serviceManaged {
				in.OrganizationalUnit = t
			} else {
				in.Account = t
			}
			want[in.key()] = in
		}
	}
	found := map[string]bool{}
	setChanged := p.TemplateChanged || len(p.Changed) > 0
	for _, in := range have {
		_, target := want[in.key()]
		switch {
		case !target:
			p.Remove = append(p.Remove, in)
		case setChanged || in.Status != string(types.StackInstanceStatusCurrent):
			p.Update = append(p.Update, in)
		default:
			p.Keep = append(p.Keep, in)
		}
		found[in.key()] = true
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if !found[k] {
			p.Add = append(p.Add, want[k])
		}
	}
	return p, nil
}

// key is the target an instance belongs to: its account, or for a
// service-managed set its organizational unit, and its region.
func (in Instance) key() string {
	if in.OrganizationalUnit != "" {
		return in.OrganizationalUnit + " " + in.Region
	}
	return in.Account + " " + in.Region
}

// who is the account, or the OU of an instance not created yet.
func (in Instance) who() string {
	if in.Account != "" {
		return in.Account
	}
	return in.OrganizationalUnit
}

func (ss StackSet) serviceManaged() bool {
	return ss.PermissionModel == string(types.PermissionModelsServiceManaged)
}

func (ss StackSet) targets() []string {
	if ss.serviceManaged() {
		return ss.OrganizationalUnits
	}
	return ss.Accounts
}

// changedSettings names what besides the template differs from cur.
func changedSettings(ss StackSet, p *StackSetPlan, cur *types.StackSet, instances int) ([]string, error) {
	var changed []string
	want := types.PermissionModelsSelfManaged
	if p.serviceManaged {
		want = types.PermissionModelsServiceManaged
	}
	if cur.PermissionModel != "" && cur.PermissionModel != want {
		if instances > 0 {
			return nil, fmt.Errorf("stack set %s is %s and the config asks for %s: CloudFormation changes the permission model only of a set without instances; "+
				"destroy the stack set and deploy it again", ss.Name, cur.PermissionModel, want)
		}
		changed = append(changed, "permission model")
	}
	if !maps.Equal(tagMap(cur.Tags), ss.Tags) && (len(cur.Tags) > 0 || len(ss.Tags) > 0) {
		changed = append(changed, "tags")
	}
	if p.serviceManaged {
		if enabled := cur.AutoDeployment != nil && aws.ToBool(cur.AutoDeployment.Enabled); enabled != ss.AutoDeployment {
			changed = append(changed, "auto-deployment")
		}
		return changed, nil
	}
	if aws.ToString(cur.AdministrationRoleARN) != p.adminRole {
		changed = append(changed, "administration role")
	}
	if aws.ToString(cur.ExecutionRoleName) != ss.executionRole() {
		changed = append(changed, "execution role")
	}
	return changed, nil
}

func tagMap(tags []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// sameTemplate compares the deployed body with the new one as documents, so
// a re-encoded but equal template is no change.
func sameTemplate(deployed, body []byte) bool {
	if bytes.Equal(deployed, body) {
		return true
	}
	a, errA := parseTemplate("deployed stack set template", deployed)
	b, errB := parseTemplate("stack set template", body)
	return errA == nil && errB == nil && reflect.DeepEqual(a, b)
}

// adminRole is the administration role ARN the set is deployed with.
func (c *Clients) adminRole(ctx context.Context, ss StackSet) (string, error) {
	if ss.AdministrationRoleARN != "" {
		return ss.AdministrationRoleARN, nil
	}
	id, err := c.WhoAmI(ctx, "")
	if err != nil {
		return "", err
	}
	partition := "aws"
	if parts := strings.SplitN(id.ARN, ":", 3); len(parts) == 3 && parts[1] != "" {
		partition = parts[1]
	}
	return fmt.Sprintf("arn:%s:iam::%s:role/AWSCloudFormationStackSetAdministrationRole", partition, id.Account), nil
}

func (ss StackSet) executionRole() string {
	if ss.ExecutionRoleName == "" {
		return "AWSCloudFormationStackSetExecutionRole"
	}
	return ss.ExecutionRoleName
}

// describeStackSet returns the set, or nil when there is none.
func describeStackSet(ctx context.Context, api StackSets, name string) (*types.StackSet, error) {
	out, err := api.DescribeStackSet(ctx, &cloudformation.DescribeStackSetInput{StackSetName: aws.String(name)})
	var missing *types.StackSetNotFoundException
	if errors.As(err, &missing) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describing stack set %s: %w", name, err)
	}
	if out.StackSet == nil || out.StackSet.Status == types.StackSetStatusDeleted {
		return nil, nil
	}
	return out.StackSet, nil
}

// listInstances reads every instance of the set, sorted by account or OU
// and region.
func listInstances(ctx context.Context, api StackSets, name string) ([]Instance, error) {
	var out []Instance
	p := cloudformation.NewListStackInstancesPaginator(api, &cloudformation.ListStackInstancesInput{StackSetName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the instances of stack set %s: %w", name, err)
		}
		for _, s := range page.Summaries {
			in := Instance{Account: aws.ToString(s.Account), OrganizationalUnit: aws.ToString(s.OrganizationalUnitId), Region: aws.ToString(s.Region),
				Status: string(s.Status), StatusReason: aws.ToString(s.StatusReason), DriftStatus: string(s.DriftStatus)}
			if s.StackInstanceStatus != nil {
				in.Detail = string(s.StackInstanceStatus.DetailedStatus)
			}
			out = append(out, in)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account+" "+out[i].Region < out[j].Account+" "+out[j].Region })
	return out, nil
}
