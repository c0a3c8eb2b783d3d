package access

// Config is an access config file, decoded after schema validation. The
// JSON Schema in assets/schemas/access.json is the authority on shapes;
// this type mirrors it.
type Config struct {
	Kind          string                  `json:"kind"`
	Organization  Organization            `json:"organization"`
	SAMLProviders map[string]SAMLProvider `json:"saml_providers"`
	Policies      []PolicySpec            `json:"policies"`
	PolicyGroups  map[string]GroupSpec    `json:"policy_groups"`
	Teams         []Team                  `json:"teams"`
	TeamRoles     []TeamRole              `json:"team_roles"`
	Terraform     *Special                `json:"terraform"`
	Planner       *Special                `json:"planner"`
	TFState       *TFState                `json:"tfstate_backend"`
	Engineers     map[string]Engineer     `json:"engineers"`
	PersonalRoles PersonalRoles           `json:"personal_roles"`
	EKSClusters   map[string]EKSCluster   `json:"eks_clusters"`
	ServiceUsers  map[string]ServiceUser  `json:"service_users"`
	Tags          map[string]string       `json:"tags"`
}

// Organization names the accounts and which does what.
type Organization struct {
	Name               string             `json:"name"`
	Region             string             `json:"region"`
	Identity           string             `json:"identity"`
	Root               string             `json:"root"`
	EngineersAccount   string             `json:"engineers_account"`
	MaxPoliciesPerRole int                `json:"max_policies_per_role"`
	GitHubOIDCProvider string             `json:"github_oidc_provider"`
	Accounts           map[string]Account `json:"accounts"`
}

// Account is one AWS account and how to deploy into it.
type Account struct {
	ID      string `json:"id"`
	Profile string `json:"profile"`
	RoleARN string `json:"role_arn"`
	// TemplateBucket takes templates too large to send inline.
	TemplateBucket string `json:"template_bucket"`
}

// SAMLProvider is an identity provider people log in through.
type SAMLProvider struct {
	Metadata string   `json:"metadata"`
	Accounts []string `json:"accounts"`
}

// PolicySpec is one atomic policy.
type PolicySpec struct {
	Name                string                         `json:"name"`
	Description         string                         `json:"description"`
	Effect              string                         `json:"effect"`
	Actions             []string                       `json:"actions"`
	Resources           []string                       `json:"resources"`
	Conditions          map[string]map[string][]string `json:"conditions"`
	AllowWildcardReason string                         `json:"allow_wildcard_reason"`
}

// GroupSpec is one policy group of the DAG.
type GroupSpec struct {
	Policies []string `json:"policies"`
	Groups   []string `json:"groups"`
}

// Team is a role in the identity account that people log into.
type Team struct {
	Name               string   `json:"name"`
	Description        string   `json:"description"`
	PolicyGroups       []string `json:"policy_groups"`
	ManagedPolicies    []string `json:"managed_policies"`
	SAMLLogin          bool     `json:"saml_login"`
	SAMLProvider       string   `json:"saml_provider"`
	MaxSessionDuration int      `json:"max_session_duration"`
	TrustedTeams       []string `json:"trusted_teams"`
}

// TeamRole is a role created in accounts that teams assume.
type TeamRole struct {
	Name               string   `json:"name"`
	Description        string   `json:"description"`
	PolicyGroups       []string `json:"policy_groups"`
	ManagedPolicies    []string `json:"managed_policies"`
	TrustedTeams       []string `json:"trusted_teams"`
	TrustedRoles       []string `json:"trusted_roles"`
	DeniedTeams        []string `json:"denied_teams"`
	TrustedGitHubRepos []string `json:"trusted_github_repos"`
	Accounts           []string `json:"accounts"`
	MaxSessionDuration int      `json:"max_session_duration"`
	// PerAccount changes the role in some accounts.
	PerAccount map[string]AccountTrust `json:"per_account"`
	// SAMLLogin: people log straight into this role in its accounts
	// through a SAML provider made there (the auditor into the audit
	// account), not only by switching from a team.
	SAMLLogin    bool   `json:"saml_login"`
	SAMLProvider string `json:"saml_provider"`
}

// AccountTrust is a role's trust in one account. A list given here
// replaces the role's list in that account; it is never merged with it
// (lists replace, as in the Cloud Posse configuration): to add a team,
// list every team. A list left out keeps the role's; an empty list means
// nobody.
type AccountTrust struct {
	Enabled            *bool    `json:"enabled"`
	TrustedTeams       []string `json:"trusted_teams"`
	DeniedTeams        []string `json:"denied_teams"`
	TrustedGitHubRepos []string `json:"trusted_github_repos"`
}

// Special configures the terraform or planner role of every account.
type Special struct {
	Enabled            *bool    `json:"enabled"`
	TrustedTeams       []string `json:"trusted_teams"`
	TrustedGitHubRepos []string `json:"trusted_github_repos"`
	ManagedPolicies    []string `json:"managed_policies"`
	PolicyGroups       []string `json:"policy_groups"`
	// Accounts changes the role in some accounts, by account name.
	Accounts map[string]AccountTrust `json:"accounts"`
}

// TFState is the Terraform state backend in the root account.
type TFState struct {
	Bucket    string `json:"bucket"`
	LockTable string `json:"lock_table"`
	// Create makes the bucket and the lock table in the root account's
	// stack, not only names them in the state roles' policies.
	Create    bool     `json:"create"`
	ReadWrite []string `json:"read_write"`
	ReadOnly  []string `json:"read_only"`
}

// Engineer gets a personal role, with an instance profile for a devserver.
type Engineer struct {
	PolicyGroup   string   `json:"policy_group"`
	ExtraPolicies []string `json:"extra_policies"`
	// TrustedServiceUsers may assume the role besides the devserver.
	TrustedServiceUsers []string `json:"trusted_service_users"`
}

// PersonalRoles is how the engineers' personal roles are named, deployed
// and launched.
type PersonalRoles struct {
	// Naming is landform (the default) or document (PersonalRoleJaneDoe…).
	Naming string `json:"naming"`
	// Stacks is account (the default) or engineer: one stack per engineer.
	Stacks string `json:"stacks"`
	// LaunchedThrough are team roles of the engineers account that may
	// pass, and attach, only the caller's own personal role.
	LaunchedThrough []string `json:"launched_through"`
	// SessionTag carries the engineer's name part through the role chain.
	SessionTag string `json:"session_tag"`
}

// tag is the session tag, engineer unless the config names another.
func (p PersonalRoles) tag() string {
	if p.SessionTag != "" {
		return p.SessionTag
	}
	return "engineer"
}

// EKSCluster is a cluster whose access the config grants: one access
// entry per role it maps.
type EKSCluster struct {
	ClusterName string                `json:"cluster_name"`
	Account     string                `json:"account"`
	TeamRoles   map[string]EKSMapping `json:"team_roles"`
	Engineers   *EKSMapping           `json:"engineers"`
}

// EKSMapping is what a role may do in a cluster.
type EKSMapping struct {
	KubernetesGroups []string          `json:"kubernetes_groups"`
	AccessPolicies   []EKSAccessPolicy `json:"access_policies"`
}

// EKSAccessPolicy is an EKS access policy, on the cluster or on namespaces.
type EKSAccessPolicy struct {
	Policy     string   `json:"policy"`
	Namespaces []string `json:"namespaces"`
}

// ServiceUser is an IAM user in a group with one policy group's permissions.
type ServiceUser struct {
	PolicyGroup string `json:"policy_group"`
}
