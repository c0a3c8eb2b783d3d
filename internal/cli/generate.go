package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/version"
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
	registerFailOn(cmd, app)
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
	Reports      []string       `json:"reports,omitempty"` // the template's and its policies' documentation
	Account      string         `json:"account,omitempty"`
	Stacks       []generateJSON `json:"stacks,omitempty"` // one per account, for access configs
	Findings     []finding.JSON `json:"findings"`
}

func runGenerate(_ context.Context, opts *generateOptions) error {
	app := opts.App
	b := app.builder(opts.Format, nil)
	app.ahead = startReadAhead(b, opts.Files)
	defer func() { app.ahead.close(); app.ahead = nil }()
	return perConfig(app, opts.Files,
		func(file string) (generateJSON, finding.List, error) { return generateOne(app, b, file) },
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

// generateOne builds one config's artifacts (one per stack: access
// configs have one per account) and writes their templates. Nothing is
// written unless every stack built and checked clean.
func generateOne(app *App, b *artifact.Builder, file string) (generateJSON, finding.List, error) {
	res := generateJSON{Config: file}
	c, err := app.build(b, file)
	if err != nil {
		return res, nil, err
	}
	fs := c.Findings
	if c.Spec == nil {
		return res, fs, nil
	}
	res.Kind, res.Stem, res.StackName = c.Kind.Name(), c.Spec.Stem(), c.Spec.StackName()
	var log runLog
	log.printf("config %s (kind %s)", file, res.Kind)
	log.findings(fs)
	if len(c.Artifacts) == 0 || app.fails(fs) {
		if app.fails(fs) {
			log.printf("no template written")
			app.writeLog(c.Spec.Stem(), "generate", &log)
		}
		return res, fs, nil
	}
	var stacks []generateJSON
	for _, a := range c.Artifacts {
		r := generateJSON{Config: file, Kind: res.Kind, Account: a.Unit.Name, Stem: a.Stem, StackName: a.StackName,
			Template: a.Path, Bytes: len(a.Body), DeployMethod: a.Send.Method, Resources: a.Template.CountByType(), Inventory: a.Unit.Inventory()}
		if !app.DryRun {
			if err := workdir.WriteFile(a.Path, a.Body); err != nil {
				return res, fs, err
			}
			r.Written = true
			if r.Reports, err = app.writeTemplateDocs(a); err != nil {
				return res, fs, err
			}
		}
		log.printf("%s", describeGenerate(r, app.DryRun))
		stacks = append(stacks, r)
	}
	app.writeLog(c.Spec.Stem(), "generate", &log)
	if len(stacks) == 1 && stacks[0].Account == "" {
		return stacks[0], fs, nil
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

// writeTemplateDocs writes the template's documentation and its policies'
// beside the other reports: reports/{stem}-template.html and
// reports/{stem}-policies.html.
func (app *App) writeTemplateDocs(a *artifact.Artifact) ([]string, error) {
	doc, _ := a.Tree.Root.Interface().(map[string]any)
	facts := [][2]string{{"Stack", a.StackName}, {"Kind", a.Kind}, {"Config", a.Config}, {"Template", a.Path}, {"Generator", "landform " + version.Version}}
	var out []string
	for _, page := range []struct {
		name string
		page report.Review
	}{
		{a.Stem + "-template.html", report.TemplateDoc(a.Stem, facts, doc)},
		{a.Stem + "-policies.html", report.PolicyDoc(a.Stem, facts, doc)},
	} {
		html, err := report.ReviewHTML(page.page)
		if err != nil {
			return out, err
		}
		path := app.Dir().Path("reports", page.name)
		if err := workdir.WriteFile(path, html); err != nil {
			return out, err
		}
		out = append(out, path)
	}
	return out, nil
}
