package sg

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/landform/landform/internal/kinds"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
)

// Scenario is a security-group topology from scenarios/{name}.yaml.
type Scenario struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Tiers       []ScenarioTier `json:"tiers"`

	File string           `json:"-"` // where it was read from, for findings
	doc  *config.Document // its positions
}

// ScenarioTier is one tier of a scenario.
type ScenarioTier struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Ingress     []RuleSpec `json:"ingress"`
	Egress      []RuleSpec `json:"egress"`
}

const scenarioDir = "scenarios"

// LoadScenarios reads every scenarios/*.yaml of assets. A scenario file
// with errors is left out, and its findings (with its file and line) are
// returned; an error means the schema itself is broken.
func LoadScenarios(env *kinds.Env) (map[string]*Scenario, finding.List, error) {
	type loaded struct {
		scenarios map[string]*Scenario
		found     finding.List
	}
	l, err := kinds.Memo(env, "sg/scenarios", func() (loaded, error) {
		scs, fs, err := loadScenarios(env)
		return loaded{scs, fs}, err
	})
	return l.scenarios, l.found, err
}

// loadScenarios is LoadScenarios, once per Env.
func loadScenarios(env *kinds.Env) (map[string]*Scenario, finding.List, error) {
	assets := env.Assets
	schema, err := env.SchemaFile("schemas/scenario.json")
	if err != nil {
		return nil, nil, err
	}
	entries, err := fs.ReadDir(assets, scenarioDir)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", scenarioDir, err)
	}
	out := map[string]*Scenario{}
	var fsAll finding.List
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		file := path.Join(scenarioDir, e.Name())
		data, err := fs.ReadFile(assets, file)
		if err != nil {
			return nil, nil, err
		}
		sc, found := loadScenario(file, data, schema)
		fsAll = append(fsAll, found...)
		if sc != nil {
			out[sc.Name] = sc
		}
	}
	return out, fsAll, nil
}

func loadScenario(file string, data []byte, schema *config.Schema) (*Scenario, finding.List) {
	doc, found := config.Load(file, data)
	if doc == nil || found.HasErrors() {
		return nil, found
	}
	found = append(found, schema.Validate(doc)...)
	if found.HasErrors() {
		return nil, found
	}
	var sc Scenario
	if err := config.Decode(doc, &sc); err != nil {
		found.Errorf("LF-SG-100", finding.Pos{File: file}, "", "fix the scenario file", "%v", err)
		return nil, found
	}
	sc.File, sc.doc = file, doc
	if want := strings.TrimSuffix(path.Base(file), ".yaml"); sc.Name != want {
		found.Errorf("LF-SG-100", doc.Pos("name"), "name", "rename the file or the scenario",
			"scenario %q is in %s; a scenario's name is its file's name (%s)", sc.Name, file, want)
		return nil, found
	}
	return &sc, found
}

// ScenarioNames lists the names, sorted.
func ScenarioNames(m map[string]*Scenario) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
