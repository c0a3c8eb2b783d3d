// Package all lists the kinds landform knows and loads a config file into
// the right one. Adding a kind means adding its package and one line here.
package all

import (
	"fmt"
	"io/fs"

	"github.com/landform/landform/internal/assets"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/access"
	"github.com/landform/landform/internal/kinds/ml"
	"github.com/landform/landform/internal/kinds/sec"
	"github.com/landform/landform/internal/kinds/sg"
)

// Kinds are the kinds of config, in the order help and errors list them.
var Kinds = []kinds.Kind{sec.Kind{}, sg.Kind{}, ml.Kind{}, access.Kind{}}

// ByName returns the kind called name.
func ByName(name string) (kinds.Kind, bool) {
	for _, k := range Kinds {
		if k.Name() == name {
			return k, true
		}
	}
	return nil, false
}

// Assets returns every kind's embedded assets merged into one tree, with the
// user's --assets directory (may be nil) layered on top.
func Assets(user fs.FS) fs.FS {
	// The kinds' trees are disjoint by file (schemas/sec.json, schemas/sg.json,
	// schemas/ml-*.json, policy-templates/, scenarios/, products/); directories merge.
	return assets.Overlay(assets.Overlay(assets.Overlay(assets.Overlay(sec.Assets(), sg.Assets()), ml.Assets()), access.Assets()), user)
}

// Loaded is a config file loaded into its kind.
type Loaded struct {
	Kind kinds.Kind
	Spec kinds.Spec // nil when the file has errors that stop loading
	Note string     // how the kind was inferred, for verbose output
}

// Load parses a config file, finds its kind, validates it against the kind's
// schema and rules and returns every finding. The error is for failures that
// are not the config's fault (broken assets).
func Load(file string, data []byte, env *kinds.Env) (Loaded, finding.List, error) {
	doc, fs := config.Load(file, data)
	if doc == nil {
		return Loaded{}, fs, nil
	}
	sections := map[string]string{}
	for _, k := range Kinds {
		sections[k.Section()] = k.Name()
	}
	name, note, kfs := config.DetectKind(doc, sections)
	fs = append(fs, kfs...)
	if name == "" {
		return Loaded{}, fs, nil
	}
	// Findings so far are about single values (YAML 1.1 traps); the schema
	// still runs so the user sees every problem at once, but not a second
	// finding for a value already reported.
	kind, _ := ByName(name)
	spec, lfs, err := kind.Load(doc, env)
	fs = append(fs, dropSamePos(lfs, fs)...)
	if err != nil {
		return Loaded{Kind: kind}, fs, fmt.Errorf("loading %s as kind %s: %w", file, name, err)
	}
	if spec == nil {
		return Loaded{Kind: kind, Note: note}, fs, nil
	}
	fs = append(fs, spec.Validate()...)
	return Loaded{Kind: kind, Spec: spec, Note: note}, fs, nil
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
