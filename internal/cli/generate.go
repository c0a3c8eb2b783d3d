package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

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
	if _, err := app.suppressions(); err != nil {
		return err
	}
	b := app.builder(opts.Format, nil)
	var prepare func(*artifact.Config) any
	if !app.DryRun {
		prepare = func(c *artifact.Config) any { return renderDocs(c) }
	}
	app.ahead = startReadAhead(b, opts.Files, prepare)
	defer func() { app.ahead.close(); app.ahead = nil }()
	return app.withSuppressionReport(perConfig(app, opts.Files,
		func(file string) (generateJSON, finding.List, error) { return generateOne(app, b, file) },
		func(r *generateJSON, fs []finding.JSON) { r.Findings = fs },
		func(r generateJSON) {
			for _, st := range append([]generateJSON{r}, r.Stacks...) {
				if st.Template != "" {
					fmt.Fprintln(app.IO.Out, st.Template)
					fmt.Fprintln(app.IO.ErrOut, describeGenerate(st, app.DryRun))
				}
			}
		}, "no template written"))
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
	docs, _ := app.ahead.prepared().(map[*artifact.Artifact][]docPage)
	if docs == nil && !app.DryRun {
		docs = renderDocs(c)
	}
	var stacks []generateJSON
	for _, a := range c.Artifacts {
		r := generateJSON{Config: file, Kind: res.Kind, Account: a.Unit.Name, Stem: a.Stem, StackName: a.StackName,
			Template: a.Path, Bytes: len(a.Body), DeployMethod: a.Send.Method, Resources: a.Template.CountByType(), Inventory: a.Unit.Inventory()}
		if !app.DryRun {
			// The template and its pages are written at once: each write
			// waits mostly on its file's sync.
			files := []docPage{{path: a.Path, body: a.Body}}
			for _, d := range docs[a] {
				files = append(files, docPage{path: app.Dir().Path("reports", d.name), body: d.body, err: d.err})
				r.Reports = append(r.Reports, app.Dir().Path("reports", d.name))
			}
			if err := writeFiles(files); err != nil {
				return res, fs, err
			}
			r.Written = true
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

// docPage is a file of generate's: a page (name, under reports/) or a
// template (path), its bytes, or the error that stopped its rendering.
type docPage struct {
	name, path string
	body       []byte
	err        error
}

// renderDocs renders each template's documentation and its policies', for
// reports/{stem}-template.html and reports/{stem}-policies.html. A page
// that cannot be rendered is a page with an error, reported when its
// config's files would be written.
func renderDocs(c *artifact.Config) map[*artifact.Artifact][]docPage {
	out := map[*artifact.Artifact][]docPage{}
	for _, a := range c.Artifacts {
		out[a] = templateDocs(a)
	}
	return out
}

// templateDocs are the two pages of one template.
func templateDocs(a *artifact.Artifact) []docPage {
	doc, _ := a.Tree.Value().(map[string]any)
	facts := [][2]string{{"Stack", a.StackName}, {"Kind", a.Kind}, {"Config", a.Config}, {"Template", a.Path}, {"Generator", "landform " + version.Version}}
	var out []docPage
	for _, page := range []struct {
		name string
		page report.Review
	}{
		{a.Stem + "-template.html", withSuppressed(report.TemplateDoc(a.Stem, facts, doc), a.Findings)},
		{a.Stem + "-policies.html", report.PolicyDoc(a.Stem, facts, doc)},
	} {
		html, err := report.ReviewHTML(page.page)
		out = append(out, docPage{name: page.name, body: html, err: err})
	}
	return out
}

// withSuppressed adds the template's accepted findings to its page.
func withSuppressed(r report.Review, fs finding.List) report.Review {
	r.Sections = append(r.Sections, report.Suppressed(fs))
	return r
}

// writeTemplateDocs writes the template's documentation and its policies'
// beside the other reports, and returns their paths.
func (app *App) writeTemplateDocs(a *artifact.Artifact) ([]string, error) {
	var files []docPage
	var paths []string
	for _, d := range templateDocs(a) {
		d.path = app.Dir().Path("reports", d.name)
		files = append(files, d)
		paths = append(paths, d.path)
	}
	if err := writeFiles(files); err != nil {
		return nil, err
	}
	return paths, nil
}

// writeFiles writes each file atomically, all at once, and returns the
// first error in the files' order.
func writeFiles(files []docPage) error {
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		if f.err != nil {
			errs[i] = f.err
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = workdir.WriteFile(f.path, f.body)
		}()
	}
	wg.Wait()
	return firstError(errs)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
