package sg

import (
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
)

var _ kinds.WiringSource = (*spec)(nil)

// WiringField is the field behind a parameter the stack reads (the VPC id)
// or writes (a tier's group id, named from the stem: workload tells two
// sets of one environment apart).
func (s *spec) WiringField(name string) (string, finding.Pos, bool) {
	at := func(path string) (string, finding.Pos, bool) { return path, s.doc.Pos(path), true }
	switch {
	case s.cfg.VPC.Source != "direct" && name == s.vpcParameterPath():
		if s.cfg.VPC.ParameterPath != "" {
			return at("vpc.vpc_parameter_store_path")
		}
		return at("vpc.vpc_source")
	case strings.HasPrefix(name, "/sg/"+s.Stem()+"/"):
		if s.cfg.Workload != "" {
			return at("workload")
		}
		return at("scenario")
	}
	return "", finding.Pos{}, false
}
