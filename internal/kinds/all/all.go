// Package all lists the kinds landform knows and loads a config file into
// the right one. Adding a kind means adding its package and one line here.
package all

import (
	"fmt"
	"io/fs"

	"github.com/landform/landform/internal/assets"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/access"
	"github.com/landform/landform/internal/kinds/ml"
	"github.com/landform/landform/internal/kinds/sec"
	"github.com/landform/landform/internal/kinds/sg"
)

// Kinds are the kinds of config, in the order help and errors list them.
var Kinds = Registry{sec.Kind{}, sg.Kind{}, ml.Kind{}, access.Kind{}}

// Registry is a list of kinds: Kinds, or in a test Kinds and a toy kind.
// Everything the commands need from "every kind" goes through it.
type Registry []kinds.Kind

// ByName returns the kind called name.
func (r Registry) ByName(name string) (kinds.Kind, bool) {
	for _, k := range r {
		if k.Name() == name {
			return k, true
		}
	}
	return nil, false
}

// Names are the kinds' names, in order.
func (r Registry) Names() []string {
	out := make([]string, len(r))
	for i, k := range r {
		out[i] = k.Name()
	}
	return out
}

// Assets returns every kind's embedded assets merged into one tree, with the
// user's --assets directory (may be nil) layered on top.
func (r Registry) Assets(user fs.FS) fs.FS {
	// The kinds' trees are disjoint by file (schemas/sec.json, schemas/sg.json,
	// schemas/ml-*.json, policy-templates/, scenarios/, products/); directories merge.
	var merged fs.FS
	for _, k := range r {
		if merged == nil {
			merged = k.Assets()
			continue
		}
		merged = assets.Overlay(merged, k.Assets())
	}
	return assets.Overlay(merged, user)
}

// TemplateRules are every kind's template rules, for check: each set
// decides which templates it judges.
func (r Registry) TemplateRules() []check.RuleSet {
	var out []check.RuleSet
	for _, k := range r {
		if s := k.TemplateRules(); s.Check != nil {
			out = append(out, s)
		}
	}
	return out
}

// Rules are every id the kinds report, on configs and on templates.
func (r Registry) Rules() []finding.Rule {
	var out []finding.Rule
	for _, k := range r {
		out = append(out, k.Rules()...)
	}
	return out
}

// Loaded is a config file loaded into its kind.
type Loaded struct {
	Kind kinds.Kind
	Spec kinds.Spec // nil when the file has errors that stop loading
	Note string     // how the kind was inferred, for verbose output
	// Doc is the parsed file, nil when it could not be parsed.
	Doc *config.Document
}

// Load parses a config file, finds its kind, validates it against the kind's
// schema and rules and returns every finding. The error is for failures that
// are not the config's fault (broken assets).
func (r Registry) Load(file string, data []byte, env *kinds.Env) (Loaded, finding.List, error) {
	doc, found := config.Load(file, data)
	if doc == nil {
		return Loaded{}, found, nil
	}
	sections := map[string]string{}
	for _, k := range r {
		sections[k.Section()] = k.Name()
	}
	name, note, kfs := config.DetectKind(doc, sections)
	found = append(found, kfs...)
	found = append(found, config.Injections(doc)...)
	found = append(found, config.Regions(doc)...)
	if name == "" {
		return Loaded{Doc: doc}, found, nil
	}
	// Findings so far are about single values (YAML 1.1 traps); the schema
	// still runs so the user sees every problem at once, but not a second
	// finding for a value already reported.
	kind, _ := r.ByName(name)
	spec, lfs, err := kind.Load(doc, env)
	found = append(found, dropSamePos(lfs, found)...)
	if err != nil {
		return Loaded{Kind: kind, Doc: doc}, found, fmt.Errorf("loading %s as kind %s: %w", file, name, err)
	}
	if spec == nil {
		return Loaded{Kind: kind, Note: note, Doc: doc}, found, nil
	}
	found = append(found, spec.Validate()...)
	return Loaded{Kind: kind, Spec: spec, Note: note, Doc: doc}, found, nil
}

// dropSamePos removes findings of add at a position that one of have already
// reports.
func dropSamePos(add, have finding.List) finding.List {
	seen := map[finding.Pos]bool{}
	for _, f := range have {
		seen[f.Pos] = true
	}
	var out finding.List
	for _, f := range add {
		if !seen[f.Pos] {
			out = append(out, f)
		}
	}
	return out
}
