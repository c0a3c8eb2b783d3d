package cli

import (
	"fmt"
	"github.com/landform/landform/internal/artifact"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam/eval"
	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/yamltree"
)

// iamFlags are the inputs of can, who-can and escalation beyond -c.
type iamFlags struct {
	templates []string // FILE@ACCOUNT
	context   []string // key=value
	scps      []string // FILE[,FILE…] per level, root first
	rcps      []string
	resAcct   string // owner of account-less resources outside the workspace
}

func (f *iamFlags) register(cmd *cobra.Command, withContext bool) {
	cmd.Flags().StringArrayVar(&f.templates, "template", nil, "a CloudFormation template to add to the workspace, as FILE@ACCOUNT (12-digit id it deploys to; repeatable)")
	cmd.Flags().StringArrayVar(&f.scps, "scp", nil, "service control policies of one organization level, as FILE[,FILE…] of JSON policy documents; repeat per level, root first; every level must allow (include FullAWSAccess where it is attached)")
	cmd.Flags().StringArrayVar(&f.rcps, "rcp", nil, "resource control policies of one level, as FILE[,FILE…]; repeat per level, root first (RCPFullAWSAccess is implied)")
	cmd.Flags().StringVar(&f.resAcct, "resource-account", "", "the 12-digit account that owns resources whose ARN names none (S3) and that no template of the workspace creates (default: the principal's own)")
	if withContext {
		cmd.Flags().StringArrayVar(&f.context, "context", nil, "request context key=value (repeatable); defaults: aws:MultiFactorAuthPresent=true, aws:SecureTransport=true")
	}
}

func (f *iamFlags) ctx() (principals.Context, error) {
	out := principals.Context{}
	for _, kv := range f.context {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usageErrorf("--context %q: write key=value, such as --context aws:SourceIp=10.0.0.1", kv)
		}
		out[k] = v
	}
	return out, nil
}

// loadIAMWorkspace builds the workspace model of every -c config's stacks
// and every --template; stem names the HTML report.
func loadIAMWorkspace(app *App, f *iamFlags) (*principals.Model, string, error) {
	return loadIAMWorkspaceSeen(app, f, nil)
}

// builtSource is a template of the workspace: one a config built, or a
// --template given alone (tree and account set, config and artifact nil).
type builtSource struct {
	config   *artifact.Config
	artifact *artifact.Artifact
	tree     *yamltree.Tree
	account  string
}

// doc is the template's values.
func (b builtSource) doc() map[string]any {
	if b.artifact != nil {
		return b.artifact.Doc()
	}
	doc, _ := b.tree.Root.Interface().(map[string]any)
	return doc
}

// loadIAMWorkspaceSeen is loadIAMWorkspace; seen, when set, is told which
// config built each template, by the name decisions give the template.
func loadIAMWorkspaceSeen(app *App, f *iamFlags, seen map[string]builtSource) (*principals.Model, string, error) {
	if len(app.ConfigFiles) == 0 && len(f.templates) == 0 {
		return nil, "", usageErrorf("give the workspace: configs with -c FILE and/or templates with --template FILE@ACCOUNT")
	}
	w := principals.New()
	stem := ""
	if len(app.ConfigFiles) > 0 {
		files, err := expandConfigs(app.ConfigFiles)
		if err != nil {
			return nil, "", err
		}
		b := app.builder(cfn.YAML, nil)
		for _, file := range files {
			c, err := app.build(b, file)
			if err != nil {
				return nil, "", err
			}
			if len(c.Artifacts) == 0 {
				c.Findings.Sort()
				_ = finding.WriteText(app.IO.ErrOut, c.Findings)
				return nil, "", errFindings
			}
			if stem == "" {
				stem = c.Spec.Stem()
			}
			for _, a := range c.Artifacts {
				src := principals.Source{File: "templates/" + filepath.Base(a.Path), Account: a.Target.Account, AccountName: a.Unit.Account(), Region: a.Target.Region, Template: a.Doc()}
				if seen != nil {
					seen[src.File] = builtSource{config: c, artifact: a}
				}
				if err := w.Add(src); err != nil {
					return nil, "", err
				}
			}
		}
	}
	for _, t := range f.templates {
		file, acct, ok := strings.Cut(t, "@")
		if i := strings.LastIndex(t, "@"); i >= 0 {
			file, acct, ok = t[:i], t[i+1:], true
		}
		if !ok || acct == "" {
			return nil, "", usageErrorf("--template %s: say which account it deploys to, as --template %s@123456789012", t, t)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, "", fmt.Errorf("reading template %s: %w", file, unwrapPathError(err))
		}
		src, err := principals.ParseTemplate(file, data, acct)
		if err != nil {
			return nil, "", err
		}
		if seen != nil {
			tree, _ := cfn.Parse(file, data) // ParseTemplate read it: no errors
			seen[file] = builtSource{tree: tree, account: acct}
		}
		if err := w.Add(src); err != nil {
			return nil, "", usageErrorf("%v", err)
		}
		if stem == "" {
			stem = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(baseName(file), ".yaml"), ".yml"), ".json")
		}
	}
	w.Finish()
	if f.resAcct != "" {
		if len(f.resAcct) != 12 || strings.Trim(f.resAcct, "0123456789") != "" {
			return nil, "", usageErrorf("--resource-account %q: give a 12-digit account id", f.resAcct)
		}
		w.ResourceAccount = f.resAcct
	}
	for _, g := range []struct {
		kind  eval.Kind
		flag  string
		files []string
	}{{eval.SCP, "--scp", f.scps}, {eval.RCP, "--rcp", f.rcps}} {
		levels, err := readGuardrails(g.flag, g.files)
		if err != nil {
			return nil, "", err
		}
		if err := w.SetGuardrails(g.kind, levels); err != nil {
			return nil, "", fmt.Errorf("%s %w", g.flag, err)
		}
	}
	for _, warn := range w.Warnings {
		fmt.Fprintf(app.IO.ErrOut, "warning: %s\n", warn)
	}
	return w, stem, nil
}

// readGuardrails reads --scp or --rcp: each occurrence is one level, its
// comma-separated files that level's policies.
func readGuardrails(flag string, occurrences []string) ([][]principals.GuardrailFile, error) {
	var levels [][]principals.GuardrailFile
	for _, occ := range occurrences {
		var level []principals.GuardrailFile
		for _, file := range strings.Split(occ, ",") {
			if file == "" {
				return nil, usageErrorf("%s %q: give FILE[,FILE…], one JSON policy document per file", flag, occ)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				return nil, fmt.Errorf("%s: reading %s: %w", flag, file, unwrapPathError(err))
			}
			level = append(level, principals.GuardrailFile{File: file, Data: data})
		}
		levels = append(levels, level)
	}
	return levels, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// chainText is "a@x → b@y → c@z".
func chainText(hops []principals.Hop) string {
	var parts []string
	for _, h := range hops {
		parts = append(parts, h.Principal.Display())
	}
	return strings.Join(parts, " → ")
}

func entryText(p *principals.Principal) string {
	var parts []string
	for _, e := range p.Entries {
		parts = append(parts, e.Type+" "+e.Provider)
	}
	return strings.Join(parts, ", ")
}

// jsonHop is a chain step in JSON.
type jsonHop struct {
	Principal  string            `json:"principal"`
	ARN        string            `json:"arn"`
	Statements []principals.Stmt `json:"statements,omitempty"`
}

func jsonChain(hops []principals.Hop) []jsonHop {
	out := []jsonHop{}
	for _, h := range hops {
		out = append(out, jsonHop{Principal: h.Principal.Display(), ARN: h.Principal.ARN, Statements: h.Statements})
	}
	return out
}
