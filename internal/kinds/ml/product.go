package ml

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/kinds"
)

// Tiers are the product tiers, smallest first.
var Tiers = []string{"starter", "professional", "enterprise"}

const productDir = "products"

// ProductFile is one tier's data: the resources and SSM parameters it
// creates, each possibly limited to one source control or VPC mode.
type ProductFile struct {
	Tier          string         `json:"tier"`
	Description   string         `json:"description"`
	Resources     []ResourceDef  `json:"resources"`
	SSMParameters []ParameterDef `json:"ssm_parameters"`
	File          string         `json:"-"`
}

// ResourceDef is one resource of a tier.
type ResourceDef struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	SourceControl string `json:"source_control,omitempty"` // "" for every source control
	VPCMode       string `json:"vpc_mode,omitempty"`       // "" for every VPC mode
	Purpose       string `json:"purpose"`
}

// ParameterDef is one SSM parameter a tier publishes under /ml/{name}/.
type ParameterDef struct {
	Name          string `json:"name"`
	From          string `json:"from"` // LogicalId (Ref) or LogicalId.Attribute (GetAtt)
	SourceControl string `json:"source_control,omitempty"`
	VPCMode       string `json:"vpc_mode,omitempty"`
	Purpose       string `json:"purpose"`
}

// Scenario is one combination a tier is built for.
type Scenario struct {
	SourceControl string // codecommit or s3
	VPCMode       string // standalone, sg-provisioner, or "" below enterprise
}

func (s Scenario) String() string {
	if s.VPCMode == "" {
		return s.SourceControl
	}
	return s.SourceControl + "+" + s.VPCMode
}

func applies(sc, vm string, s Scenario) bool {
	return (sc == "" || sc == s.SourceControl) && (vm == "" || vm == s.VPCMode)
}

// Resources lists the tier's resources in scenario s.
func (p *ProductFile) ResourcesFor(s Scenario) []ResourceDef {
	var out []ResourceDef
	for _, r := range p.Resources {
		if applies(r.SourceControl, r.VPCMode, s) {
			out = append(out, r)
		}
	}
	return out
}

// ParametersFor lists the tier's SSM parameters in scenario s.
func (p *ProductFile) ParametersFor(s Scenario) []ParameterDef {
	var out []ParameterDef
	for _, r := range p.SSMParameters {
		if applies(r.SourceControl, r.VPCMode, s) {
			out = append(out, r)
		}
	}
	return out
}

// Scenarios lists the combinations the tier is built for.
func (p *ProductFile) Scenarios() []Scenario {
	var out []Scenario
	for _, sc := range []string{"codecommit", "s3"} {
		if p.Tier != "enterprise" {
			out = append(out, Scenario{SourceControl: sc})
			continue
		}
		for _, vm := range []string{"standalone", "sg-provisioner"} {
			out = append(out, Scenario{SourceControl: sc, VPCMode: vm})
		}
	}
	return out
}

// Counts is what a scenario creates: CloudFormation resources (SSM
// parameters included) by type, and the SSM parameters.
func (p *ProductFile) Counts(s Scenario) (resources map[string]int, total, ssm int) {
	resources = map[string]int{}
	for _, r := range p.ResourcesFor(s) {
		resources[r.Type]++
	}
	ssm = len(p.ParametersFor(s))
	if ssm > 0 {
		resources["AWS::SSM::Parameter"] += ssm
	}
	for _, n := range resources {
		total += n
	}
	return resources, total, ssm
}

// LoadProduct reads products/{tier}.yaml.
func LoadProduct(assets fs.FS, tier string) (*ProductFile, error) {
	file := productDir + "/" + tier + ".yaml"
	raw, err := fs.ReadFile(assets, file)
	if err != nil {
		return nil, fmt.Errorf("reading product %s: %w", file, err)
	}
	doc, found := config.Load(file, raw)
	if doc == nil || found.HasErrors() {
		return nil, fmt.Errorf("product %s: %v", file, found)
	}
	var p ProductFile
	if err := config.Decode(doc, &p); err != nil {
		return nil, fmt.Errorf("product %s: %w", file, err)
	}
	p.File = file
	if p.Tier != tier {
		return nil, fmt.Errorf("product %s: tier is %q, want %q (the file name)", file, p.Tier, tier)
	}
	seen := map[string]bool{}
	for _, r := range p.Resources {
		if seen[r.ID] {
			return nil, fmt.Errorf("product %s: resource %s is listed twice", file, r.ID)
		}
		seen[r.ID] = true
		if _, ok := builders[r.ID]; !ok {
			return nil, fmt.Errorf("product %s: landform cannot build resource %s; known: %s", file, r.ID, strings.Join(builderIDs(), ", "))
		}
	}
	for _, sp := range p.SSMParameters {
		id, _, _ := strings.Cut(sp.From, ".")
		if !seen[id] {
			return nil, fmt.Errorf("product %s: SSM parameter %s reads %s, which the tier does not create", file, sp.Name, id)
		}
	}
	return &p, nil
}

// LoadProducts reads every tier's product file.
func LoadProducts(assets fs.FS) ([]*ProductFile, error) {
	var out []*ProductFile
	for _, t := range Tiers {
		p, err := LoadProduct(assets, t)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func builderIDs() []string {
	var ids []string
	for id := range builders {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// productOf is LoadProduct, read once per Env: every ml config of a
// command shares its tier's product file, which no spec changes.
func productOf(env *kinds.Env, tier string) (*ProductFile, error) {
	return kinds.Memo(env, "ml/product/"+tier, func() (*ProductFile, error) { return LoadProduct(env.Assets, tier) })
}
