package principals

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/iam/eval"
)

// Source is one template of the workspace and where it deploys.
type Source struct {
	File        string         // path shown in decisions (templates/acme-dev-access.yaml)
	Account     string         // 12-digit account id the stack deploys to
	AccountName string         // the account's name in an access config, or ""
	Region      string         // region of the stack ("" = us-east-1)
	Template    map[string]any // the decoded template (plain maps and lists)
}

// Kind is what sort of IAM identity a principal is.
type Kind uint8

const (
	Role Kind = iota
	User
	Group // stands for "a user who is a member of the group, with nothing else"
)

func (k Kind) String() string { return [...]string{"role", "user", "group"}[k] }

// Entry is a federated way into a role: a trust statement whose principal is
// a SAML or OIDC identity provider.
type Entry struct {
	Type     string `json:"type"`     // SAML or OIDC
	Provider string `json:"provider"` // the provider's ARN
	Action   string `json:"action"`   // sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity
}

// Principal is a role, user or group of the workspace.
type Principal struct {
	Kind        Kind
	Name        string // the IAM name
	Account     string
	AccountName string
	ARN         string
	File        string
	LogicalID   string

	Own        []*eval.Policy // inline and managed policies attached to it
	Boundaries []*eval.Policy
	Trust      *eval.Policy // roles: the trust policy
	Entries    []Entry      // roles: federated entry points
	Services   []string     // roles: service principals its trust names
	Groups     []*Principal // users: their groups
	Members    []*Principal // groups: their users
	Profiles   []string     // roles: instance profiles that hold it
	HasLogin   bool         // users: have a console password (LoginProfile)

	identity  []*eval.Policy // Own plus the groups' policies
	workloads []*Workload    // roles: the workloads that run as it
	trusted   []string       // AWS principals its trust policy allows (raw), for prefiltering
	attached  []attachment   // managed policy ARNs to resolve once every template is in
	boundary  string         // permissions boundary ARN to resolve
}

// Identity is every identity policy that applies to the principal: its own
// and, for a user, its groups'.
func (p *Principal) Identity() []*eval.Policy { return p.identity }

// Display is name@account, with the account's name when known.
func (p *Principal) Display() string {
	acct := p.AccountName
	if acct == "" {
		acct = p.Account
	}
	prefix := ""
	switch p.Kind {
	case User:
		prefix = "user:"
	case Group:
		prefix = "group:"
	}
	return prefix + p.Name + "@" + acct
}

type attachment struct {
	arn   string
	field string
}

// PolicySource says where a compiled policy came from.
type PolicySource struct {
	File       string `json:"template"`
	LogicalID  string `json:"logical_id,omitempty"`
	PolicyName string `json:"policy,omitempty"` // inline policy name, managed policy name or ARN
	ARN        string `json:"arn,omitempty"`    // managed policies
}

func (s PolicySource) String() string {
	out := s.File
	if s.LogicalID != "" {
		out += " " + s.LogicalID
	}
	if s.PolicyName != "" {
		out += " " + s.PolicyName
	}
	return out
}

// ResourcePolicy is a resource-based policy of the workspace and the ARNs
// it governs.
type ResourcePolicy struct {
	Type      string   // AWS::S3::BucketPolicy, AWS::KMS::Key
	ARNs      []string // exact ARNs; an entry ending in "/*" also covers everything under it
	Account   string
	Policy    *eval.Policy
	Doc       any // the document with the template's references resolved
	File      string
	LogicalID string
}

// Warning is something the model could not take in fully.
type Warning struct {
	File      string `json:"template"`
	LogicalID string `json:"logical_id,omitempty"`
	Field     string `json:"field,omitempty"`
	Message   string `json:"message"`
}

func (w Warning) String() string {
	loc := w.File
	if w.LogicalID != "" {
		loc += ": " + w.LogicalID
	}
	if w.Field != "" {
		loc += "." + w.Field
	}
	return loc + ": " + w.Message
}

// Workspace is the model of every principal and resource policy of a set
// of templates.
type Model struct {
	// ResourceAccount owns the resources whose ARN names no account (S3)
	// and that no template of the workspace creates; "" means the
	// principal's own account.
	ResourceAccount string

	Principals []*Principal
	Resources  []*ResourcePolicy
	Workloads  []*Workload
	Warnings   []Warning

	sources  map[string]PolicySource // by compiled policy Name
	byARN    map[string]*Principal
	policies map[string]*managedDef  // customer-managed policies by ARN
	aws      map[string]*eval.Policy // AWS-managed policies compiled so far

	eventSources map[string]bool // accounts with a stream or queue a Lambda function can be mapped to
	pending      []pendingAttach
	edges        *graph
	edgesKey     string
	public       *publicAnswer           // Public's, for one context
	trusts       map[string]*eval.Policy // rewrittenTrust's, by principal: asked for every role a principal may edit
	seq          int
	scps         [][]*eval.Policy // SetGuardrails
	rcps         [][]*eval.Policy
}

type managedDef struct {
	policy    *eval.Policy
	file, lid string
	name      string
	attached  []*Principal
}

type pendingAttach struct {
	policy               *managedDef
	inline               *eval.Policy
	account, file, lid   string
	roles, users, groups []string
}

// New returns an empty workspace.
func New() *Model {
	return &Model{sources: map[string]PolicySource{}, byARN: map[string]*Principal{}, policies: map[string]*managedDef{}, aws: map[string]*eval.Policy{}}
}

// Source returns where a compiled policy (by its Name) came from.
func (w *Model) Source(name string) PolicySource { return w.sources[name] }

// Principal returns the principal with the ARN, or nil.
func (w *Model) Principal(arn string) *Principal { return w.byARN[arn] }

// Policies returns the customer-managed policies attached to p (ARN → name),
// for the escalation paths that edit them.
func (w *Model) attachedManaged(p *Principal) []string {
	var out []string
	for arn, d := range w.policies {
		for _, a := range d.attached {
			if a == p {
				out = append(out, arn)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

func (w *Model) compile(v any, kind eval.Kind, src PolicySource) (*eval.Policy, error) {
	w.seq++
	name := fmt.Sprintf("%s#%d", src.String(), w.seq)
	p, err := eval.CompileValue(v, kind, name)
	if err != nil {
		return nil, err
	}
	w.sources[name] = src
	return p, nil
}

// GuardrailFile is one SCP or RCP document and the file it came from.
type GuardrailFile struct {
	File string
	Data []byte
}

// SetGuardrails gives the organization's policies over every principal of
// the workspace: kind eval.SCP or eval.RCP, one list of documents per
// level, root first. Every SCP level must allow a request (include
// FullAWSAccess where the organization keeps it attached); each RCP level
// implicitly holds RCPFullAWSAccess, so RCPs only deny. Call it before the
// first question: answers already computed are not revised.
func (w *Model) SetGuardrails(kind eval.Kind, levels [][]GuardrailFile) error {
	var out [][]*eval.Policy
	for l, level := range levels {
		var ps []*eval.Policy
		for _, f := range level {
			name := fmt.Sprintf("%s %s (level %d)", strings.ToUpper(kind.String()), f.File, l)
			p, err := eval.Compile(f.Data, kind, name)
			if err != nil {
				return fmt.Errorf("%s: %w", f.File, err)
			}
			w.sources[name] = PolicySource{File: f.File, PolicyName: strings.ToUpper(kind.String()) + " level " + strconv.Itoa(l)}
			ps = append(ps, p)
		}
		out = append(out, ps)
	}
	switch kind {
	case eval.SCP:
		w.scps = out
	case eval.RCP:
		w.rcps = out
	default:
		return fmt.Errorf("guardrails are SCPs or RCPs, not %s policies", kind)
	}
	w.edges, w.edgesKey = nil, ""
	return nil
}
