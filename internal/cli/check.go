package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
)

type checkOptions struct {
	App       *App
	Templates []string
}

func newCheckCmd(app *App, run func(context.Context, *checkOptions) error) *cobra.Command {
	if run == nil {
		run = runCheck
	}
	opts := &checkOptions{App: app}
	return &cobra.Command{
		Use:   "check TEMPLATE... | check -c CONFIG",
		Short: "Check CloudFormation templates locally: structure, references, limits, IAM policies",
		Long: `Check CloudFormation templates (YAML with or without short-form tags, or JSON),
landform's or any other, before they go near AWS. With -c instead of files, check
the template generate wrote for each config (templates/{stem}.yaml in --workdir).`,
		Aliases: []string{"validate-prov-template", "validate-template"},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) > 0 && len(app.ConfigFiles) > 0:
				return usageErrorf("give template files or -c configs, not both")
			case len(args) > 0:
				opts.Templates = args
			default:
				paths, err := app.templatesOf()
				if err != nil {
					return err
				}
				opts.Templates = paths
			}
			return run(cmd.Context(), opts)
		},
	}
}

// templatesOf maps -c configs to the templates generate wrote for them.
func (a *App) templatesOf() ([]string, error) {
	files, err := expandConfigs(a.ConfigFiles)
	if err != nil {
		return nil, usageErrorf("check needs template files, or -c CONFIG for the template generate wrote")
	}
	var out []string
	for _, file := range files {
		loaded, fs, err := a.loadConfig(file)
		if err != nil {
			return nil, err
		}
		if loaded.Spec == nil {
			return nil, fmt.Errorf("config %s has errors (%s); run landform validate -c %s", file, finding.Summary(fs), file)
		}
		out = append(out, a.Workspace().Path("templates", loaded.Spec.Stem()+".yaml"))
	}
	return out, nil
}

type checkTemplateJSON struct {
	File     string `json:"file"`
	Bytes    int    `json:"bytes"`
	Valid    bool   `json:"valid"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
}

type checkJSON struct {
	Valid     bool                `json:"valid"`
	Findings  []finding.JSON      `json:"findings"`
	Templates []checkTemplateJSON `json:"templates"`
}

func runCheck(_ context.Context, opts *checkOptions) error {
	app := opts.App
	result := checkJSON{Valid: true, Findings: []finding.JSON{}}
	for _, file := range opts.Templates {
		data, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("reading template %s: %w", file, unwrapPathError(err))
		}
		fs := check.Bytes(file, data)
		fs.Sort()
		t := checkTemplateJSON{File: file, Bytes: len(data), Valid: !fs.HasErrors(), Errors: fs.Count(finding.Error), Warnings: fs.Count(finding.Warning)}
		result.Valid = result.Valid && t.Valid
		result.Findings = append(result.Findings, finding.ToJSON(fs)...)
		result.Templates = append(result.Templates, t)
		if !app.JSON() {
			if err := finding.WriteText(app.IO.Out, fs); err != nil {
				return err
			}
			fmt.Fprintf(app.IO.Out, "%s: %s\n", file, verdict(t.Valid, fs))
		}
	}
	if app.JSON() {
		if err := writeJSON(app.IO.Out, result); err != nil {
			return err
		}
	}
	if !result.Valid {
		return errFindings
	}
	return nil
}
