package sec

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"

	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// Assets are the kind's embedded data: policy-templates/ and schemas/.
//
//go:embed assets
var embedded embed.FS

// Assets returns the embedded asset tree, rooted so that paths read
// policy-templates/s3/level1.yaml and schemas/sec.json.
func (Kind) Assets() fs.FS { return kinds.Sub(embedded, "assets") }

// Kind is the sec kind.
type Kind struct{}

var _ kinds.Kind = Kind{}

// Name is the value of `kind:`.
func (Kind) Name() string { return "sec" }

// Section is the top-level key only sec configs have.
func (Kind) Section() string { return "security" }

// Variants are the tiers.
func (Kind) Variants() []string {
	out := make([]string, len(Tiers))
	for i, t := range Tiers {
		out[i] = t.Name
	}
	return out
}

const schemaFile = "schemas/sec.json"

// tierSchema returns the base schema with the tier's limits applied: the
// tier is fixed, and each section may hold at most the tier's count.
// A nil tier returns the base schema, which accepts any tier.
func tierSchema(assets fs.FS, tier *Tier) (map[string]any, error) {
	doc, err := kinds.ReadSchema(assets, schemaFile)
	if err != nil {
		return nil, err
	}
	props, _ := doc["properties"].(map[string]any)
	sec, _ := props["security"].(map[string]any)
	secProps, _ := sec["properties"].(map[string]any)
	if props == nil || secProps == nil {
		return nil, fmt.Errorf("%s: properties.security.properties is missing", schemaFile)
	}
	if tier == nil {
		return doc, nil
	}
	doc["$id"] = fmt.Sprintf("https://landform.dev/schemas/sec-%s.json", tier.Name)
	doc["title"] = fmt.Sprintf("landform sec config, tier %s", tier.Label())
	props["tier"] = map[string]any{"const": tier.Name, "description": "this schema is for tier " + tier.Name}
	limits := map[string]int{
		"iam_groups": tier.Groups, "service_roles": tier.ServiceRoles,
		"assumable_roles": tier.AssumableRoles, "cross_account_roles": tier.CrossAccountRoles,
	}
	for section, max := range limits {
		s, ok := secProps[section].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: properties.security.properties.%s is missing", schemaFile, section)
		}
		s["maxItems"] = max
		s["description"] = fmt.Sprintf("tier %s allows at most %d; a larger tier allows more", tier.Label(), max)
	}
	if tier.NeedsBucket {
		doc["required"] = append(doc["required"].([]any), "deployment")
		dep, _ := props["deployment"].(map[string]any)
		dep["required"] = []any{"template_bucket"}
	}
	return doc, nil
}

// Schema returns the schema of a tier for editors; variant "" is the base
// schema, which accepts every tier.
func (Kind) Schema(assets fs.FS, variant string) ([]byte, error) {
	var tp *Tier
	if variant != "" {
		tier, ok := tierByName(variant)
		if !ok {
			return nil, fmt.Errorf("sec has no tier %q: use startup, medium or enterprise", variant)
		}
		tp = &tier
	}
	doc, err := tierSchema(assets, tp)
	if err != nil {
		return nil, err
	}
	return kinds.IndentSchema(doc)
}

// Load validates the document against its tier's schema and decodes it.
func (Kind) Load(doc *config.Document, env *kinds.Env) (kinds.Spec, finding.List, error) {
	var found finding.List
	tierName, _ := doc.Root.Get("tier").String()
	tier, ok := tierByName(tierName)
	tp := &tier
	if !ok {
		tp = nil // the base schema reports the bad or missing tier at its position
	}
	key := schemaFile
	if tp != nil {
		key += "#" + tp.Name
	}
	schema, err := env.Schema(key, func() (map[string]any, error) { return tierSchema(env.Assets, tp) })
	if err != nil {
		return nil, nil, err
	}
	found = append(found, schema.Validate(doc)...)
	if found.HasErrors() {
		return nil, found, nil
	}
	var c Config
	if err := config.Decode(doc, &c); err != nil {
		return nil, found, err
	}
	// One set per command: each template is parsed once for every config.
	templates, err := kinds.Memo(env, "sec/templates", func() (*iam.TemplateSet, error) { return iam.OpenTemplates(env.Assets) })
	if err != nil {
		return nil, found, err
	}
	return newSpec(doc, c, tier, templates), found, nil
}

// Rules are every id the kind reports: its config rules, then its
// template rules.
func (k Kind) Rules() []finding.Rule {
	return append(slices.Clone(configRules), k.TemplateRules().Rules...)
}

// TemplateRules: sec templates are judged by check's general rules alone.
func (Kind) TemplateRules() check.RuleSet { return check.RuleSet{} }
