package sg

import (
	"encoding/json"
	"fmt"

	"github.com/goccy/go-yaml"

	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/version"
)

// reviewDoc is the effective rule set, as the review YAML and the rules
// export show it.
type reviewDoc struct {
	Generator string       `json:"generator" yaml:"generator"`
	Stem      string       `json:"stem" yaml:"stem"`
	Stack     string       `json:"stack" yaml:"stack"`
	Scenario  string       `json:"scenario" yaml:"scenario"`
	Workload  string       `json:"workload,omitempty" yaml:"workload,omitempty"`
	VPC       string       `json:"vpc" yaml:"vpc"`
	Overrides int          `json:"overrides" yaml:"overrides"`
	Tiers     []reviewTier `json:"tiers" yaml:"tiers"`
}

type reviewTier struct {
	Name          string       `json:"name" yaml:"name"`
	Description   string       `json:"description" yaml:"description"`
	SecurityGroup string       `json:"security_group" yaml:"security_group"`
	SSMParameter  string       `json:"ssm_parameter" yaml:"ssm_parameter"`
	Ingress       []reviewRule `json:"ingress" yaml:"ingress"`
	Egress        []reviewRule `json:"egress" yaml:"egress"`
}

type reviewRule struct {
	Name        string `json:"name" yaml:"name"`
	Description string `json:"description" yaml:"description"`
	Protocol    string `json:"protocol" yaml:"protocol"`
	Ports       string `json:"ports" yaml:"ports"`
	Peer        string `json:"peer" yaml:"peer"`
	Origin      Origin `json:"origin" yaml:"origin"`
	Overridden  bool   `json:"overridden" yaml:"overridden"`
	Was         string `json:"was,omitempty" yaml:"was,omitempty"`
	DerivedFrom string `json:"derived_from,omitempty" yaml:"derived_from,omitempty"`
}

func (s *spec) review() reviewDoc {
	d := reviewDoc{Generator: "landform " + version.Version, Stem: s.Stem(), Stack: s.StackName(), Scenario: s.scenario.Name,
		Workload: s.cfg.Workload, VPC: s.vpcText()}
	for _, t := range s.model.tiers {
		rt := reviewTier{Name: t.Name, Description: t.Description, SecurityGroup: s.groupName(t), SSMParameter: s.parameterName(t),
			Ingress: []reviewRule{}, Egress: []reviewRule{}}
		for _, r := range t.rules() {
			rr := reviewRule{Name: r.Name, Description: r.Description, Protocol: r.Protocol, Ports: r.portText(), Peer: r.peer(),
				Origin: r.Origin, Overridden: r.Origin != FromScenario, Was: r.WasPorts}
			if r.Derived {
				rr.DerivedFrom = fmt.Sprintf("the %s tier's %s rule", r.Tier, direction(&rule{Ingress: !r.Ingress}))
			}
			if rr.Overridden && !r.Derived {
				d.Overrides++
			}
			if r.Ingress {
				rt.Ingress = append(rt.Ingress, rr)
			} else {
				rt.Egress = append(rt.Egress, rr)
			}
		}
		d.Tiers = append(d.Tiers, rt)
	}
	return d
}

func (s *spec) vpcText() string {
	if s.cfg.VPC.Source == "direct" {
		return s.cfg.VPC.ID
	}
	return "from SSM " + s.vpcParameterPath()
}

func (s *spec) reviewJSON() ([]byte, error) {
	b, err := json.MarshalIndent(s.review(), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Review is the pre-deployment review: templates/{stem}-review.yaml with the
// effective rules per tier and every override marked, and
// reports/{stem}-review.html, where overridden and added rules stand out.
func (s *spec) Review(kinds.Built) (kinds.ReviewPage, error) {
	d := s.review()
	y, err := yaml.MarshalWithOptions(d, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return kinds.ReviewPage{}, err
	}
	page := report.Review{
		Title:    "Security group review: " + d.Stem,
		Subtitle: fmt.Sprintf("Scenario %s, %d overridden or added rules.", d.Scenario, d.Overrides),
		Legend:   "overridden or added, differs from the scenario",
		Facts: [][2]string{{"Stack", d.Stack}, {"Scenario", d.Scenario + ": " + s.scenario.Description}, {"VPC", d.VPC},
			{"Account / region", s.cfg.Client.AccountID + " / " + s.cfg.Environment.Region}, {"Generator", d.Generator}},
	}
	if d.Workload != "" {
		page.Facts = append(page.Facts, [2]string{"Workload", d.Workload})
	}
	for _, t := range d.Tiers {
		sec := report.ReviewSection{Name: "Tier " + t.Name, Description: t.Description,
			Facts: [][2]string{{"Security group", t.SecurityGroup}, {"SSM parameter", t.SSMParameter}}}
		for _, part := range []struct {
			name  string
			rules []reviewRule
		}{{"Ingress", t.Ingress}, {"Egress", t.Egress}} {
			tbl := report.ReviewTable{Caption: part.name, Columns: []string{"Rule", "Protocol", "Ports", "Peer", "Description", "Origin"}}
			for _, r := range part.rules {
				origin := string(r.Origin)
				switch {
				case r.Origin == PortsChanged:
					origin = "override: ports were " + r.Was
				case r.Origin == Added:
					origin = "added by the config"
				}
				if r.DerivedFrom != "" {
					origin += " (the other half of " + r.DerivedFrom + ")"
				}
				tbl.Rows = append(tbl.Rows, report.ReviewRow{Cells: []string{r.Name, r.Protocol, r.Ports, r.Peer, r.Description, origin}, Highlight: r.Overridden})
			}
			if len(part.rules) == 0 {
				tbl.Empty = "None: this tier sends no traffic of its own."
				if part.name == "Ingress" {
					tbl.Empty = "None."
				}
			}
			sec.Tables = append(sec.Tables, tbl)
		}
		page.Sections = append(page.Sections, sec)
	}
	return kinds.ReviewPage{Files: []kinds.File{{Dir: "templates", Name: s.Stem() + "-review.yaml", Data: y}}, Page: page}, nil
}
