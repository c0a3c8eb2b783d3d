// Package toy is a fifth kind that exists only for tests: one package, its
// assets and one registry line (all.Kinds plus toy.Kind{}) give it every
// command. It makes one log group and publishes its name in SSM; its one
// config rule and one template rule show that rules travel with the kind.
package toy

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/yamltree"
)

//go:embed assets
var embedded embed.FS

// Kind is the toy kind.
type Kind struct{}

var _ kinds.Kind = Kind{}

// Name is the value of `kind:`.
func (Kind) Name() string { return "toy" }

// Section is the top-level key only toy configs have.
func (Kind) Section() string { return "toy" }

// Assets holds schemas/toy.json.
func (Kind) Assets() fs.FS { return kinds.Sub(embedded, "assets") }

// Variants: one schema.
func (Kind) Variants() []string { return nil }

// Rules are the kind's two rules.
func (k Kind) Rules() []finding.Rule {
	return append([]finding.Rule{{ID: "LF-TOY-001", Severity: finding.Warning, Summary: "a toy config without retention_days"}},
		k.TemplateRules().Rules...)
}

// TemplateRules judge toy templates: a log group kept under a week.
func (Kind) TemplateRules() check.RuleSet {
	return check.RuleSet{Owner: "toy",
		Rules: []finding.Rule{{ID: "LF-TOY-101", Severity: finding.Error, Summary: "a toy log group kept under 7 days"}},
		Check: func(t *yamltree.Tree) finding.List {
			var found finding.List
			if kind, _ := t.Root.Get("Metadata").Get("Landform").Get("Kind").String(); kind != "toy" {
				return nil
			}
			n := t.Root.Get("Resources").Get("Logs").Get("Properties").Get("RetentionInDays")
			if n == nil {
				return nil
			}
			if days, err := strconv.Atoi(n.Text); err == nil && days < 7 {
				p := "Resources.Logs.Properties.RetentionInDays"
				found.Errorf("LF-TOY-101", t.Pos(p), p, "keep toy logs a week or more", "toy logs kept %d days", days)
			}
			return found
		}}
}

// Schema returns the schema, for editors.
func (k Kind) Schema(assets fs.FS, variant string) ([]byte, error) {
	doc, err := kinds.ReadSchema(assets, "schemas/toy.json")
	if err != nil {
		return nil, err
	}
	return kinds.IndentSchema(doc)
}

// Config is a toy config.
type Config struct {
	Kind string `json:"kind"`
	Toy  struct {
		Name          string `json:"name"`
		AccountID     string `json:"account_id"`
		Region        string `json:"region"`
		RetentionDays int    `json:"retention_days"`
	} `json:"toy"`
}

// Load validates and decodes a toy config.
func (Kind) Load(doc *config.Document, env *kinds.Env) (kinds.Spec, finding.List, error) {
	var c Config
	found, ok, err := env.Decode(doc, "schemas/toy.json", &c)
	if err != nil || !ok {
		return nil, found, err
	}
	return &spec{doc: doc, cfg: c}, found, nil
}

type spec struct {
	doc *config.Document
	cfg Config
}

func (s *spec) Stem() string           { return s.cfg.Toy.Name + "-toy" }
func (s *spec) StackName() string      { return s.Stem() + "-stack" }
func (s *spec) TemplateBucket() string { return "" }
func (s *spec) Target() kinds.Target {
	return kinds.Target{Account: s.cfg.Toy.AccountID, Region: s.cfg.Toy.Region}
}

func (s *spec) Validate() finding.List {
	var found finding.List
	if s.cfg.Toy.RetentionDays == 0 {
		found.Warnf("LF-TOY-001", s.doc.KeyPos("toy"), "toy", "set toy.retention_days", "toy %s keeps its logs forever", s.cfg.Toy.Name)
	}
	return found
}

func (s *spec) Build() (*cfn.Template, error) {
	t := &cfn.Template{Description: "landform toy " + s.cfg.Toy.Name,
		Metadata: cfn.M("Landform", cfn.M("Kind", "toy"))}
	props := cfn.M("LogGroupName", "/toy/"+s.cfg.Toy.Name)
	if d := s.cfg.Toy.RetentionDays; d > 0 {
		props.Set("RetentionInDays", d)
	}
	if err := t.AddResource(cfn.Resource{LogicalID: "Logs", Type: "AWS::Logs::LogGroup", Properties: props}); err != nil {
		return nil, err
	}
	err := t.AddResource(cfn.Resource{LogicalID: "LogsName", Type: "AWS::SSM::Parameter", Properties: cfn.M(
		"Name", fmt.Sprintf("/toy/%s/LogGroupName", s.cfg.Toy.Name), "Type", "String", "Value", cfn.Ref("Logs"))})
	return t, err
}

func (s *spec) Inventory() map[string]int { return map[string]int{"log_groups": 1} }
func (s *spec) ExportSets() []string      { return []string{"operator-policy"} }
func (s *spec) Export(set string, _ []kinds.Built) ([]kinds.File, error) {
	return kinds.OperatorPolicyFile(s.Stem(), s.OperatorPolicy())
}
func (s *spec) OperatorPolicy() iam.Policy {
	return iam.Policy{Version: "2012-10-17",
		Statement: kinds.StackStatements(s.cfg.Toy.Region, s.cfg.Toy.AccountID, s.StackName())}
}

var _ kinds.Catalog = Kind{}

// Noun: the toy kind's catalog holds its retention presets.
func (Kind) Noun() string { return "preset" }

var presets = map[string]int{"short": 7, "long": 365}

// List shows the presets.
func (Kind) List(*kinds.Env) (kinds.View, finding.List, error) {
	sec := kinds.Section{Header: []string{"PRESET", "DAYS"}}
	for _, name := range []string{"long", "short"} {
		sec.Rows = append(sec.Rows, []string{name, strconv.Itoa(presets[name])})
	}
	return kinds.View{JSON: presets, Sections: []kinds.Section{sec}}, nil, nil
}

// Describe shows one preset.
func (Kind) Describe(_ *kinds.Env, name string) (kinds.View, error) {
	days, ok := presets[name]
	if !ok {
		return kinds.View{}, kinds.NotFound("preset", name, []string{"long", "short"}, "run landform list presets")
	}
	return kinds.View{JSON: days, Head: []string{fmt.Sprintf("%s: %d days", name, days)}}, nil
}
