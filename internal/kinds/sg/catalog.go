package sg

import (
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
)

var _ kinds.Catalog = Kind{}

// ScenarioView is one scenario as list and describe show it.
type ScenarioView struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	File        string     `json:"file"`
	Tiers       []TierView `json:"tiers"`
}

// Noun: sg's catalog is its scenarios.
func (Kind) Noun() string { return "scenario" }

// List shows every scenario; a broken drop-in scenario is a finding with
// its file and line.
func (Kind) List(env *kinds.Env) (kinds.View, finding.List, error) {
	scs, fs, err := LoadScenarios(env)
	if err != nil {
		return kinds.View{}, nil, err
	}
	var out []ScenarioView
	sec := kinds.Section{Header: []string{"SCENARIO", "TIERS", "DESCRIPTION"}}
	for _, name := range ScenarioNames(scs) {
		sc := scs[name]
		v := ScenarioView{Name: name, Description: sc.Description, File: sc.File, Tiers: sc.Describe()}
		out = append(out, v)
		var tiers []string
		for _, t := range v.Tiers {
			tiers = append(tiers, t.Name)
		}
		sec.Rows = append(sec.Rows, []string{v.Name, strings.Join(tiers, ", "), v.Description})
	}
	return kinds.View{JSON: out, Sections: []kinds.Section{sec}}, fs, nil
}

// Describe shows one scenario's tiers and every rule it creates, the
// derived halves of cross-tier rules marked.
func (Kind) Describe(env *kinds.Env, name string) (kinds.View, error) {
	scs, _, err := LoadScenarios(env)
	if err != nil {
		return kinds.View{}, err
	}
	sc, ok := scs[name]
	if !ok {
		return kinds.View{}, kinds.NotFound("scenario", name, ScenarioNames(scs), "run landform list scenarios")
	}
	tiers := sc.Describe()
	v := kinds.View{JSON: ScenarioView{Name: sc.Name, Description: sc.Description, File: sc.File, Tiers: tiers},
		Head: []string{sc.Name + ": " + sc.Description, "file: " + sc.File}}
	for _, t := range tiers {
		sec := kinds.Section{Title: "tier " + t.Name + ": " + t.Description, Indent: true,
			Header: []string{"DIRECTION", "RULE", "PROTOCOL", "PORTS", "PEER", "DESCRIPTION"}}
		egress := false
		for _, r := range t.Rules {
			desc := r.Description
			if r.Derived {
				desc += " (derived)"
			}
			sec.Rows = append(sec.Rows, []string{r.Direction, r.Name, r.Protocol, r.Ports, r.Peer, desc})
			egress = egress || r.Direction == "egress"
		}
		if !egress {
			sec.Notes = []string{"no egress: the default allow-all rule is replaced by one that matches nothing"}
		}
		v.Sections = append(v.Sections, sec)
	}
	return v, nil
}
