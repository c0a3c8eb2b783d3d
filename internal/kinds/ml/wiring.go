package ml

import (
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
)

var _ kinds.WiringSource = (*spec)(nil)

// WiringField is the field behind a parameter the stack reads (enterprise
// tier, ids from SSM) or writes (/ml/{stem}/…, named from the product).
func (s *spec) WiringField(name string) (string, finding.Pos, bool) {
	at := func(path string) (string, finding.Pos, bool) { return path, s.doc.Pos(path), true }
	if v := s.cfg.VPC; v != nil {
		for _, f := range []struct{ field, value string }{
			{"vpc_parameter_store_path", v.VPCParameterPath},
			{"subnet_parameter_store_path", v.SubnetParameterPath},
			{"sg_parameter_store_path", v.SGParameterPath},
			{"route_table_parameter_store_path", v.RouteTableParamPath},
		} {
			if f.value != "" && f.value == name {
				return at("vpc_integration." + f.field)
			}
		}
	}
	if d := s.cfg.DataLake; d != nil && d.BucketParameter == name {
		return at("data_lake.bucket_parameter")
	}
	if strings.HasPrefix(name, s.parameterName("")) {
		if s.cfg.Product.NameOverride != "" {
			return at("ml_product.product_name_override")
		}
		return at("ml_product.use_case")
	}
	return "", finding.Pos{}, false
}
