package ml

import (
	"fmt"

	"github.com/landform/landform/internal/kinds"
)

// ExportSets are what export --what accepts besides all.
func (s *spec) ExportSets() []string { return []string{"operator-policy", "product"} }

// Export renders one export set: the operator policy
// (policies/{stem}-iam-policy.json, the seed's create-policy), or the
// product's resources and SSM parameters as JSON.
func (s *spec) Export(set string, built []kinds.Built) ([]kinds.File, error) {
	switch set {
	case "operator-policy":
		return kinds.OperatorPolicyFile(s.Stem(), s.OperatorPolicy())
	case "product":
		if len(built) != 1 {
			return nil, fmt.Errorf("the product export needs the built template")
		}
		data, err := s.reviewJSON(built[0])
		if err != nil {
			return nil, err
		}
		return []kinds.File{{Dir: "reports", Name: s.Stem() + "-product.json", Data: data}}, nil
	}
	return nil, fmt.Errorf("ml has no export set %q (use operator-policy or product)", set)
}
