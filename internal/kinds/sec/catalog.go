package sec

import (
	"fmt"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

var _ kinds.Catalog = Kind{}

// TemplateView is one policy template as list and describe show it.
type TemplateView struct {
	ID          string     `json:"id"`
	Service     string     `json:"service"`
	Level       string     `json:"level"`
	Description string     `json:"description"`
	File        string     `json:"file"`
	Actions     []string   `json:"actions"`
	Policy      iam.Policy `json:"policy"`
}

func templateView(id string, t *iam.Template) TemplateView {
	return TemplateView{ID: id, Service: t.Service(), Level: t.Level(), Description: t.Description,
		File: t.File, Actions: t.Policy.Actions(), Policy: t.Policy}
}

// Noun: sec's catalog is its policy templates.
func (Kind) Noun() string { return "policy-template" }

// List shows every policy template (with --assets drop-ins).
func (Kind) List(env *kinds.Env) (kinds.View, finding.List, error) {
	ts, err := iam.LoadTemplates(env.Assets)
	if err != nil {
		return kinds.View{}, nil, err
	}
	var out []TemplateView
	sec := kinds.Section{Header: []string{"ID", "ACTIONS", "DESCRIPTION"}}
	services := map[string]bool{}
	for _, id := range iam.SortedIDs(ts) {
		v := templateView(id, ts[id])
		out = append(out, v)
		sec.Rows = append(sec.Rows, []string{v.ID, fmt.Sprint(len(v.Actions)), v.Description})
		services[v.Service] = true
	}
	return kinds.View{JSON: out, Sections: []kinds.Section{sec},
		Note: fmt.Sprintf("%d policy templates in %d services", len(out), len(services))}, nil, nil
}

// Describe shows one policy template with its placeholders.
func (Kind) Describe(env *kinds.Env, id string) (kinds.View, error) {
	ts, err := iam.LoadTemplates(env.Assets)
	if err != nil {
		return kinds.View{}, err
	}
	t, ok := ts[id]
	if !ok {
		return kinds.View{}, kinds.NotFound("policy template", id, iam.SortedIDs(ts), "run landform list policy-templates")
	}
	doc, err := t.Policy.Indented()
	if err != nil {
		return kinds.View{}, err
	}
	return kinds.View{JSON: templateView(t.ID, t),
		Head: []string{t.ID + ": " + t.Description, "file: " + t.File, fmt.Sprintf("size: %d characters (before placeholders)", t.Policy.Size())},
		Tail: string(doc)}, nil
}
