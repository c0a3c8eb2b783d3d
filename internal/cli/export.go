package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/estate"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/workdir"
)

type exportOptions struct {
	App   *App
	Files []string
	What  string
}

// exportAliases are the seed tools' action names and the set each exports.
var exportAliases = map[string]string{
	"export-iam-policy":       "operator-policy",
	"create-policy":           "operator-policy",
	"export-service-policies": "service-policies",
	"export-groups":           "groups",
	"export-roles":            "roles",
}

func newExportCmd(app *App, run func(context.Context, *exportOptions) error) *cobra.Command {
	if run == nil {
		run = runExport
	}
	opts := &exportOptions{App: app}
	aliases := make([]string, 0, len(exportAliases))
	for a := range exportAliases {
		aliases = append(aliases, a)
	}
	slices.Sort(aliases)
	cmd := &cobra.Command{
		Use:   "export -c CONFIG [--what SET]",
		Short: "Write policies, groups and roles as JSON for review before deployment",
		Long: `Write JSON files for review and audit before deployment:
  operator-policy   policies/{stem}-iam-policy.json: what the deploying identity needs
  service-policies  policies/{prefix}-policy-{service}-{level}.json: each policy template used
  groups            groups/{prefix}-group-{name}.json
  roles             roles/{prefix}-role-{name}.json and roles/{prefix}-xacct-{name}.json
  all               every set (the default)`,
		Aliases: aliases,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if set, ok := exportAliases[cmd.CalledAs()]; ok && !cmd.Flags().Changed("what") {
				opts.What = set
			}
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files = files
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.What, "what", "all", "what to export: all, operator-policy, service-policies, groups, roles")
	return cmd
}

type exportJSON struct {
	Config   string         `json:"config"`
	Kind     string         `json:"kind,omitempty"`
	Stem     string         `json:"stem,omitempty"`
	Files    []string       `json:"files"`
	Written  bool           `json:"written"`
	Findings []finding.JSON `json:"findings"`
}

func runExport(_ context.Context, opts *exportOptions) error {
	app := opts.App
	return perConfig(app, opts.Files,
		func(file string) (exportJSON, finding.List, error) { return exportOne(app, file, opts.What) },
		func(r *exportJSON, fs []finding.JSON) { r.Findings = fs },
		func(r exportJSON) {
			for _, f := range r.Files {
				fmt.Fprintln(app.IO.Out, f)
			}
			if app.DryRun {
				fmt.Fprintf(app.IO.ErrOut, "dry run: %d files not written\n", len(r.Files))
			}
		}, "nothing exported")
}

// exportOne renders every file of the asked sets first and writes them only
// when all rendered, each atomically.
func exportOne(app *App, file, what string) (exportJSON, finding.List, error) {
	res := exportJSON{Config: file, Files: []string{}}
	loaded, fs, err := app.loadSpec(file)
	if err != nil || loaded.Spec == nil || fs.HasErrors() {
		return res, fs, err
	}
	spec := loaded.Spec
	res.Kind, res.Stem = loaded.Kind.Name(), spec.Stem()
	sets := spec.ExportSets()
	if what != "all" {
		if !slices.Contains(sets, what) {
			return res, fs, usageErrorf("--what %s: kind %s exports all, %s", what, res.Kind, strings.Join(sets, ", "))
		}
		sets = []string{what}
	}
	ss, err := app.stackSetOfConfig(file)
	if err != nil {
		return res, fs, err
	}
	var files []kinds.File
	for _, set := range sets {
		if set == "operator-policy" {
			p := spec.OperatorPolicy()
			if ss != nil {
				// A stack set's deployer needs the set's calls too.
				t := spec.Target()
				p.Statement = append(p.Statement, estate.SetOperatorStatements(ss, spec.StackName(), t.Account, t.Region)...)
			}
			// The policy must allow everything the stacks' lifecycle asks of
			// AWS; a gap is landform's bug, and nothing is written.
			ofs, err := checkOperatorPolicy(p, loaded.Artifacts)
			if err != nil {
				return res, fs, err
			}
			if fs = append(fs, ofs...); fs.HasErrors() {
				return res, fs, nil
			}
			fl, err := kinds.OperatorPolicyFile(spec.Stem(), p)
			if err != nil {
				return res, fs, err
			}
			files = append(files, fl...)
			continue
		}
		fl, err := spec.Export(set, loaded.Built())
		if err != nil {
			return res, fs, fmt.Errorf("exporting %s of %s: %w", set, file, err)
		}
		files = append(files, fl...)
	}
	var log runLog
	log.printf("config %s (kind %s), export %s", file, res.Kind, what)
	log.findings(fs)
	paths, err := app.writeFiles(files, &log)
	res.Files = append(res.Files, paths...)
	if err != nil {
		return res, fs, err
	}
	res.Written = !app.DryRun
	if !app.DryRun && what == "all" {
		// The policies' documentation goes with them, as generate writes it.
		for _, a := range loaded.Artifacts {
			docs, err := app.writeTemplateDocs(a)
			res.Files = append(res.Files, docs...)
			if err != nil {
				return res, fs, err
			}
		}
	}
	app.writeLog(spec.Stem(), "export", &log)
	return res, fs, nil
}

// writeFiles writes each file into the workspace atomically (nothing with
// --dry-run) and returns their paths.
func (app *App) writeFiles(files []kinds.File, log *runLog) ([]string, error) {
	var paths []string
	for _, f := range files {
		path := app.Dir().Path(f.Dir, f.Name)
		if !app.DryRun {
			if err := workdir.WriteFile(path, f.Data); err != nil {
				return paths, err
			}
		}
		paths = append(paths, path)
		log.printf("wrote %s", path)
	}
	return paths, nil
}
