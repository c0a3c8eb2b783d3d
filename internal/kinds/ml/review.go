package ml

import (
	"encoding/json"
	"fmt"

	"github.com/goccy/go-yaml"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/ml/mlrule"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/version"
)

// reviewDoc is what the product creates, as the review YAML and the
// product export show it.
type reviewDoc struct {
	Generator     string            `json:"generator" yaml:"generator"`
	Stem          string            `json:"stem" yaml:"stem"`
	Stack         string            `json:"stack" yaml:"stack"`
	Tier          string            `json:"tier" yaml:"tier"`
	SourceControl string            `json:"source_control" yaml:"source_control"`
	VPCMode       string            `json:"vpc_mode,omitempty" yaml:"vpc_mode,omitempty"`
	Network       string            `json:"network,omitempty" yaml:"network,omitempty"`
	Workload      string            `json:"workload,omitempty" yaml:"workload,omitempty"`
	Resources     int               `json:"resources" yaml:"resources"`
	SSMCount      int               `json:"ssm_parameter_count" yaml:"ssm_parameter_count"`
	Tiers         []reviewTier      `json:"tiers" yaml:"tiers"`
	SSMParameters []reviewParameter `json:"ssm_parameters" yaml:"ssm_parameters"`
	Findings      []reviewFinding   `json:"findings" yaml:"findings"`
}

type reviewTier struct {
	Tier      string           `json:"tier" yaml:"tier"`
	Resources []reviewResource `json:"resources" yaml:"resources"`
}

type reviewResource struct {
	LogicalID string `json:"logical_id" yaml:"logical_id"`
	Type      string `json:"type" yaml:"type"`
	Name      string `json:"name" yaml:"name"`
	Purpose   string `json:"purpose" yaml:"purpose"`
}

type reviewParameter struct {
	Name    string `json:"name" yaml:"name"`
	Purpose string `json:"purpose" yaml:"purpose"`
}

type reviewFinding struct {
	Rule     string `json:"rule" yaml:"rule"`
	Severity string `json:"severity" yaml:"severity"`
	Where    string `json:"where" yaml:"where"`
	Message  string `json:"message" yaml:"message"`
}

func (s *spec) review(b kinds.Built) reviewDoc {
	t := b.Template
	_, total, ssm := s.product.Counts(s.sc)
	d := reviewDoc{Generator: "landform " + version.Version, Stem: s.Stem(), Stack: s.StackName(), Tier: s.tier(),
		SourceControl: s.sc.SourceControl, VPCMode: s.sc.VPCMode, Network: s.networkText(), Workload: s.cfg.Product.Workload,
		Resources: total, SSMCount: ssm, SSMParameters: []reviewParameter{}, Findings: []reviewFinding{}}
	for _, tier := range Tiers {
		rt := reviewTier{Tier: tier}
		for _, r := range s.product.ResourcesFor(s.sc) {
			if s.introducedBy[r.ID] != tier {
				continue
			}
			rt.Resources = append(rt.Resources, reviewResource{LogicalID: r.ID, Type: r.Type, Name: physicalName(t, r.ID), Purpose: r.Purpose})
		}
		if len(rt.Resources) > 0 {
			d.Tiers = append(d.Tiers, rt)
		}
		if tier == s.tier() {
			break
		}
	}
	for _, p := range s.product.ParametersFor(s.sc) {
		d.SSMParameters = append(d.SSMParameters, reviewParameter{Name: s.parameterName(p.Name), Purpose: p.Purpose})
	}
	o, _ := mlrule.FromMetadata(b.Tree)
	for _, f := range mlrule.Check(b.Tree, o) {
		d.Findings = append(d.Findings, reviewFinding{Rule: f.Rule, Severity: f.Severity.String(), Where: f.Path, Message: f.Message})
	}
	return d
}

// physicalName is the name a resource will have, or how it is named.
func physicalName(t *cfn.Template, id string) string {
	r := t.Resource(id)
	if r == nil {
		return ""
	}
	if np, ok := cfn.NameProperties[r.Type]; ok {
		if v, ok := r.Properties.Get(np.Prop); ok {
			if s, ok := v.(string); ok {
				return s
			}
		}
	}
	switch r.Type {
	case "AWS::EC2::VPCEndpoint":
		v, _ := r.Properties.Get("VpcEndpointType")
		return fmt.Sprintf("(%v endpoint, id assigned by AWS)", v)
	case "AWS::SNS::Subscription":
		v, _ := r.Properties.Get("Endpoint")
		return fmt.Sprintf("(e-mail to %v)", v)
	}
	return "(name assigned by AWS)"
}

func (s *spec) networkText() string {
	v := s.cfg.VPC
	if v == nil || !s.enterprise() {
		return ""
	}
	if v.Source == "direct" {
		return "VPC " + v.VPCID + " (given directly)"
	}
	return "VPC from SSM " + v.VPCParameterPath
}

func (s *spec) reviewJSON(built kinds.Built) ([]byte, error) {
	b, err := json.MarshalIndent(s.review(built), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Review is the pre-deployment review: templates/{stem}-review.yaml and
// reports/{stem}-review.html with the resources by tier, their names, the
// SSM parameters, the VPC mode and the product validator's findings.
func (s *spec) Review(b kinds.Built) (kinds.ReviewPage, error) {
	d := s.review(b)
	y, err := yaml.MarshalWithOptions(d, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return kinds.ReviewPage{}, err
	}
	mode := "none (VPC integration is enterprise only)"
	if d.VPCMode != "" {
		mode = d.VPCMode + ", " + d.Network
	}
	page := report.Review{
		Title:    "ML product review: " + d.Stem,
		Subtitle: fmt.Sprintf("Tier %s, source control %s: %d CloudFormation resources, %d SSM parameters.", d.Tier, d.SourceControl, d.Resources, d.SSMCount),
		Legend:   "a validator finding of severity error or warning",
		Facts: [][2]string{{"Stack", d.Stack}, {"Tier", d.Tier + ": " + s.product.Description}, {"Source control", d.SourceControl},
			{"VPC mode", mode}, {"Account / region", s.cfg.Client.AccountID + " / " + s.cfg.Environment.Region}, {"Generator", d.Generator}},
	}
	if d.Workload != "" {
		page.Facts = append(page.Facts, [2]string{"Workload", d.Workload})
	}
	for _, t := range d.Tiers {
		sec := report.ReviewSection{Name: "Added by tier " + t.Tier}
		tbl := report.ReviewTable{Caption: "Resources", Columns: []string{"Logical id", "Type", "Name", "Purpose"}}
		for _, r := range t.Resources {
			tbl.Rows = append(tbl.Rows, report.ReviewRow{Cells: []string{r.LogicalID, r.Type, r.Name, r.Purpose}})
		}
		sec.Tables = append(sec.Tables, tbl)
		page.Sections = append(page.Sections, sec)
	}
	ssm := report.ReviewTable{Caption: "SSM parameters", Columns: []string{"Name", "Holds"}}
	for _, p := range d.SSMParameters {
		ssm.Rows = append(ssm.Rows, report.ReviewRow{Cells: []string{p.Name, p.Purpose}})
	}
	val := report.ReviewTable{Caption: "Product validator", Columns: []string{"Rule", "Severity", "Where", "Message"},
		Empty: "No findings: every blocking and warning rule passes."}
	for _, f := range d.Findings {
		val.Rows = append(val.Rows, report.ReviewRow{Cells: []string{f.Rule, f.Severity, f.Where, f.Message}, Highlight: f.Severity != finding.Note.String()})
	}
	page.Sections = append(page.Sections, report.ReviewSection{Name: "Outputs and checks", Tables: []report.ReviewTable{ssm, val}})
	return kinds.ReviewPage{Files: []kinds.File{{Dir: "templates", Name: s.Stem() + "-review.yaml", Data: y}}, Page: page}, nil
}
