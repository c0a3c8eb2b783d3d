package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/report"
)

type escalationOptions struct {
	App *App
	IAM iamFlags
}

func newEscalationCmd(app *App, run func(context.Context, *escalationOptions) error) *cobra.Command {
	if run == nil {
		run = runEscalation
	}
	opts := &escalationOptions{App: app}
	cmd := &cobra.Command{
		Use:   "escalation",
		Short: "List privilege-escalation paths to admin-equivalent power in the workspace",
		Long: `escalation lists, for every principal of the workspace that is not
admin-equivalent, the shortest path by which it can become so (sts:AssumeRole
into a more privileged role, iam:PassRole with a compute create, policy and
trust edits, credentials of a more privileged user, group membership,
lambda:UpdateFunctionCode), with the statements that allow each step.
Admin-equivalent and the techniques are defined in docs/iam-eval.md. Exit 1
when any path exists. With --report, also writes reports/STEM-escalation.html.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return run(cmd.Context(), opts) },
	}
	opts.IAM.register(cmd, true)
	registerReport(cmd, app, "the page reports/STEM-escalation.html")
	return cmd
}

func runEscalation(_ context.Context, opts *escalationOptions) error {
	app, f := opts.App, &opts.IAM
	ctx, err := f.ctx()
	if err != nil {
		return err
	}
	w, stem, err := loadIAMWorkspace(app, f)
	if err != nil {
		return err
	}
	paths := w.Escalations(ctx)
	page := report.Review{Title: "Privilege-escalation paths: " + stem,
		Subtitle: "Every principal that is not admin-equivalent but can become so, with the shortest path and the statements that allow each step."}
	table := report.ReviewTable{Columns: []string{"Principal", "Reaches", "Step", "Deciding statements"}, Empty: "No escalation path."}
	for _, p := range paths {
		for i, s := range p.Steps {
			who, reaches := "", ""
			if i == 0 {
				who, reaches = p.Principal, p.Admin
			}
			step := fmt.Sprintf("%d. %s → %s", i+1, s.Technique, s.To)
			if s.Pathfinding != "" {
				step += " [pathfinding.cloud " + s.Pathfinding + "]"
			}
			if s.Detail != "" {
				step += " (" + s.Detail + ")"
			}
			var stmts []string
			for _, st := range s.Statements {
				stmts = append(stmts, st.String())
			}
			table.Rows = append(table.Rows, report.ReviewRow{Cells: []string{who, reaches, step, strings.Join(stmts, "; ")}})
		}
	}
	page.Sections = []report.ReviewSection{{Name: "Paths", Tables: []report.ReviewTable{table}}}
	if err := writeQueryPage(app, stem+"-escalation.html", page); err != nil {
		return err
	}
	if app.JSON() {
		if paths == nil {
			paths = []principals.Path{}
		}
		if err := writeJSON(app.IO.Out, paths); err != nil {
			return err
		}
	} else {
		o := app.IO.Out
		if len(paths) == 0 {
			fmt.Fprintln(o, "no privilege-escalation path")
		}
		for _, p := range paths {
			fmt.Fprintf(o, "%s reaches admin-equivalent %s:\n", p.Principal, p.Admin)
			for i, s := range p.Steps {
				fmt.Fprintf(o, "  %d. %s → %s", i+1, s.Technique, s.To)
				if s.Pathfinding != "" {
					fmt.Fprintf(o, " [pathfinding.cloud %s]", s.Pathfinding)
				}
				if s.Detail != "" {
					fmt.Fprintf(o, " (%s)", s.Detail)
				}
				fmt.Fprintln(o)
				for _, st := range s.Statements {
					fmt.Fprintf(o, "       %s\n", st)
				}
			}
		}
	}
	if len(paths) > 0 {
		return fmt.Errorf("escalation paths: %w", errReported)
	}
	return nil
}
