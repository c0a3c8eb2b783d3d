package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/workdir"
)

type generateOptions struct {
	App    *App
	Files  []string
	Format cfn.Format
}

func newGenerateCmd(app *App, run func(context.Context, *generateOptions) error) *cobra.Command {
	if run == nil {
		run = runGenerate
	}
	opts := &generateOptions{App: app}
	var format string
	cmd := &cobra.Command{
		Use:     "generate -c CONFIG",
		Short:   "Write the CloudFormation template of each config to templates/{stem}.yaml",
		Aliases: []string{"create-prov-template", "create-template"},
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := cfn.ParseFormat(format)
			if err != nil {
				return usageErrorf("--format: %v", err)
			}
			files, err := expandConfigs(app.ConfigFiles)
			if err != nil {
				return err
			}
			opts.Files, opts.Format = files, f
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&format, "format", "yaml", "template encoding: yaml or json")
	return cmd
}

// generateJSON is the machine-readable result of generating one config.
type generateJSON struct {
	Config       string         `json:"config"`
	Kind         string         `json:"kind,omitempty"`
	Stem         string         `json:"stem,omitempty"`
	StackName    string         `json:"stack_name,omitempty"`
	Template     string         `json:"template,omitempty"`
	Bytes        int            `json:"bytes,omitempty"`
	DeployMethod string         `json:"deploy_method,omitempty"`
	Resources    map[string]int `json:"resources,omitempty"`
	Inventory    map[string]int `json:"inventory,omitempty"`
	Written      bool           `json:"written"`
	Account      string         `json:"account,omitempty"`
	Stacks       []generateJSON `json:"stacks,omitempty"` // one per account, for access configs
	Findings     []finding.JSON `json:"findings"`
}

func runGenerate(_ context.Context, opts *generateOptions) error {
	app := opts.App
	return perConfig(app, opts.Files,
		func(file string) (generateJSON, finding.List, error) { return generateOne(app, file, opts.Format) },
		func(r *generateJSON, fs []finding.JSON) { r.Findings = fs },
		func(r generateJSON) {
			for _, st := range append([]generateJSON{r}, r.Stacks...) {
				if st.Template != "" {
					fmt.Fprintln(app.IO.Out, st.Template)
					fmt.Fprintln(app.IO.ErrOut, describeGenerate(st, app.DryRun))
				}
			}
		}, "no template written")
}

// generateOne loads, builds, encodes, checks and writes one config's
// templates (one per stack: access configs have one per account). Nothing
// is written unless every step of every stack passed.
func generateOne(app *App, file string, format cfn.Format) (generateJSON, finding.List, error) {
	res := generateJSON{Config: file}
	loaded, fs, err := app.loadConfig(file)
	if err != nil || loaded.Spec == nil || fs.HasErrors() {
		return res, fs, err
	}
	spec := loaded.Spec
	res.Kind, res.Stem, res.StackName = loaded.Kind.Name(), spec.Stem(), spec.StackName()
	units, err := app.units(spec)
	if err != nil {
		return res, fs, err
	}
	type output struct {
		path string
		body []byte
	}
	var outputs []output
	var stacks []generateJSON
	for _, u := range units {
		r := generateJSON{Config: file, Kind: res.Kind, Account: u.Name, Stem: u.Stem(), StackName: u.StackName()}
		t, err := u.Build()
		if err != nil {
			return res, fs, fmt.Errorf("building template for %s: %w", file, err)
		}
		body, err := t.Encode(format)
		if err != nil {
			return res, fs, err
		}
		path := app.Dir().Path("templates", u.Stem()+format.Ext())
		for _, f := range check.Bytes(path, body) {
			if f.Severity != finding.Note { // the size note repeats deploy_method
				fs = append(fs, f)
			}
		}
		r.Template, r.Bytes, r.DeployMethod = path, len(body), cfn.SendMethod(body)
		r.Resources, r.Inventory = t.CountByType(), u.Inventory()
		if r.DeployMethod == "TemplateURL" && u.TemplateBucket() == "" {
			fs.Add(finding.Finding{Rule: "LF-CFN-011", Severity: finding.Warning, Pos: finding.Pos{File: file}, Path: "deployment.template_bucket",
				Message: fmt.Sprintf("template is %d bytes, over TemplateBody's %d, and no template_bucket is set", len(body), cfn.MaxTemplateBody),
				Hint:    "add deployment.template_bucket so deploy can upload it"})
		}
		outputs = append(outputs, output{path, body})
		stacks = append(stacks, r)
	}
	var log runLog
	log.printf("config %s (kind %s)", file, res.Kind)
	log.findings(fs)
	if fs.HasErrors() {
		log.printf("no template written")
		app.writeLog(spec.Stem(), "generate", &log)
		return res, fs, nil
	}
	for i, o := range outputs {
		if !app.DryRun {
			if err := workdir.WriteFile(o.path, o.body); err != nil {
				return res, fs, err
			}
			stacks[i].Written = true
		}
		log.printf("%s", describeGenerate(stacks[i], app.DryRun))
	}
	app.writeLog(spec.Stem(), "generate", &log)
	if len(stacks) == 1 && stacks[0].Account == "" {
		one := stacks[0]
		one.Account = ""
		return one, fs, nil
	}
	res.Stacks, res.Written = stacks, !app.DryRun
	return res, fs, nil
}

func describeGenerate(r generateJSON, dryRun bool) string {
	var b strings.Builder
	verb := "wrote"
	if dryRun {
		verb = "would write (dry run)"
	}
	fmt.Fprintf(&b, "%s %s: kind %s, stack %s, %s bytes, deploy with %s", verb, r.Template, r.Kind, r.StackName, commas(r.Bytes), r.DeployMethod)
	fmt.Fprintf(&b, "\n  inventory: %s", counts(r.Inventory))
	fmt.Fprintf(&b, "\n  resources: %s", counts(r.Resources))
	return b.String()
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
