package artifact

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/parallel"
	"github.com/landform/landform/internal/suppress"
	"github.com/landform/landform/internal/workdir"
	"github.com/landform/landform/internal/yamltree"
)

// Builder turns config files into artifacts. One Builder serves a whole
// command: its Env compiles each schema once however many configs it
// builds.
type Builder struct {
	Kinds  all.Registry // nil: all.Kinds
	Env    *kinds.Env
	Dir    workdir.Dir // where templates/ is, for the artifacts' paths
	Format cfn.Format  // "" is YAML
	// Account narrows a config with a stack per account to that account
	// (--account).
	Account string
	// Suffix, when set, makes every artifact a test copy: the suffix it
	// returns goes on the stack name and every physical name.
	Suffix func() string
	// Parse, when set, reads every encoded template back instead of taking
	// the tree the YAML writer built; a JSON template is always parsed
	// (with cfn.Parse when Parse is nil). Tests set it to count parses and
	// to compare the two trees.
	Parse func(file string, data []byte) (*yamltree.Tree, finding.List)
	// Suppressions, when set, are the reviewed suppressions file's entries:
	// applied to every finding of the config and its templates before any
	// decides whether the config builds.
	Suppressions *suppress.Set
}

func (b *Builder) registry() all.Registry {
	if b.Kinds == nil {
		return all.Kinds
	}
	return b.Kinds
}

// Build loads one config (data is the file's content) and builds an
// artifact of each of its units. Everything wrong with the config or its
// templates is a finding, and a config with an error-severity finding has
// no artifacts: nothing broken goes further. The error is for what is not
// the config's fault (broken assets), and for an --account the config does
// not have (*AccountError).
func (b *Builder) Build(file string, data []byte) (*Config, error) {
	loaded, found, err := b.registry().Load(file, data, b.Env)
	b.Suppressions.See(loaded.Doc)
	b.Suppressions.Apply(found)
	c := &Config{File: file, Kind: loaded.Kind, Spec: loaded.Spec, Note: loaded.Note, Findings: found}
	if err != nil || loaded.Spec == nil || found.HasErrors() {
		return c, err
	}
	units, err := b.units(loaded.Spec)
	if err != nil {
		return c, err
	}
	// The accounts a config names are the ones its templates may let in.
	sets := append(b.registry().TemplateRules(), check.ExternalPrincipals(check.AccountsIn(data)))
	// An access config's stacks (an account each, its shards) build on
	// every core at once; what they find is taken in order.
	arts := make([]*Artifact, len(units))
	errs := make([]error, len(units))
	parallel.Each(len(units), func(i int) {
		arts[i], errs[i] = b.unit(file, loaded.Kind.Name(), loaded.Spec, units[i], sets)
	})
	for i, a := range arts {
		if errs[i] != nil {
			return c, errs[i]
		}
		b.Suppressions.See(a.Tree)
		b.Suppressions.Apply(a.Findings)
		c.Findings = append(c.Findings, Shown(a.Findings)...)
	}
	if !c.Findings.HasErrors() {
		c.Artifacts = arts
	}
	return c, nil
}

// Shown are the findings a user is shown of a template: its errors and
// warnings, and what the suppressions file accepted (a reviewed decision
// every report lists). Other notes (the size note, which the send method
// says again, and what the template's own Metadata suppresses, which check
// lists) stay in the artifact.
func Shown(fs finding.List) finding.List {
	var out finding.List
	for _, f := range fs {
		if f.Severity != finding.Note || f.Suppressed != nil && f.Suppressed.Kind == "external" {
			out = append(out, f)
		}
	}
	return out
}

// units are the spec's stacks, only --account's when it is given: the
// account's own unit and every unit named "{account}/…" (the shards of an
// access account too big for one stack; a unit's full name selects it
// alone). The error lists the accounts, not their shards.
func (b *Builder) units(s kinds.Spec) ([]kinds.NamedUnit, error) {
	units := kinds.UnitsOf(s)
	if b.Account == "" {
		return units, nil
	}
	var picked []kinds.NamedUnit
	var names []string
	for _, u := range units {
		if u.Name == b.Account || strings.HasPrefix(u.Name, b.Account+"/") {
			picked = append(picked, u)
		}
		if !strings.Contains(u.Name, "/") {
			names = append(names, u.Name)
		}
	}
	if len(picked) > 0 {
		return picked, nil
	}
	if len(units) == 1 && units[0].Name == "" {
		names = nil
	}
	return nil, &AccountError{Account: b.Account, Have: names}
}

// unit builds, encodes, parses and checks one unit's template.
func (b *Builder) unit(file, kind string, spec kinds.Spec, u kinds.NamedUnit, sets []check.RuleSet) (*Artifact, error) {
	format := b.Format
	if format == "" {
		format = cfn.YAML
	}
	t, err := u.Build()
	if err != nil {
		return nil, fmt.Errorf("building the template of %s: %w", file, err)
	}
	a := &Artifact{Config: file, Kind: kind, Unit: u, Target: u.Target(), Stem: u.Stem(), StackName: u.StackName(),
		Template: t, Format: format}
	if b.Suffix != nil {
		a.Suffix = b.Suffix()
		if err := t.SuffixNames(a.Suffix); err != nil {
			a.Findings.Add(finding.Finding{Rule: "LF-STK-001", Severity: finding.Error, Pos: finding.Pos{File: file},
				Message: "cannot make a test copy: " + err.Error(), Hint: "shorten the names in the config, or deploy without --test"})
			return a, nil
		}
		a.StackName = fmt.Sprintf("%s-test-%s", a.StackName, a.Suffix)
		a.Stem = fmt.Sprintf("%s-test-%s", a.Stem, a.Suffix)
		a.Target = testTarget(a.Target, a.Suffix)
	}
	a.Path = b.Dir.Path("templates", a.Stem+format.Ext())
	var tree *yamltree.Tree
	if a.Body, tree, err = t.EncodeTree(format, a.Path); err != nil {
		return nil, err
	}
	// A YAML template comes with its tree, positions included, as the
	// writer wrote it; a JSON one is parsed back.
	if tree == nil || b.Parse != nil {
		parse := b.Parse
		if parse == nil {
			parse = cfn.Parse
		}
		var fs finding.List
		tree, fs = parse(a.Path, a.Body)
		a.Findings = append(a.Findings, fs...)
		if tree == nil {
			return nil, fmt.Errorf("landform wrote a template it cannot read back (%s): %v", a.Path, fs)
		}
	}
	a.Tree = tree
	tfs := check.Template(tree, len(a.Body), sets...)
	if m, ok := spec.(kinds.TemplateMapper); ok {
		tfs = m.MapTemplateFindings(t, tfs)
	}
	a.Findings = append(a.Findings, tfs...)
	a.Send = cfn.Sending(a.Body, tree)
	if a.Send.Method == "TemplateURL" && u.TemplateBucket() == "" {
		field := "deployment.template_bucket"
		if bf, ok := u.Unit.(kinds.BucketField); ok {
			field = bf.BucketField()
		}
		a.Findings.Add(finding.Finding{Rule: "LF-CFN-011", Severity: finding.Warning, Pos: finding.Pos{File: file}, Path: field,
			Message: fmt.Sprintf("template is %d bytes, over TemplateBody's %d, and no template_bucket is set", len(a.Body), cfn.MaxTemplateBody),
			Hint:    "add " + field + " so deploy can upload it"})
	}
	a.Wiring = wiringOf(tree, a.Target)
	return a, nil
}

// testTarget is where a test copy goes: SSM outputs under their own path,
// and a tag that marks the copy.
func testTarget(t kinds.Target, suffix string) kinds.Target {
	if t.OutputsPath != "" {
		t.OutputsPath += "/test-" + suffix
	}
	tags := map[string]string{"landform:test-deploy": suffix}
	for k, v := range t.Tags {
		tags[k] = v
	}
	t.Tags = tags
	return t
}
