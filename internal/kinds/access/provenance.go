package access

import (
	"maps"
	"slices"

	"github.com/landform/landform/internal/cfn"
)

// addProvenance records in the template's Metadata.Landform.Provenance the
// config behind its principals (those of its roles, users and users'
// groups), so that why can trace its statements with the template alone.
// A stack whose account names no template bucket goes without it when the
// record alone would push the template past what CloudFormation takes
// inline: deploy would then need a bucket the config does not give.
func (s *spec) addProvenance(t *cfn.Template, account string) {
	landform, _ := t.Metadata.Get("Landform")
	meta, ok := landform.(*cfn.Map)
	if !ok {
		return
	}
	bucket := s.cfg.Organization.Accounts[account].TemplateBucket != ""
	size := 0
	if !bucket {
		// A template already over TemplateBody's limit needs a bucket
		// anyway, and gets no record.
		if size = cfn.CompactSize(t.Document(), cfn.MaxTemplateBody); size < 0 || size >= cfn.MaxTemplateBody {
			return
		}
	}
	p := s.provenanceMap(t, account)
	if p == nil {
		return
	}
	// The template's compact JSON grows by the record and its key
	// (`,"Provenance":`).
	if !bucket && size+cfn.CompactSize(p, cfn.MaxTemplateBody)+len(`,"Provenance":`) >= cfn.MaxTemplateBody {
		return
	}
	meta.Set("Provenance", p)
}

// provenanceMap is the Metadata record of the template's principals.
func (s *spec) provenanceMap(t *cfn.Template, account string) *cfn.Map {
	var ids []string
	for _, r := range t.Resources {
		switch r.Type {
		case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
			ids = append(ids, r.LogicalID)
		}
	}
	p := s.provenance(account, ids)
	if len(p.principals) == 0 {
		return nil
	}
	principals := cfn.M()
	for _, id := range slices.Sorted(maps.Keys(p.principals)) {
		src := p.principals[id]
		m := cfn.M("What", src.What, "Path", src.Path)
		if src.Trust != "" {
			m.Set("Trust", src.Trust)
		}
		if len(src.Groups) > 0 {
			var gs []any
			for _, g := range src.Groups {
				gs = append(gs, cfn.M("Name", g.name, "Path", g.path))
			}
			m.Set("PolicyGroups", gs)
		}
		if len(src.Extra) > 0 {
			m.Set("ExtraPolicies", strs(src.Extra))
		}
		principals.Set(id, m)
	}
	out := cfn.M("Principals", principals)
	if len(p.groups) > 0 {
		groups := cfn.M()
		for _, name := range slices.Sorted(maps.Keys(p.groups)) {
			g := p.groups[name]
			m := cfn.M()
			if len(g.Groups) > 0 {
				m.Set("Groups", strs(g.Groups))
			}
			if len(g.Policies) > 0 {
				m.Set("Policies", strs(g.Policies))
			}
			groups.Set(name, m)
		}
		out.Set("PolicyGroups", groups)
	}
	if len(p.atomic) > 0 {
		atomic := cfn.M()
		for _, name := range slices.Sorted(maps.Keys(p.atomic)) {
			atomic.Set(name, p.atomic[name])
		}
		out.Set("AtomicPolicies", atomic)
	}
	return out
}

// provenanceOf reads what addProvenance wrote, from a template's values.
func provenanceOf(template map[string]any) (*provenance, bool) {
	meta, _ := template["Metadata"].(map[string]any)
	landform, _ := meta["Landform"].(map[string]any)
	raw, ok := landform["Provenance"].(map[string]any)
	if !ok {
		return nil, false
	}
	p := &provenance{principals: map[string]principalSource{}, groups: map[string]groupSource{}, atomic: map[string]int{}}
	principals, _ := raw["Principals"].(map[string]any)
	for id, v := range principals {
		m, _ := v.(map[string]any)
		src := principalSource{What: str(m["What"]), Path: str(m["Path"]), Trust: str(m["Trust"]), Extra: strList(m["ExtraPolicies"])}
		groups, _ := m["PolicyGroups"].([]any)
		for _, g := range groups {
			gm, _ := g.(map[string]any)
			src.Groups = append(src.Groups, groupRef{str(gm["Name"]), str(gm["Path"])})
		}
		p.principals[id] = src
	}
	groups, _ := raw["PolicyGroups"].(map[string]any)
	for name, v := range groups {
		m, _ := v.(map[string]any)
		p.groups[name] = groupSource{Groups: strList(m["Groups"]), Policies: strList(m["Policies"])}
	}
	atomic, _ := raw["AtomicPolicies"].(map[string]any)
	for name, v := range atomic {
		var i int
		switch n := v.(type) {
		case int:
			i = n
		case float64:
			i = int(n)
		case interface{ Int64() (int64, error) }:
			x, _ := n.Int64()
			i = int(x)
		default:
			continue
		}
		p.atomic[name] = i
	}
	return p, true
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
