package sg

// TierView is one tier of a scenario as `describe scenario` shows it: its
// rules as written, and the other halves of cross-tier rules landform
// derives.
type TierView struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Rules       []RuleView `json:"rules"`
}

// RuleView is one rule of a TierView.
type RuleView struct {
	Direction   string `json:"direction"` // ingress or egress
	Name        string `json:"name"`
	Protocol    string `json:"protocol"`
	Ports       string `json:"ports"`
	Peer        string `json:"peer"`
	Description string `json:"description"`
	Derived     bool   `json:"derived"`
}

// Describe returns the scenario's tiers with every rule it creates.
func (sc *Scenario) Describe() []TierView {
	m := scenarioModel(sc)
	derive(m)
	var out []TierView
	for _, t := range m.tiers {
		tv := TierView{Name: t.Name, Description: t.Description, Rules: []RuleView{}}
		for _, r := range t.rules() {
			tv.Rules = append(tv.Rules, RuleView{Direction: direction(r), Name: r.Name, Protocol: r.Protocol, Ports: r.portText(),
				Peer: r.peer(), Description: r.Description, Derived: r.Derived})
		}
		out = append(out, tv)
	}
	return out
}
