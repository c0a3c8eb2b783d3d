package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/landform/landform/internal/diff"
	"github.com/landform/landform/internal/iam/principals"
)

// newEscalations returns, as security impacts, the privilege-escalation
// paths the new template opens that the deployed one did not: plan shows
// them with severity error, ahead of every other impact. Only what the one
// stack contains is judged; paths through other stacks are escalation's
// job.
func newEscalations(tg *target, deployed, planned any) ([]diff.Impact, error) {
	paths := func(t any) (map[string]principals.Path, error) {
		out := map[string]principals.Path{}
		m, _ := t.(map[string]any)
		if m == nil {
			return out, nil
		}
		w := principals.New()
		src := principals.Source{File: tg.Stack.Stem + ".yaml", Account: tg.Target.Account, AccountName: tg.Unit.Account(), Region: tg.Target.Region, Template: m}
		if err := w.Add(src); err != nil {
			return nil, err
		}
		w.Finish()
		for _, p := range w.Escalations(principals.Context{}) {
			out[pathKey(p)] = p
		}
		return out, nil
	}
	before, err := paths(deployed)
	if err != nil {
		return nil, err
	}
	after, err := paths(planned)
	if err != nil {
		return nil, err
	}
	var out []diff.Impact
	for key, p := range after {
		if _, ok := before[key]; ok {
			continue
		}
		out = append(out, diff.Impact{Severity: "error", LogicalID: p.Principal, Kind: "escalation-path-added",
			Detail: fmt.Sprintf("%s can become admin-equivalent (%s): %s", p.Principal, p.Admin, techniques(p))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Detail < out[j].Detail })
	return out, nil
}

func pathKey(p principals.Path) string {
	return p.Principal + "\x00" + p.Admin + "\x00" + techniques(p)
}

func techniques(p principals.Path) string {
	var t []string
	for _, s := range p.Steps {
		t = append(t, s.Technique+" → "+s.To)
	}
	return strings.Join(t, ", ")
}
