// Package kinds defines what every kind of config (sec, sg, ml, access)
// provides to the commands: loading a parsed document into a typed spec,
// validating it, building its template and exporting its files. The commands
// in package cli speak only these interfaces; a new kind is a new package and
// one line in package kinds/all.
package kinds

import (
	"io/fs"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/yamltree"
)

// Kind is one kind of config.
type Kind interface {
	Name() string    // "sec", the value of `kind:`
	Section() string // "security", used to infer the kind when `kind:` is missing
	// Assets are the kind's embedded data (schemas/, and whatever else it
	// reads: policy-templates/, scenarios/, products/).
	Assets() fs.FS
	// Rules are every rule id the kind reports, on configs and templates.
	Rules() []finding.Rule
	// TemplateRules are the rules the kind judges templates by, for check;
	// the zero RuleSet when it has none.
	TemplateRules() check.RuleSet
	// Variants lists the schema variants (tiers), in order.
	Variants() []string
	// Schema returns the JSON Schema of a variant ("" for the schema that
	// accepts every variant), indented, with a final newline.
	Schema(assets fs.FS, variant string) ([]byte, error)
	// Load validates a parsed document against the kind's schema and decodes
	// it. Findings are the user's to fix; an error means landform's own
	// assets are broken.
	Load(doc *config.Document, env *Env) (Spec, finding.List, error)
}

// Spec is one loaded config of a kind.
type Spec interface {
	Stem() string      // every derived name starts from it
	StackName() string // the CloudFormation stack
	// TemplateBucket is the S3 bucket for templates too large for
	// TemplateBody, or "" when the config names none.
	TemplateBucket() string
	// Target says where and how the stack is deployed.
	Target() Target
	// Validate runs the kind's semantic and security rules.
	Validate() finding.List
	// Build returns the template. It is pure: same spec, same template.
	Build() (*cfn.Template, error)
	// Inventory counts what the template creates, in the kind's own words.
	Inventory() map[string]int
	// ExportSets lists what `export --what` accepts for this kind, besides "all".
	ExportSets() []string
	// Export renders the files of one export set; built are the config's
	// templates as the artifact stage made them (one per unit built).
	Export(set string, built []Built) ([]File, error)
	// OperatorPolicy is the least-privilege policy for the identity that deploys it.
	OperatorPolicy() iam.Policy
}

// Unit is one stack of a config: what generate writes and deploy deploys.
// Most kinds have one, the Spec itself; access has one per account.
type Unit interface {
	Stem() string
	StackName() string
	TemplateBucket() string
	Target() Target
	Build() (*cfn.Template, error)
	Inventory() map[string]int
}

// NamedUnit is a Unit with the name that selects it (--account).
type NamedUnit struct {
	Name string // "" for kinds with one stack
	Unit
}

// Account is the account the unit's name selects (--account): the name up
// to a "/" (access shards are "{account}/shard-NN").
func (u NamedUnit) Account() string {
	name, _, _ := strings.Cut(u.Name, "/")
	return name
}

// Multi is a Spec with several stacks.
type Multi interface {
	Units() []NamedUnit
}

// Ordered is a Unit that must be deployed after other units of the same
// config (access shards after their account's base stack). After returns
// the NamedUnit.Name of each unit it needs, or nil; a unit that is not
// Ordered needs none.
type Ordered interface{ After() []string }

// Family is a set of stacks one unit answers for besides itself: every
// stack of its account whose name starts with Prefix and ends with Suffix.
// Keep are the names of those the config still makes; deploy deletes the
// others before it deploys the unit (access: the stacks of engineers who
// left, with personal_roles.stacks: engineer). Why says, for a name
// deploy deletes, why it goes.
type Family struct {
	Prefix, Suffix string
	Keep           []string
	Why            func(stack string) string
}

// Step is one link of a statement's provenance: a config line that put
// it in a template, and what that line is.
type Step struct {
	What string      // "engineer jane-doe", "policy group data", "atomic policy S3ReadClientTcm"
	Path string      // the config path ("engineers.jane-doe")
	Pos  finding.Pos // where it is in the config
}

// Explainer is a Spec that can say which lines of its config put a
// policy statement into one of its templates (landform why). unit is the
// NamedUnit's name; template is the unit's template as plain values;
// holder is the logical id of the principal that holds the policy;
// logicalID, policy and sid say which statement (the policy's resource,
// or the principal for an inline or trust policy; the policy's name, or
// AssumeRolePolicyDocument; the statement's Sid). Steps run from the
// principal the config defines to the line the statement comes from; none
// when the kind cannot tell.
type Explainer interface {
	Explain(unit string, template map[string]any, holder, logicalID, policy, sid string) []Step
}

// TemplateExplainer is a Kind that can trace a statement of one of its
// templates with the template alone (landform why --template): from what
// the template's Metadata records of the config, paths without lines.
type TemplateExplainer interface {
	ExplainTemplate(template map[string]any, holder, logicalID, policy, sid string) []Step
}

// Pruner is a Unit with a Family; ok is false for a unit with none.
type Pruner interface{ StackFamily() (f Family, ok bool) }

// UnitsOf returns the stacks of a spec: its Units, or the spec itself.
func UnitsOf(s Spec) []NamedUnit {
	if m, ok := s.(Multi); ok {
		return m.Units()
	}
	return []NamedUnit{{Unit: s}}
}

// TemplateMapper is a Spec that points the findings of its kind's
// template rules at the config fields that cause them (ml: a tier's
// product rule broken by the config's choices), and adds what it judges on
// the built template. The artifact stage calls it once per unit, on the
// findings of check and every kind's template rules; what it returns
// replaces them.
type TemplateMapper interface {
	MapTemplateFindings(t *cfn.Template, found finding.List) finding.List
}

// Built is a unit's template as the artifact stage made it: the model and
// its encoding parsed once, for what a kind derives from them.
type Built struct {
	Template *cfn.Template
	Tree     *yamltree.Tree
}

// ReviewPage is a pre-deployment review: the files for templates/ and the
// page the caller renders as reports/{stem}-review.html.
type ReviewPage struct {
	Files []File
	Page  report.Review
}

// Reviewer is a Spec with a pre-deployment review report (sg, ml) that
// shows what will be created, the config's changes to the defaults
// highlighted. Kinds give the data; rendering is the caller's.
type Reviewer interface {
	Review(b Built) (ReviewPage, error)
}

// Target is what the AWS lifecycle needs from a config besides its template.
type Target struct {
	Account string // the 12-digit account the stack must go to
	Region  string
	// Tags go on the stack, and CloudFormation copies them to the resources.
	Tags map[string]string
	// TemplatePrefix is the key prefix under TemplateBucket ("" or ending in "/").
	TemplatePrefix string
	// Profile and RoleARN say how to reach the account: a shared-config
	// profile, or a role to assume from the caller's credentials when they
	// are for another account. Both empty: the caller's credentials as they
	// are.
	Profile string
	RoleARN string
	// OutputsPath is the SSM path deploy writes every stack output under
	// ("/security/{stem}"), or "" for kinds whose templates create their own
	// SSM parameters.
	OutputsPath string
}

// File is one exported file: a directory of the workspace, a name and its bytes.
type File struct {
	Dir  string // "policies", "groups", "roles"
	Name string
	Data []byte
}

// WiringSource is a Spec that says which of its fields names an SSM
// parameter its stack reads or writes, so that the estate's findings
// about that parameter point at the line to change. ok is false for a
// name the spec does not know.
type WiringSource interface {
	WiringField(name string) (path string, pos finding.Pos, ok bool)
}

// BucketField is a Unit whose template bucket is not the config's
// deployment.template_bucket: the field that sets it (access: the
// account's).
type BucketField interface {
	BucketField() string
}
