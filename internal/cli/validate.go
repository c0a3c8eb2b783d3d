package cli

import (
	"context"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
)

type validateOptions struct {
	App    *App
	Files  []string
	Estate string // the estate file, or "" when the configs are not one
}

func newValidateCmd(app *App, run func(context.Context, *validateOptions) error) *cobra.Command {
	if run == nil {
		run = runValidate
	}
	opts := &validateOptions{App: app}
	cmd := &cobra.Command{
		Use:     "validate -c CONFIG",
		Short:   "Check configs against their kind's schema and semantic and security rules",
		Aliases: []string{"validate-config"},
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			if opts.Estate, err = estateFile(app.EstateFile, app.ConfigFiles); err != nil {
				return err
			}
			return run(cmd.Context(), opts)
		},
	}
	registerFailOn(cmd, app)
	registerReport(cmd, app, "a log of each config's findings")
	return cmd
}

type validateConfigJSON struct {
	File   string `json:"file"`
	Kind   string `json:"kind,omitempty"`
	Stem   string `json:"stem,omitempty"`
	Valid  bool   `json:"valid"`
	Errors int    `json:"errors"`
	Warns  int    `json:"warnings"`
}

type validateJSON struct {
	Valid    bool                 `json:"valid"`
	Findings []finding.JSON       `json:"findings"`
	Configs  []validateConfigJSON `json:"configs"`
	Estate   *validateEstateJSON  `json:"estate,omitempty"`
}

// validateEstateJSON is the verdict on the configs as one estate.
type validateEstateJSON struct {
	File   string `json:"file"`
	Valid  bool   `json:"valid"`
	Stacks int    `json:"stacks"`
	Levels int    `json:"levels"`
	Errors int    `json:"errors"`
	Warns  int    `json:"warnings"`
}

func runValidate(_ context.Context, opts *validateOptions) error {
	app := opts.App
	result := validateJSON{Valid: true, Findings: []finding.JSON{}}
	var all finding.List
	if _, err := app.suppressions(); err != nil {
		return err
	}
	b := app.builder(cfn.YAML, nil)
	var configs []*artifact.Config
	for _, file := range opts.Files {
		built, err := app.build(b, file)
		if err != nil {
			return err
		}
		configs = append(configs, built)
		fs := built.OfConfig()
		fs.Sort()
		c := validateConfigJSON{File: file, Valid: !app.fails(fs), Errors: fs.Count(finding.Error), Warns: fs.Count(finding.Warning)}
		if built.Kind != nil {
			c.Kind = built.Kind.Name()
		}
		if built.Spec != nil {
			c.Stem = built.Spec.Stem()
			var log runLog
			log.printf("config %s", file)
			log.findings(fs)
			log.printf("%s", app.verdict(c.Valid, fs))
			if app.Report {
				app.writeLog(c.Stem, "validate", &log)
			}
		}
		result.Valid = result.Valid && c.Valid
		result.Findings = append(result.Findings, finding.ToJSON(fs)...)
		result.Configs = append(result.Configs, c)
		all = append(all, fs...)
		if app.Text() {
			if err := finding.WriteText(app.IO.Out, fs); err != nil {
				return err
			}
			fmt.Fprintf(app.IO.Out, "%s: %s\n", file, app.verdict(c.Valid, fs))
		}
	}
	sfs := app.suppressionReport()
	failed, err := app.writeSuppressionReport(sfs)
	if err != nil {
		return err
	}
	result.Valid = result.Valid && !failed
	result.Findings = append(result.Findings, finding.ToJSON(sfs)...)
	all = append(all, sfs...)
	if opts.Estate != "" {
		fs, v, err := validateEstate(app, opts.Estate, configs)
		if err != nil {
			return err
		}
		result.Estate = v
		result.Valid = result.Valid && v.Valid
		result.Findings = append(result.Findings, finding.ToJSON(fs)...)
		all = append(all, fs...)
	}
	switch {
	case app.JSON():
		if err := writeJSON(app.IO.Out, result); err != nil {
			return err
		}
	case app.SARIF():
		if err := writeSARIF(app, all); err != nil {
			return err
		}
	case app.Output == "junit":
		files := slices.Clone(opts.Files)
		if opts.Estate != "" {
			files = append(files, opts.Estate)
		}
		if len(sfs) > 0 {
			files = append(files, sfs[0].Pos.File)
		}
		if err := writeJUnit(app, files, all); err != nil {
			return err
		}
	}
	if !result.Valid {
		return errFindings
	}
	return nil
}

// validateEstate checks the configs as one estate: estate.yaml and the
// wiring between the stacks. Text output goes with the configs' verdicts.
func validateEstate(app *App, file string, configs []*artifact.Config) (finding.List, *validateEstateJSON, error) {
	be, err := estateOf(file, configs)
	if err != nil {
		return nil, nil, err
	}
	fs := be.Findings
	fs.Sort()
	v := &validateEstateJSON{File: file, Valid: !app.fails(fs), Errors: fs.Count(finding.Error), Warns: fs.Count(finding.Warning)}
	if be.Estate != nil {
		v.Stacks, v.Levels = len(be.Estate.Nodes), len(be.Estate.Levels())
	}
	for _, c := range configs {
		if app.fails(c.Findings) {
			v.Valid = false // an estate with a broken config is not one plan
		}
	}
	if app.Text() {
		if err := finding.WriteText(app.IO.Out, fs); err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(app.IO.Out, "estate %s: %s, %d stacks in %d levels\n", file, app.verdict(v.Valid, fs), v.Stacks, v.Levels)
	}
	return fs, v, nil
}
