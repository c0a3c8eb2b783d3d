package sec

// Config is a sec config file, decoded after schema validation. The JSON
// Schema in assets/schemas/sec.json is the authority on shapes and limits;
// this type mirrors it.
type Config struct {
	Kind        string            `json:"kind"`
	Tier        string            `json:"tier"`
	Client      Client            `json:"client"`
	Environment Environment       `json:"environment"`
	Deployment  Deployment        `json:"deployment"`
	Security    Security          `json:"security"`
	Tags        map[string]string `json:"tags"`
}

// Client names the organisation and the account the stack goes to.
type Client struct {
	Name          string `json:"name"`
	CompanyPrefix string `json:"company_prefix"`
	TenantID      string `json:"tenant_id"`
	AccountID     string `json:"account_id"`
}

// Environment is the stage and region of the stack.
type Environment struct {
	Env    string `json:"env"`
	Region string `json:"region"`
}

// Deployment says where templates too large for TemplateBody are uploaded.
type Deployment struct {
	TemplateBucket string `json:"template_bucket"`
	TemplatePrefix string `json:"template_prefix"`
}

// Security holds every IAM resource of the stack.
type Security struct {
	Profiles          Profiles           `json:"security_profiles"`
	ManagedPolicies   []ManagedPolicy    `json:"managed_policies"`
	Groups            []Group            `json:"iam_groups"`
	ServiceRoles      []ServiceRole      `json:"service_roles"`
	AssumableRoles    []AssumableRole    `json:"assumable_roles"`
	CrossAccountRoles []CrossAccountRole `json:"cross_account_roles"`
}

// Profiles switch whole sections on and off; a missing switch is on.
type Profiles struct {
	ManagedPolicies   *bool `json:"managed_policies"`
	ServiceRoles      *bool `json:"service_roles"`
	AssumableRoles    *bool `json:"assumable_roles"`
	CrossAccountRoles *bool `json:"cross_account_roles"`
}

// ManagedPolicy is a standalone customer-managed policy made from a template.
type ManagedPolicy struct {
	Template    string `json:"template"`
	Description string `json:"description"`
	Enabled     *bool  `json:"enabled"`
}

// Group is an IAM group for one team.
type Group struct {
	Name            string   `json:"name"`
	Description     string   `json:"description"`
	InlinePolicies  []string `json:"inline_policies"`
	ManagedPolicies []string `json:"managed_policies"`
	Enabled         *bool    `json:"enabled"`
}

// ServiceRole is a role an AWS service assumes.
type ServiceRole struct {
	Name               string   `json:"name"`
	Description        string   `json:"description"`
	Service            string   `json:"service"`
	InlinePolicies     []string `json:"inline_policies"`
	ManagedPolicies    []string `json:"managed_policies"`
	MaxSessionDuration int      `json:"max_session_duration"`
	Enabled            *bool    `json:"enabled"`
}

// AssumableRole is a role members of groups assume: either a cross-function
// role with the same permissions as a group (MirrorsGroup), or an elevation
// role with its own permissions.
type AssumableRole struct {
	Name               string       `json:"name"`
	Description        string       `json:"description"`
	MirrorsGroup       string       `json:"mirrors_group"`
	Permissions        []Permission `json:"permissions"`
	InlinePolicies     []string     `json:"inline_policies"`
	ManagedPolicies    []string     `json:"managed_policies"`
	AssumableBy        []string     `json:"assumable_by"`
	RequireMFA         *bool        `json:"require_mfa"`
	MaxSessionDuration int          `json:"max_session_duration"`
	Enabled            *bool        `json:"enabled"`
}

// Permission is one custom statement of an elevation role.
type Permission struct {
	Sid        string                    `json:"sid"`
	Effect     string                    `json:"effect"`
	Actions    []string                  `json:"actions"`
	Resources  []string                  `json:"resources"`
	Conditions map[string]map[string]any `json:"conditions"`
}

// CrossAccountRole is a role another account assumes, guarded by an external id.
type CrossAccountRole struct {
	Name               string   `json:"name"`
	Description        string   `json:"description"`
	TrustedAccountID   string   `json:"trusted_account_id"`
	ExternalID         string   `json:"external_id"`
	InlinePolicies     []string `json:"inline_policies"`
	ManagedPolicies    []string `json:"managed_policies"`
	MaxSessionDuration int      `json:"max_session_duration"`
	Enabled            *bool    `json:"enabled"`
}

func on(b *bool) bool { return b == nil || *b }
