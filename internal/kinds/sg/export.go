package sg

import (
	"fmt"

	"github.com/landform/landform/internal/kinds"
)

// ExportSets are what export --what accepts besides all.
func (s *spec) ExportSets() []string { return []string{"operator-policy", "rules"} }

// Export renders one export set.
func (s *spec) Export(set string, _ []kinds.Built) ([]kinds.File, error) {
	switch set {
	case "operator-policy":
		return kinds.OperatorPolicyFile(s.Stem(), s.OperatorPolicy())
	case "rules":
		data, err := s.reviewJSON()
		if err != nil {
			return nil, err
		}
		return []kinds.File{{Dir: "security-groups", Name: s.Stem() + "-rules.json", Data: data}}, nil
	}
	return nil, fmt.Errorf("sg has no export set %q", set)
}
