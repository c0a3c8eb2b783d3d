package ml

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
)

// embedded holds schemas/ and products/.
//
//go:embed assets
var embedded embed.FS

// Assets returns the embedded asset tree, rooted so that paths read
// products/starter.yaml and schemas/ml-starter.json.
func (Kind) Assets() fs.FS { return kinds.Sub(embedded, "assets") }

// Kind is the ml kind.
type Kind struct{}

var _ kinds.Kind = Kind{}

// Name is the value of `kind:`.
func (Kind) Name() string { return "ml" }

// Section is the top-level key only ml configs have.
func (Kind) Section() string { return "ml_product" }

// Variants are the tiers, each with its own schema.
func (Kind) Variants() []string { return slices.Clone(Tiers) }

func schemaFile(tier string) string {
	if tier == "" {
		return "schemas/ml.json"
	}
	return "schemas/ml-" + tier + ".json"
}

func readSchema(assets fs.FS, tier string) (map[string]any, error) {
	return kinds.ReadSchema(assets, schemaFile(tier))
}

// Schema returns the schema of a tier, or the one that accepts every tier.
func (Kind) Schema(assets fs.FS, variant string) ([]byte, error) {
	if variant != "" && !slices.Contains(Tiers, variant) {
		return nil, fmt.Errorf("ml has no tier %q: use starter, professional or enterprise", variant)
	}
	doc, err := readSchema(assets, variant)
	if err != nil {
		return nil, err
	}
	return kinds.IndentSchema(doc)
}

// enterpriseOnly are the sections only the enterprise tier has.
var enterpriseOnly = []string{"vpc_integration", "alerts", "compliance"}

// Load validates the document against its tier's schema, decodes it and
// loads the tier's product file.
func (Kind) Load(doc *config.Document, env *kinds.Env) (kinds.Spec, finding.List, error) {
	tier, _ := doc.Root.Get("ml_product").Get("tier").String()
	if !slices.Contains(Tiers, tier) {
		tier = "" // the base schema reports the bad or missing tier at its position
	}
	var own finding.List
	if tier != "" && tier != "enterprise" {
		for _, key := range enterpriseOnly {
			if doc.Root.Get(key) != nil {
				own.Errorf("LF-ML-101", doc.KeyPos(key), key, "remove it, or set ml_product.tier: enterprise",
					"%s is for tier enterprise; this config's tier is %s", key, tier)
			}
		}
	}
	schema, err := env.SchemaFile(schemaFile(tier))
	if err != nil {
		return nil, nil, err
	}
	found := own
	seen := map[finding.Pos]bool{}
	for _, f := range own {
		seen[f.Pos] = true
	}
	for _, f := range schema.Validate(doc) {
		if !seen[f.Pos] {
			found = append(found, f)
		}
	}
	if found.HasErrors() {
		return nil, found, nil
	}
	var c Config
	if err := config.Decode(doc, &c); err != nil {
		return nil, found, err
	}
	p, err := productOf(env, c.Product.Tier)
	if err != nil {
		return nil, found, err
	}
	s := newSpec(doc, c, p)
	// Which tier introduces each resource, for the review.
	for _, t := range Tiers {
		tp, err := productOf(env, t)
		if err != nil {
			return nil, found, err
		}
		for _, r := range tp.Resources {
			if _, ok := s.introducedBy[r.ID]; !ok {
				s.introducedBy[r.ID] = t
			}
		}
		if t == c.Product.Tier {
			break
		}
	}
	return s, found, nil
}

// Rules are every id the kind reports: its config rules, then its
// template rules.
func (k Kind) Rules() []finding.Rule {
	return append(slices.Clone(configRules), k.TemplateRules().Rules...)
}
