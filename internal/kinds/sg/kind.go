// Package sg is the sg kind: the security groups of one scenario's tiers
// (web, app, db …), with the config's overrides, validated against the
// rules the seeds block, and deployed as one stack that also publishes each
// group's id in SSM Parameter Store.
package sg

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
)

// embedded holds schemas/ and scenarios/.
//
//go:embed assets
var embedded embed.FS

// Assets returns the embedded asset tree, rooted so that paths read
// scenarios/three-tier-mysql.yaml and schemas/sg.json.
func (Kind) Assets() fs.FS { return kinds.Sub(embedded, "assets") }

// Kind is the sg kind.
type Kind struct{}

var _ kinds.Kind = Kind{}

// Name is the value of `kind:`.
func (Kind) Name() string { return "sg" }

// Section is the top-level key only sg configs have.
func (Kind) Section() string { return "scenario" }

// Variants: sg has one schema; scenarios are data, not schema variants.
func (Kind) Variants() []string { return nil }

const schemaFile = "schemas/sg.json"

func readSchema(assets fs.FS, file string) (map[string]any, error) {
	return kinds.ReadSchema(assets, file)
}

// Schema returns the config schema, for editors.
func (Kind) Schema(assets fs.FS, variant string) ([]byte, error) {
	if variant != "" {
		return nil, fmt.Errorf("sg has one schema; drop --tier (scenarios are data: landform list scenarios)")
	}
	doc, err := readSchema(assets, schemaFile)
	if err != nil {
		return nil, err
	}
	return kinds.IndentSchema(doc)
}

// Load validates the document against the schema, decodes it and resolves
// its scenario and overrides.
func (Kind) Load(doc *config.Document, env *kinds.Env) (kinds.Spec, finding.List, error) {
	var c Config
	found, ok, err := env.Decode(doc, schemaFile, &c)
	if err != nil || !ok {
		return nil, found, err
	}
	scenarios, sfs, err := LoadScenarios(env)
	if err != nil {
		return nil, found, err
	}
	sc, ok := scenarios[c.Scenario]
	if !ok {
		for _, f := range sfs {
			if f.Pos.File == scenarioDir+"/"+c.Scenario+".yaml" {
				found = append(found, f) // the scenario exists but is broken: say why
			}
		}
		hint := "run landform list scenarios"
		if m := finding.Suggest(c.Scenario, ScenarioNames(scenarios)); m != "" {
			hint = "did you mean " + m + "?"
		}
		found.Errorf("LF-SG-100", doc.Pos("scenario"), "scenario", hint, "no scenario %q", c.Scenario)
		return nil, found, nil
	}
	return newSpec(doc, c, sc), found, nil
}

// Rules are every id the kind reports: its config rules, then its
// template rules.
func (k Kind) Rules() []finding.Rule {
	return append(slices.Clone(configRules), k.TemplateRules().Rules...)
}
