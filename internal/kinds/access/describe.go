package access

import (
	"sort"
	"strings"

	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/report"
)

// Access is one row of the access matrix: a team reaches a role in an
// account, through the chain of roles it switches through. A team role
// people log straight into through SAML is an entry point too: its rows'
// Team is "saml:PROVIDER", and the first is the role itself.
type Access struct {
	Team    string   `json:"team"`
	Account string   `json:"account"`
	Role    string   `json:"role"`
	Chain   []string `json:"chain"` // from the team to the role, "role@account" each
	SAML    bool     `json:"saml_login"`
}

// Matrix is who can assume which role in which account: every team (the
// entry points people log into) and every role it reaches through trust
// and role chaining, with the shortest chain; then the roles no team
// reaches at all (GitHub Actions, devservers, or nobody).
func (s *spec) Matrix() []Access {
	var out []Access
	for _, start := range s.model.roles {
		direct := start.Kind == kindTeamRole && start.SAML != ""
		if start.Kind != kindTeam && !direct {
			continue
		}
		entry := start.Name
		if direct {
			entry = "saml:" + start.SAML
		}
		// Breadth-first over "can assume", so each role gets its shortest chain.
		prev := map[*role]*role{start: nil}
		queue := []*role{start}
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			for _, next := range s.assumable(cur) {
				if _, seen := prev[next]; !seen {
					prev[next] = cur
					queue = append(queue, next)
				}
			}
		}
		for r := range prev {
			if r == start && !direct {
				continue
			}
			var chain []string
			for c := r; c != nil; c = prev[c] {
				chain = append([]string{c.Name + "@" + c.Account}, chain...)
			}
			out = append(out, Access{Team: entry, Account: r.Account, Role: r.Name, Chain: chain, SAML: start.SAML != ""})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Team != b.Team {
			return a.Team < b.Team
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		return a.Role < b.Role
	})
	return out
}

var _ kinds.Describer = (*spec)(nil)

// Describe is `landform describe access`: the matrix as a table, its rows
// as JSON items, and the page reports/{stem}-matrix.html.
func (s *spec) Describe() (kinds.Description, error) {
	rows := s.Matrix()
	d := kinds.Description{Report: s.Stem() + "-matrix.html"}
	sec := kinds.Section{Header: []string{"TEAM", "ACCOUNT", "ROLE", "CHAIN"}}
	for _, r := range rows {
		sec.Rows = append(sec.Rows, []string{r.Team, r.Account, r.Role, strings.Join(r.Chain, " → ")})
		d.Items = append(d.Items, r)
	}
	d.View = kinds.View{JSON: rows, Sections: []kinds.Section{sec},
		Note: "each team's AWS CLI profiles for these chains, and the role Terraform runs as in each account: landform export --what profiles (profiles/" + s.org() + "-TEAM.config, -terraform.json)"}
	d.Page = report.Review{Title: "Who can assume what: " + s.Stem(),
		Subtitle: "Every role each team reaches, through its SAML login and role chaining, with the shortest chain.",
		Legend:   "reached only by chaining through another role. landform export --what profiles writes each team's AWS CLI profiles for these chains (profiles/" + s.org() + "-TEAM.config) and the role its Terraform runs as in each account (-terraform.json)"}
	byTeam := map[string]*report.ReviewSection{}
	var order []string
	for _, r := range rows {
		sec, ok := byTeam[r.Team]
		if !ok {
			login := "switched into from another team"
			if r.SAML {
				login = "logged into through SAML"
			}
			name, desc := "Team "+r.Team, "A role in the identity account, "+login+"."
			if provider, ok := strings.CutPrefix(r.Team, "saml:"); ok {
				name, desc = "SAML login through "+provider, "Team roles of member accounts people log straight into through "+provider+", and what they reach from there."
			}
			sec = &report.ReviewSection{Name: name, Description: desc,
				Tables: []report.ReviewTable{{Caption: "Reaches", Columns: []string{"Account", "Role", "Chain"}}}}
			byTeam[r.Team] = sec
			order = append(order, r.Team)
		}
		sec.Tables[0].Rows = append(sec.Tables[0].Rows, report.ReviewRow{Cells: []string{r.Account, r.Role, strings.Join(r.Chain, " → ")}, Highlight: len(r.Chain) > 2})
	}
	for _, t := range order {
		d.Page.Sections = append(d.Page.Sections, *byTeam[t])
	}
	return d, nil
}
