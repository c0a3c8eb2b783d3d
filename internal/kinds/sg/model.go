package sg

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// Origin says where a rule comes from, for the review report.
type Origin string

const (
	FromScenario Origin = "scenario"
	PortsChanged Origin = "override" // a scenario rule whose ports the config changed
	Added        Origin = "added"    // a rule the config added
)

// src is where something is written: the config or a scenario file, and the
// field path inside it.
type src struct {
	doc  *config.Document
	path string
}

func (s src) pos(field string) finding.Pos {
	if s.doc == nil {
		return finding.Pos{}
	}
	if field == "" {
		return s.doc.Pos(s.path)
	}
	return s.doc.Pos(yamltree.ChildPath(s.path, field))
}

// rule is one effective rule of a tier.
type rule struct {
	Name        string
	Description string
	Protocol    string // tcp, udp, icmp, icmpv6 or all
	Ports       *Ports // nil for protocols without ports
	CIDR        string
	CIDRv6      string
	PrefixList  string
	Tier        string // the peer tier of a cross-tier rule
	Ingress     bool
	Origin      Origin
	WasPorts    string // the scenario's ports, when the config changed them
	// Derived is the other half of a cross-tier rule written on the peer
	// tier: an ingress from S on T also needs an egress to T on S.
	Derived bool

	at      src // the rule
	portsAt src // its ports (the override, when changed)
}

// peer describes the other end of the rule, for reports and keys.
func (r *rule) peer() string {
	switch {
	case r.Tier != "":
		return "tier " + r.Tier
	case r.CIDR != "":
		return r.CIDR
	case r.CIDRv6 != "":
		return r.CIDRv6
	}
	return r.PrefixList
}

// peers counts the peers the rule names; a valid rule has one.
func (r *rule) peers() int {
	n := 0
	for _, p := range []string{r.CIDR, r.CIDRv6, r.PrefixList, r.Tier} {
		if p != "" {
			n++
		}
	}
	return n
}

// portText is "443", "8000-8100" or "all".
func (r *rule) portText() string {
	if r.Ports == nil {
		return "all"
	}
	return r.Ports.String()
}

// key identifies what EC2 considers the same rule.
func (r *rule) key() string {
	return fmt.Sprintf("%s|%s|%s", r.Protocol, r.portText(), r.peer())
}

// tier is one security group.
type tier struct {
	Name        string
	Description string
	Ingress     []*rule
	Egress      []*rule
	at          src
}

func (t *tier) rules() []*rule { return append(append([]*rule{}, t.Ingress...), t.Egress...) }

type model struct {
	tiers  []*tier
	byName map[string]*tier
}

// resolve applies the config's overrides to the scenario and derives the
// other half of every cross-tier rule.
func (s *spec) resolve() (*model, finding.List) {
	m := scenarioModel(s.scenario)
	fs := s.applyOverrides(m)
	derive(m)
	return m, fs
}

// scenarioModel is the scenario's tiers and rules as written.
func scenarioModel(sc *Scenario) *model {
	m := &model{byName: map[string]*tier{}}
	for i, st := range sc.Tiers {
		t := &tier{Name: st.Name, Description: st.Description, at: src{sc.doc, fmt.Sprintf("tiers[%d]", i)}}
		for j, r := range st.Ingress {
			t.Ingress = append(t.Ingress, newRule(r, true, FromScenario, src{sc.doc, fmt.Sprintf("tiers[%d].ingress[%d]", i, j)}))
		}
		for j, r := range st.Egress {
			t.Egress = append(t.Egress, newRule(r, false, FromScenario, src{sc.doc, fmt.Sprintf("tiers[%d].egress[%d]", i, j)}))
		}
		m.tiers = append(m.tiers, t)
		m.byName[t.Name] = t
	}
	return m
}

func newRule(r RuleSpec, ingress bool, o Origin, at src) *rule {
	out := &rule{Name: r.Name, Description: r.Description, Protocol: r.Protocol, CIDR: r.CIDR, CIDRv6: r.CIDRv6,
		PrefixList: r.PrefixList, Ingress: ingress, Origin: o, at: at, portsAt: at}
	if out.Protocol == "" {
		out.Protocol = "tcp"
	}
	if r.Port != nil {
		p := *r.Port
		out.Ports = &p
	}
	if ingress {
		out.Tier = r.SourceTier
	} else {
		out.Tier = r.DestinationTier
	}
	return out
}

// applyOverrides changes ports and adds rules, in the config's order.
func (s *spec) applyOverrides(m *model) finding.List {
	var fs finding.List
	overrides := s.doc.Root.Get("overrides")
	if overrides == nil {
		return nil
	}
	for _, e := range overrides.Fields() {
		base := yamltree.ChildPath("overrides", e.Key)
		t, ok := m.byName[e.Key]
		if !ok {
			fs.Errorf("LF-SG-107", s.doc.KeyPos(base), base, s.tierHint(m, e.Key),
				"scenario %s has no tier %q to override", s.scenario.Name, e.Key)
			continue
		}
		o := s.cfg.Overrides[e.Key]
		if ports := e.Value.Get("ports"); ports != nil {
			for _, pe := range ports.Fields() {
				path := yamltree.ChildPath(base+".ports", pe.Key)
				r := findRule(t, pe.Key)
				if r == nil {
					fs.Errorf("LF-SG-107", s.doc.KeyPos(path), path, ruleHint(t, pe.Key),
						"tier %s of scenario %s has no rule %q", t.Name, s.scenario.Name, pe.Key)
					continue
				}
				p := o.Ports[pe.Key]
				r.WasPorts, r.Ports, r.Origin, r.portsAt = r.portText(), &p, PortsChanged, src{s.doc, path}
			}
		}
		for i, spec := range o.Ingress {
			r := newRule(spec, true, Added, src{s.doc, fmt.Sprintf("%s.ingress[%d]", base, i)})
			if r.Name == "" {
				r.Name = fmt.Sprintf("added-ingress-%d", i+1)
			}
			t.Ingress = append(t.Ingress, r)
		}
		for i, spec := range o.Egress {
			r := newRule(spec, false, Added, src{s.doc, fmt.Sprintf("%s.egress[%d]", base, i)})
			if r.Name == "" {
				r.Name = fmt.Sprintf("added-egress-%d", i+1)
			}
			t.Egress = append(t.Egress, r)
		}
	}
	return fs
}

func findRule(t *tier, name string) *rule {
	for _, r := range t.rules() {
		if r.Name == name {
			return r
		}
	}
	return nil
}

func (s *spec) tierHint(m *model, name string) string {
	var names []string
	for _, t := range m.tiers {
		names = append(names, t.Name)
	}
	if sug := finding.Suggest(name, names); sug != "" {
		return "did you mean " + sug + "?"
	}
	return "the tiers are " + strings.Join(names, ", ")
}

func ruleHint(t *tier, name string) string {
	var names []string
	for _, r := range t.rules() {
		names = append(names, r.Name)
	}
	if sug := finding.Suggest(name, names); sug != "" {
		return "did you mean " + sug + "?"
	}
	if len(names) == 0 {
		return "the tier has no rules to change; add one under ingress or egress"
	}
	return "its rules are " + strings.Join(names, ", ")
}

// derive adds, for every cross-tier rule, its other half on the peer tier.
// A rule naming a tier that does not exist is left for validation.
func derive(m *model) {
	for _, t := range m.tiers {
		for _, r := range t.rules() {
			peer, ok := m.byName[r.Tier]
			if r.Tier == "" || !ok || r.Derived {
				continue
			}
			d := *r
			d.Derived, d.Tier, d.Ingress = true, t.Name, !r.Ingress
			if r.Ingress {
				d.Name = uniqueName(peer, "to-"+t.Name)
				d.Description = truncate("To the "+t.Name+" tier: "+r.Description, 255)
				peer.Egress = append(peer.Egress, &d)
			} else {
				d.Name = uniqueName(peer, "from-"+t.Name)
				d.Description = truncate("From the "+t.Name+" tier: "+r.Description, 255)
				peer.Ingress = append(peer.Ingress, &d)
			}
		}
	}
}

func uniqueName(t *tier, name string) string {
	if findRule(t, name) == nil {
		return name
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s-%d", name, i); findRule(t, n) == nil {
			return n
		}
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
