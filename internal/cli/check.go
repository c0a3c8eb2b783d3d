package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/operator"
	"github.com/landform/landform/internal/version"
	"github.com/landform/landform/internal/yamltree"
)

type checkOptions struct {
	App       *App
	Templates []string
	ListRules bool
	// Allowed are the accounts trust and resource policies may let in
	// besides the stack's own (--allow-external-principals, and the
	// accounts -c configs name).
	Allowed []string
	// OperatorPolicy is the file --operator-policy names; Account, Region
	// and StackName say where a template given alone deploys.
	OperatorPolicy             string
	Account, Region, StackName string
	// envs are the stacks -c configs' templates deploy as.
	envs map[string]operator.Env
}

func newCheckCmd(app *App, run func(context.Context, *checkOptions) error) *cobra.Command {
	if run == nil {
		run = runCheck
	}
	opts := &checkOptions{App: app}
	cmd := &cobra.Command{
		Use:   "check TEMPLATE... | check -c CONFIG",
		Short: "Check CloudFormation templates locally: structure, references, limits, IAM policies",
		Long: `Check CloudFormation templates (YAML with or without short-form tags, or JSON),
landform's or any other, before they go near AWS. With -c instead of files, check
the template generate wrote for each config (templates/{stem}.yaml in --workdir).`,
		Aliases: []string{"validate-prov-template", "validate-template"},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case opts.ListRules:
			case len(args) > 0 && len(app.ConfigFiles) > 0:
				return usageErrorf("give template files or -c configs, not both")
			case len(args) > 0:
				opts.Templates = args
			default:
				paths, envs, err := app.templatesOf()
				if err != nil {
					return err
				}
				opts.Templates, opts.envs = paths, envs
				accounts, err := app.accountsOfConfigs()
				if err != nil {
					return err
				}
				opts.Allowed = append(opts.Allowed, accounts...)
			}
			if opts.OperatorPolicy == "" && (opts.Account != "" || opts.Region != "" || opts.StackName != "") {
				return usageErrorf("--account, --region and --stack-name say where a template deploys for --operator-policy; give --operator-policy FILE")
			}
			for _, a := range opts.Allowed {
				if len(a) != 12 || strings.Trim(a, "0123456789") != "" {
					return usageErrorf("--allow-external-principals %s: give 12-digit account ids", a)
				}
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.ListRules, "list-rules", false, "list every rule check applies, and exit")
	cmd.Flags().StringSliceVar(&opts.Allowed, "allow-external-principals", nil, "account ids trust and resource policies may let in besides the stack's own (LF-IAM-018), comma-separated or repeated")
	cmd.Flags().StringVar(&opts.OperatorPolicy, "operator-policy", "", "check that this IAM policy (landform export --what operator-policy) allows every call the templates' lifecycle makes: landform's own and CloudFormation's for each resource (LF-OPS-001)")
	cmd.Flags().StringVar(&opts.Account, "account", "", "with --operator-policy and template files: the account the stack deploys to (default: the one the policy names)")
	cmd.Flags().StringVar(&opts.Region, "region", "", "with --operator-policy and template files: the region (default: the one the policy names)")
	cmd.Flags().StringVar(&opts.StackName, "stack-name", "", "with --operator-policy and template files: the stack's name (default: {stem}-stack for a landform template, else the file's name)")
	registerFailOn(cmd, app)
	return cmd
}

type ruleJSON struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
}

func listRules(app *App) error {
	rules := artifact.Rules(app.kinds())
	if app.JSON() {
		out := make([]ruleJSON, len(rules))
		for i, r := range rules {
			out[i] = ruleJSON{r.ID, r.Severity.String(), r.Summary}
		}
		return writeJSON(app.IO.Out, out)
	}
	tw := tabwriter.NewWriter(app.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tWHAT IT CATCHES")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Summary)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(app.IO.ErrOut, "suppress a rule for one resource with Metadata: {landform: {suppress: [{rule: ID, reason: why}]}}\n")
	return nil
}

// writeSARIF writes findings as SARIF, with the one rule table as the
// tool's rules.
func writeSARIF(app *App, fs finding.List) error {
	return finding.WriteSARIF(app.IO.Out, finding.Tool{Name: "landform", Version: version.Version,
		InformationURI: "https://github.com/landform/landform"}, artifact.Rules(app.kinds()), fs)
}

// writeJUnit writes findings as JUnit XML: a testsuite per input file, a
// failing testcase per finding at --fail-on or graver.
func writeJUnit(app *App, files []string, fs finding.List) error {
	fs.Sort()
	return finding.WriteJUnit(app.IO.Out, finding.Tool{Name: "landform", Version: version.Version,
		InformationURI: "https://github.com/landform/landform"}, files, artifact.Rules(app.kinds()), app.FailOn, fs)
}

// accountsOfConfigs are the account ids the -c configs name.
func (a *App) accountsOfConfigs() ([]string, error) {
	files, err := expandConfigs(a.ConfigFiles)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, check.AccountsIn(data)...)
	}
	return out, nil
}

// templatesOf maps -c configs to the templates generate wrote for them,
// and each to the stack it deploys as.
func (a *App) templatesOf() ([]string, map[string]operator.Env, error) {
	files, err := expandConfigs(a.ConfigFiles)
	if err != nil {
		return nil, nil, usageErrorf("check needs template files, or -c CONFIG for the template generate wrote")
	}
	b := a.builder(cfn.YAML, nil)
	var out []string
	envs := map[string]operator.Env{}
	for _, file := range files {
		c, err := a.build(b, file)
		if err != nil {
			return nil, nil, err
		}
		if len(c.Artifacts) == 0 {
			return nil, nil, fmt.Errorf("config %s has errors (%s); run landform validate -c %s", file, finding.Summary(c.Findings), file)
		}
		for _, art := range c.Artifacts {
			out = append(out, art.Path)
			envs[art.Path] = art.OperatorEnv()
		}
	}
	return out, envs, nil
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
	if opts.ListRules {
		return listRules(app)
	}
	result := checkJSON{Valid: true, Findings: []finding.JSON{}}
	var all finding.List
	set, err := app.suppressions()
	if err != nil {
		return err
	}
	checked, err := checkAll(opts.Templates, append(app.kinds().TemplateRules(), check.ExternalPrincipals(opts.Allowed)))
	if err != nil {
		return err
	}
	var op *operatorPolicy
	if opts.OperatorPolicy != "" {
		if op, err = readOperatorPolicy(opts.OperatorPolicy); err != nil {
			return err
		}
	}
	for i, file := range opts.Templates {
		fs := checked[i].findings
		if op != nil && checked[i].tree != nil {
			env, ok := opts.envs[file]
			if !ok {
				if env, err = opts.templateEnv(op, file, checked[i].tree); err != nil {
					return err
				}
			}
			ofs, err := operatorFindings(op, checked[i].tree, env)
			if err != nil {
				return err
			}
			fs = append(fs, ofs...)
			fs.Sort()
		}
		set.See(checked[i].tree)
		set.Apply(fs)
		t := checkTemplateJSON{File: file, Bytes: checked[i].bytes, Valid: !app.fails(fs), Errors: fs.Count(finding.Error), Warnings: fs.Count(finding.Warning)}
		result.Valid = result.Valid && t.Valid
		result.Findings = append(result.Findings, finding.ToJSON(fs)...)
		result.Templates = append(result.Templates, t)
		all = append(all, fs...)
		if app.Text() {
			if err := finding.WriteText(app.IO.Out, fs); err != nil {
				return err
			}
			fmt.Fprintf(app.IO.Out, "%s: %s\n", file, app.verdict(t.Valid, fs))
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
		files := opts.Templates
		if len(sfs) > 0 {
			files = append(slices.Clone(files), sfs[0].Pos.File)
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

type checkedTemplate struct {
	bytes    int
	findings finding.List
	tree     *yamltree.Tree // nil when the file could not be parsed
}

// checkAll reads and checks the templates on every core; results keep the
// order of files. A file that cannot be read is an error.
func checkAll(files []string, sets []check.RuleSet) ([]checkedTemplate, error) {
	out := make([]checkedTemplate, len(files))
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				data, err := os.ReadFile(files[i])
				if err != nil {
					errs[i] = fmt.Errorf("reading template %s: %w", files[i], unwrapPathError(err))
					continue
				}
				tree, fs := cfn.Parse(files[i], data)
				if tree != nil {
					fs = append(fs, check.Template(tree, len(data), sets...)...)
				}
				fs.Sort()
				out[i] = checkedTemplate{bytes: len(data), findings: fs, tree: tree}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}
