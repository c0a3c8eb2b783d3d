package ml

// ProductView is one tier as `list products` and `describe product` show
// it: per scenario, the resources and SSM parameters it creates.
type ProductView struct {
	Tier        string         `json:"tier"`
	Description string         `json:"description"`
	File        string         `json:"file"`
	Scenarios   []ScenarioView `json:"scenarios"`
}

// ScenarioView is one source control (and VPC mode) of a tier.
type ScenarioView struct {
	SourceControl string         `json:"source_control"`
	VPCMode       string         `json:"vpc_mode,omitempty"`
	Resources     int            `json:"resources"`
	SSMParameters int            `json:"ssm_parameters"`
	ByType        map[string]int `json:"by_type"`
	ResourceList  []ResourceDef  `json:"resource_list"`
	Parameters    []string       `json:"parameters"`
}

// Describe returns the tier's scenarios with what each creates.
func (p *ProductFile) Describe() ProductView {
	v := ProductView{Tier: p.Tier, Description: p.Description, File: p.File}
	for _, sc := range p.Scenarios() {
		by, total, ssm := p.Counts(sc)
		sv := ScenarioView{SourceControl: sc.SourceControl, VPCMode: sc.VPCMode, Resources: total, SSMParameters: ssm, ByType: by,
			ResourceList: p.ResourcesFor(sc), Parameters: []string{}}
		for _, prm := range p.ParametersFor(sc) {
			sv.Parameters = append(sv.Parameters, "/ml/{product-name}/"+prm.Name)
		}
		v.Scenarios = append(v.Scenarios, sv)
	}
	return v
}
