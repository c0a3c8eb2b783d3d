package artifact

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/operator"
	"github.com/landform/landform/internal/yamltree"
)

// Artifact is one unit of a config, built: everything a command after
// loading needs, made once.
type Artifact struct {
	Config string          // the config file it comes from
	Kind   string          // the config's kind
	Unit   kinds.NamedUnit // Unit.Name is the account for kinds with a stack per account
	Target kinds.Target

	// Stem and StackName are the unit's, with the test suffix when the
	// builder makes test copies.
	Stem, StackName string
	Suffix          string // the test-copy suffix, or ""

	Template *cfn.Template  // the model the body was encoded from
	Format   cfn.Format     // the body's encoding
	Path     string         // where generate writes it: templates/{stem}{ext}
	Body     []byte         // the encoded template
	Tree     *yamltree.Tree // Body parsed, with positions in Path
	Send     cfn.Send       // how Body goes to CloudFormation

	// Findings are the template's: check's rules and every kind's
	// template rules, with positions in Path (or in the config, for the
	// findings a kind maps back to the field that causes them).
	Findings finding.List
	Wiring   Wiring
}

// Doc is the template as plain values (maps, lists, strings), for the
// diff and the IAM model. It is the tree's Value, shared: read it only.
func (a *Artifact) Doc() map[string]any {
	m, _ := a.Tree.Value().(map[string]any)
	return m
}

// Digest is the SHA-256 of Body, in hex: what generate wrote, and what a
// deploy of the generated file must match.
func (a *Artifact) Digest() string {
	sum := sha256.Sum256(a.Body)
	return hex.EncodeToString(sum[:])
}

// Where names the artifact in messages: the config, and the account for
// configs with a stack per account.
func (a *Artifact) Where() string {
	if a.Unit.Name != "" {
		return a.Config + " (account " + a.Unit.Name + ")"
	}
	return a.Config
}

// Config is one config file, built.
type Config struct {
	File string
	Kind kinds.Kind // nil when the kind could not be told
	Spec kinds.Spec // nil when loading stopped early
	Note string     // how the kind was inferred, for verbose output
	// Findings are the config's and every artifact's, in one list: what
	// the user sees. Notes of check (the size note, suppressed findings)
	// are left out; they stay in each artifact's own Findings.
	Findings  finding.List
	Artifacts []*Artifact // none when the config or a template has errors
}

// Stem is the config's stem, or "" when it did not load.
func (c *Config) Stem() string {
	if c.Spec == nil {
		return ""
	}
	return c.Spec.Stem()
}

// AccountError is a --account that names no account of the config.
type AccountError struct {
	Account string
	Have    []string // the config's accounts; none for kinds with one stack
}

func (e *AccountError) Error() string {
	if len(e.Have) == 0 {
		return "--account is for configs with a stack per account (kind access)"
	}
	return fmt.Sprintf("--account %s: the config's accounts are %s", e.Account, strings.Join(e.Have, ", "))
}

// OfConfig are the findings about the config file itself: its own and
// those a kind pointed back at the field that causes them, without the
// ones positioned in a generated template. validate shows these.
func (c *Config) OfConfig() finding.List {
	var out finding.List
	for _, f := range c.Findings {
		if f.Pos.File == "" || f.Pos.File == c.File {
			out = append(out, f)
		}
	}
	return out
}

// Built is the artifact as a kind reads it back (reviews, exports).
func (a *Artifact) Built() kinds.Built { return kinds.Built{Template: a.Template, Tree: a.Tree} }

// Built are the config's artifacts as kinds read them back, in order.
func (c *Config) Built() []kinds.Built {
	out := make([]kinds.Built, len(c.Artifacts))
	for i, a := range c.Artifacts {
		out[i] = a.Built()
	}
	return out
}

// OperatorEnv is where the artifact's stack goes and what landform does
// around it, for checking an operator policy against it.
func (a *Artifact) OperatorEnv() operator.Env {
	e := operator.Env{Account: a.Target.Account, Region: a.Target.Region, StackName: a.StackName,
		OutputsPath: a.Target.OutputsPath, Bucket: a.Unit.TemplateBucket(), Prefix: a.Target.TemplatePrefix}
	if p, ok := a.Unit.Unit.(kinds.Pruner); ok {
		if f, ok := p.StackFamily(); ok {
			e.FamilyPrefix, e.FamilySuffix = f.Prefix, f.Suffix
		}
	}
	return e
}
