package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/access"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/workdir"
)

// matrixer is a spec that can say who reaches which role (kind access).
type matrixer interface {
	Matrix() []access.Access
}

// describeAccess prints, for each access config, who can assume which role
// in which account (teams, through SAML and role chaining), and writes the
// same as reports/{org}-access-matrix.html.
func describeAccess(app *App) error {
	files, err := expandConfigs(app.ConfigFiles)
	if err != nil {
		return err
	}
	var all []access.Access
	for _, file := range files {
		loaded, fs, err := app.loadSpec(file)
		if err != nil {
			return err
		}
		if loaded.Spec == nil || fs.HasErrors() {
			fs.Sort()
			_ = finding.WriteText(app.IO.ErrOut, fs)
			return errFindings
		}
		m, ok := loaded.Spec.(matrixer)
		if !ok {
			return usageErrorf("describe access is for access configs; %s is kind %s", file, loaded.Kind.Name())
		}
		rows := m.Matrix()
		all = append(all, rows...)
		if err := writeMatrixHTML(app, loaded.Spec, rows); err != nil {
			return err
		}
		if !app.JSON() {
			tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TEAM\tACCOUNT\tROLE\tCHAIN")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Team, r.Account, r.Role, strings.Join(r.Chain, " → "))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	if app.JSON() {
		if all == nil {
			all = []access.Access{}
		}
		return writeJSON(app.IO.Out, all)
	}
	return nil
}

func writeMatrixHTML(app *App, spec kinds.Spec, rows []access.Access) error {
	page := report.Review{Title: "Who can assume what: " + spec.Stem(),
		Subtitle: "Every role each team reaches, through its SAML login and role chaining, with the shortest chain. Highlighted: reached only by chaining through another role."}
	byTeam := map[string]*report.ReviewSection{}
	var order []string
	for _, r := range rows {
		sec, ok := byTeam[r.Team]
		if !ok {
			login := "switched into from another team"
			if r.SAML {
				login = "logged into through SAML"
			}
			sec = &report.ReviewSection{Name: "Team " + r.Team, Description: "A role in the identity account, " + login + ".",
				Tables: []report.ReviewTable{{Caption: "Reaches", Columns: []string{"Account", "Role", "Chain"}}}}
			byTeam[r.Team] = sec
			order = append(order, r.Team)
		}
		sec.Tables[0].Rows = append(sec.Tables[0].Rows, report.ReviewRow{Cells: []string{r.Account, r.Role, strings.Join(r.Chain, " → ")}, Highlight: len(r.Chain) > 2})
	}
	for _, t := range order {
		page.Sections = append(page.Sections, *byTeam[t])
	}
	html, err := report.ReviewHTML(page)
	if err != nil {
		return err
	}
	path := app.Dir().Path("reports", spec.Stem()+"-matrix.html")
	if app.DryRun {
		return nil
	}
	if err := workdir.WriteFile(path, html); err != nil {
		return err
	}
	fmt.Fprintf(app.IO.ErrOut, "wrote %s\n", path)
	return nil
}
