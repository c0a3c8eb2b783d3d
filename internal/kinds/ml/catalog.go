package ml

import (
	"fmt"
	"slices"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
)

var _ kinds.Catalog = Kind{}

// Noun: ml's catalog is its product tiers.
func (Kind) Noun() string { return "product" }

// List shows the product tiers and, per source control and VPC mode, how
// many resources and SSM parameters each creates.
func (Kind) List(env *kinds.Env) (kinds.View, finding.List, error) {
	ps, err := LoadProducts(env.Assets)
	if err != nil {
		return kinds.View{}, nil, err
	}
	var out []ProductView
	sec := kinds.Section{Header: []string{"TIER", "SOURCE CONTROL", "VPC MODE", "RESOURCES", "SSM PARAMETERS"}}
	for _, p := range ps {
		v := p.Describe()
		out = append(out, v)
		for _, sc := range v.Scenarios {
			mode := sc.VPCMode
			if mode == "" {
				mode = "-"
			}
			sec.Rows = append(sec.Rows, []string{v.Tier, sc.SourceControl, mode, fmt.Sprint(sc.Resources), fmt.Sprint(sc.SSMParameters)})
		}
	}
	return kinds.View{JSON: out, Sections: []kinds.Section{sec}}, nil, nil
}

// Describe shows one tier: per source control and VPC mode, the resources
// and SSM parameters it creates.
func (Kind) Describe(env *kinds.Env, tier string) (kinds.View, error) {
	if !slices.Contains(Tiers, tier) {
		return kinds.View{}, kinds.NotFound("product tier", tier, Tiers, "use starter, professional or enterprise")
	}
	p, err := LoadProduct(env.Assets, tier)
	if err != nil {
		return kinds.View{}, err
	}
	pv := p.Describe()
	v := kinds.View{JSON: pv, Head: []string{pv.Tier + ": " + pv.Description, "file: " + pv.File}}
	for _, sc := range pv.Scenarios {
		mode := ""
		if sc.VPCMode != "" {
			mode = ", " + sc.VPCMode
		}
		sec := kinds.Section{Title: fmt.Sprintf("%s%s: %d resources, %d SSM parameters", sc.SourceControl, mode, sc.Resources, sc.SSMParameters), Indent: true}
		for _, r := range sc.ResourceList {
			sec.Rows = append(sec.Rows, []string{r.ID, r.Type, r.Purpose})
		}
		for _, prm := range sc.Parameters {
			sec.Notes = append(sec.Notes, "SSM "+prm)
		}
		v.Sections = append(v.Sections, sec)
	}
	return v, nil
}
