package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/report"
)

type reviewJSON struct {
	Config   string         `json:"config"`
	Kind     string         `json:"kind,omitempty"`
	Stem     string         `json:"stem,omitempty"`
	Files    []string       `json:"files"`
	Written  bool           `json:"written"`
	Findings []finding.JSON `json:"findings"`
}

type reviewOptions struct {
	App   *App
	Files []string // -c, expanded
}

func newReviewCmd(app *App, run func(context.Context, *reviewOptions) error) *cobra.Command {
	if run == nil {
		run = runReview
	}
	opts := &reviewOptions{App: app}
	return &cobra.Command{
		Use:   "review -c CONFIG",
		Short: "Write the pre-deployment review: templates/{stem}-review.yaml and reports/{stem}-review.html",
		Long: `Write what the config will create, for review before deployment. For sg:
the effective rules of every tier, each override and added rule marked, as
templates/{stem}-review.yaml, and reports/{stem}-review.html, one
self-contained page where overridden and added rules are highlighted.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			return run(cmd.Context(), opts)
		},
	}
}

// runReview writes each config's review.
func runReview(_ context.Context, opts *reviewOptions) error {
	app := opts.App
	return perConfig(app, opts.Files,
		func(file string) (reviewJSON, finding.List, error) { return reviewOne(app, file) },
		func(r *reviewJSON, fs []finding.JSON) { r.Findings = fs },
		func(r reviewJSON) {
			for _, f := range r.Files {
				fmt.Fprintln(app.IO.Out, f)
			}
		}, "no review written")
}

func reviewOne(app *App, file string) (reviewJSON, finding.List, error) {
	res := reviewJSON{Config: file, Files: []string{}}
	loaded, fs, err := app.loadSpec(file)
	if err != nil || loaded.Spec == nil || fs.HasErrors() {
		return res, fs, err
	}
	res.Kind, res.Stem = loaded.Kind.Name(), loaded.Spec.Stem()
	r, ok := loaded.Spec.(kinds.Reviewer)
	if !ok {
		return res, fs, usageErrorf("kind %s has no review report; export --what all writes its files for review", res.Kind)
	}
	if len(loaded.Artifacts) != 1 {
		return res, fs, fmt.Errorf("reviewing %s: kind %s has %d stacks; a review is of one", file, res.Kind, len(loaded.Artifacts))
	}
	rp, err := r.Review(loaded.Artifacts[0].Built())
	if err != nil {
		return res, fs, fmt.Errorf("reviewing %s: %w", file, err)
	}
	html, err := report.ReviewHTML(rp.Page)
	if err != nil {
		return res, fs, fmt.Errorf("rendering the review of %s: %w", file, err)
	}
	files := append(rp.Files, kinds.File{Dir: "reports", Name: res.Stem + "-review.html", Data: html})
	var log runLog
	log.printf("config %s (kind %s), review", file, res.Kind)
	log.findings(fs)
	paths, err := app.writeFiles(files, &log)
	res.Files = append(res.Files, paths...)
	if err != nil {
		return res, fs, err
	}
	res.Written = !app.DryRun
	app.writeLog(res.Stem, "review", &log)
	return res, fs, nil
}
