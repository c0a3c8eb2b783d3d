package estate

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"sync"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/estate/estaterule"
	"github.com/landform/landform/internal/finding"
)

// FileName is the estate file a config directory may hold.
const FileName = "estate.yaml"

//go:embed estate.schema.json
var schemaJSON []byte

// Schema is the JSON Schema of estate.yaml, for editors.
func Schema() []byte { return schemaJSON }

// Spec is estate.yaml: what the configs' templates cannot say.
type Spec struct {
	File     string               `json:"-"`
	Doc      *config.Document     `json:"-"`
	Parallel int                  `json:"parallel,omitempty"`
	External []External           `json:"external,omitempty"`
	Configs  map[string]Overrides `json:"configs,omitempty"`
}

// External is a parameter (or export) written outside the estate. An empty
// Account or Region means any.
type External struct {
	Name    string `json:"name"`
	Export  bool   `json:"export,omitempty"`
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
}

// UnmarshalJSON takes the short form, a bare name, too.
func (e *External) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		*e = External{Name: name}
		return nil
	}
	type plain External
	return json.Unmarshal(b, (*plain)(e))
}

// Overrides are what estate.yaml says of one config.
type Overrides struct {
	After    []string  `json:"after,omitempty"`
	StackSet *StackSet `json:"stack_set,omitempty"`
}

// StackSet is a config deployed by CloudFormation StackSets to accounts
// (or organizational units) × regions.
type StackSet struct {
	PermissionModel         string   `json:"permission_model,omitempty"` // self-managed (default) or service-managed
	Accounts                []string `json:"accounts,omitempty"`
	OrganizationalUnits     []string `json:"organizational_units,omitempty"`
	Regions                 []string `json:"regions"`
	AdministrationRoleARN   string   `json:"administration_role_arn,omitempty"`
	ExecutionRoleName       string   `json:"execution_role_name,omitempty"`
	AutoDeployment          bool     `json:"auto_deployment,omitempty"`
	MaxConcurrent           int      `json:"max_concurrent,omitempty"`
	MaxConcurrentPercent    int      `json:"max_concurrent_percentage,omitempty"`
	FailureTolerance        int      `json:"failure_tolerance,omitempty"`
	FailureTolerancePercent int      `json:"failure_tolerance_percentage,omitempty"`
	RegionConcurrency       string   `json:"region_concurrency,omitempty"` // sequential (default) or parallel
}

// ServiceManaged says the set's instances are managed through AWS
// Organizations.
func (s *StackSet) ServiceManaged() bool { return s.PermissionModel == "service-managed" }

var compiled = sync.OnceValues(func() (*config.Schema, error) {
	var doc map[string]any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		return nil, fmt.Errorf("estate schema: %w", err)
	}
	return config.CompileSchema("https://landform.dev/schemas/estate.json", doc)
})

// LoadSpec reads estate.yaml. Findings are the user's to fix, at their
// line:column; an error is landform's own (its schema).
func LoadSpec(file string, data []byte) (*Spec, finding.List, error) {
	doc, fs := config.Load(file, data)
	if doc == nil || fs.HasErrors() {
		return nil, fs, nil
	}
	schema, err := compiled()
	if err != nil {
		return nil, fs, err
	}
	if vfs := schema.Validate(doc); len(vfs) > 0 {
		return nil, append(fs, vfs...), nil
	}
	s := &Spec{File: file, Doc: doc}
	if err := config.Decode(doc, s); err != nil {
		return nil, fs, err
	}
	return s, fs, nil
}

// dir is where the configs estate.yaml names are.
func (s *Spec) dir() string { return filepath.Dir(s.File) }

// keyOf is a config's key under configs: its path relative to estate.yaml.
func (s *Spec) keyOf(file string) string {
	rel, err := filepath.Rel(s.dir(), file)
	if err != nil {
		return file
	}
	return filepath.ToSlash(rel)
}

// override is what estate.yaml says of a config file.
func (s *Spec) override(file string) (Overrides, bool) {
	o, ok := s.Configs[s.keyOf(file)]
	return o, ok
}

// unknownConfig is a config named in estate.yaml that the estate does not
// have.
func (s *Spec) unknownConfig(path string, isKey bool, name string, have map[string][]*Node) finding.Finding {
	var keys []string
	for file := range have {
		keys = append(keys, s.keyOf(file))
	}
	sort.Strings(keys)
	hint := "name a config of the estate by its path relative to " + s.File
	if m := finding.Suggest(name, keys); m != "" {
		hint = "did you mean " + m + "?"
	}
	pos := s.Doc.Pos(path)
	if isKey {
		pos = s.Doc.KeyPos(path)
	}
	return finding.Finding{Rule: estaterule.EstateFile, Severity: finding.Error, Pos: pos, Path: path,
		Message: fmt.Sprintf("%s names %s, which is not a config of the estate", s.File, name), Hint: hint}
}
