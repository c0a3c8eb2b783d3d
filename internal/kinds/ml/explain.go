package ml

import (
	"strings"

	"github.com/landform/landform/internal/kinds"
)

var _ kinds.Explainer = (*spec)(nil)

// Explain traces a statement of the ml template back to the config. The
// roles and their statements come from the product tier (the product's
// own resources, named from the use case); a few statements follow one
// more choice: the source control (ReadSource), the data lake
// (DataLake…), the enterprise key (ProductKey). The Sid names the group of
// statements (internal/kinds/ml/policies.go).
func (s *spec) Explain(_ string, template map[string]any, holder, logicalID, policy, sid string) []kinds.Step {
	step := func(what, path string) kinds.Step { return kinds.Step{What: what, Path: path, Pos: s.doc.Pos(path)} }
	who := holder
	if resources, _ := template["Resources"].(map[string]any); resources != nil {
		if res, _ := resources[holder].(map[string]any); res != nil {
			props, _ := res["Properties"].(map[string]any)
			if n, ok := props["RoleName"].(string); ok {
				who = n
			}
		}
	}
	tier := s.cfg.Product.Tier
	steps := []kinds.Step{step("the "+tier+" tier makes role "+who+" with this policy", "ml_product.tier")}
	if policy == "AssumeRolePolicyDocument" {
		return steps
	}
	base := strings.TrimPrefix(sid, "Deploy")
	switch {
	case base == "ReadSource":
		steps = append(steps, step("the source control ("+s.cfg.Product.SourceControl+") the pipeline reads", "ml_product.source_control"))
	case strings.HasPrefix(base, "DataLake"):
		steps = append(steps, step("the data lake's bucket and prefix", "data_lake"))
	case base == "ProductKey":
		steps = append(steps, step("the enterprise tier's product key", "ml_product.tier"))
	}
	return append(steps, step("the product's resources, named from the use case", "ml_product.use_case"))
}
