package access

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/version"
)

// ConfigHash is the SHA-256 of the config's data in canonical JSON.
func (s *spec) ConfigHash() string {
	raw, _ := json.Marshal(s.doc.Value())
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// build is the template of one unit: the whole account, or its base or
// one of its shards.
func (s *spec) build(u *unit) (*cfn.Template, error) {
	if s.found.HasErrors() {
		return nil, fmt.Errorf("config %s has errors; run landform validate", s.doc.File)
	}
	t := s.header(u)
	if u.engineer != nil {
		if err := s.addRole(t, u.engineer); err != nil {
			return nil, err
		}
		s.addProvenance(t, u.account)
		return t, nil
	}
	if u.shard == baseShard {
		if err := s.addBase(t, u.account); err != nil {
			return nil, err
		}
	}
	for _, m := range s.members(u.account) {
		if !u.holds(m) {
			continue
		}
		if err := s.addMember(t, m); err != nil {
			return nil, err
		}
	}
	s.addProvenance(t, u.account)
	return t, nil
}

// header is a unit's template before its resources: what it is, in the
// description and in Metadata.Landform. The stacks of a sharded account
// carry no ConfigSHA256: it changes with every engineer, and would change
// every stack of the account when one shard changes.
func (s *spec) header(u *unit) *cfn.Template {
	org, acct := s.org(), s.cfg.Organization.Accounts[u.account].ID
	meta := cfn.M("Generator", "landform "+version.Version, "Kind", "access", "Organization", org, "Account", u.account, "Stem", u.Stem())
	desc := fmt.Sprintf("landform access: roles and policies of organization %s in account %s (%s)", org, u.account, acct)
	switch {
	case u.engineer != nil:
		desc = fmt.Sprintf("landform access: personal role of engineer %s, organization %s, in account %s (%s)", u.engineer.Name, org, u.account, acct)
		meta.Set("Engineer", u.engineer.Name)
	case u.shards == 0 && len(s.ownStacks(u.account)) > 0:
		desc += ", but for its personal roles, which have a stack per engineer"
	case u.shards == 0:
		meta.Set("ConfigSHA256", s.ConfigHash())
	case u.shard == baseShard:
		desc += fmt.Sprintf(", but for its personal roles and service users, which are in %d shard stacks", u.shards)
		meta.Set("Shards", u.shards)
	default:
		desc = fmt.Sprintf("landform access: personal roles and service users of organization %s in account %s (%s), shard %d of %d",
			org, u.account, acct, u.shard, u.shards)
		meta.Set("Shard", u.shard)
		meta.Set("Shards", u.shards)
	}
	return &cfn.Template{Description: desc, Metadata: cfn.M("Landform", meta)}
}

// addBase adds what an account's base holds: its SAML and GitHub
// providers and every role but the personal ones.
func (s *spec) addBase(t *cfn.Template, account string) error {
	c := s.cfg
	for _, name := range sortedKeys(c.SAMLProviders) {
		if account != c.Organization.Identity && !contains(c.SAMLProviders[name].Accounts, account) && !s.samlLoginIn(account, name) {
			continue
		}
		if err := t.AddResource(cfn.Resource{LogicalID: "SAMLProvider" + camel(name), Type: "AWS::IAM::SAMLProvider",
			Properties: cfn.M("Name", s.org()+"-"+name, "SamlMetadataDocument", s.saml[name])}); err != nil {
			return err
		}
	}
	if b := c.TFState; b != nil && b.Create && account == c.Organization.Root {
		if err := s.addStateBackend(t); err != nil {
			return err
		}
	}
	if c.Organization.GitHubOIDCProvider == "create" && s.needsGitHub(account) {
		if err := t.AddResource(cfn.Resource{LogicalID: "GitHubOIDCProvider", Type: "AWS::IAM::OIDCProvider",
			Properties: cfn.M("Url", "https://"+githubIssuer, "ClientIdList", []any{"sts.amazonaws.com"})}); err != nil {
			return err
		}
	}
	for _, r := range s.rolesIn(account) {
		if r.Kind == kindPersonal {
			continue
		}
		if err := s.addRole(t, r); err != nil {
			return err
		}
	}
	return nil
}

func (s *spec) needsGitHub(account string) bool {
	for _, r := range s.rolesIn(account) {
		if len(r.GitHubRepos) > 0 {
			return true
		}
	}
	return false
}

func (s *spec) addRole(t *cfn.Template, r *role) error {
	props := cfn.M("RoleName", r.IAMName, "Description", truncate(r.Description, 1000), "AssumeRolePolicyDocument", s.trust(r))
	if len(r.Managed) > 0 {
		props.Set("ManagedPolicyArns", strs(r.Managed))
	}
	var inline []any
	if p, ok := s.assumePolicy(r); ok {
		inline = append(inline, cfn.M("PolicyName", "assume-trusting-roles", "PolicyDocument", p))
	}
	if r.Kind == kindState {
		inline = append(inline, cfn.M("PolicyName", "terraform-state", "PolicyDocument", s.statePolicy(r)))
	}
	if s.launchesDevservers(r) {
		inline = append(inline, cfn.M("PolicyName", "own-devserver", "PolicyDocument", s.ownDevserverPolicy(r)))
	} else if s.guardsPersonalRoles(r) {
		inline = append(inline, cfn.M("PolicyName", "no-personal-roles", "PolicyDocument", s.noPersonalRolesPolicy(r)))
	}
	props.SetIf(len(inline) > 0, "Policies", inline)
	props.SetIf(r.MaxSession > 0, "MaxSessionDuration", r.MaxSession)
	props.SetIf(len(s.cfg.Tags) > 0, "Tags", s.tags())
	if err := t.AddResource(cfn.Resource{LogicalID: r.LogicalID, Type: "AWS::IAM::Role", Metadata: s.delegations(r), Properties: props}); err != nil {
		return err
	}
	sp := s.documents(r.Groups, r.Extra, r.Account)
	if sp.err != nil {
		return sp.err
	}
	base := strings.TrimPrefix(r.LogicalID, "PersonalRole")
	for i, d := range sp.docs {
		hash := sp.hashes[i]
		logical := fmt.Sprintf("%sPolicyPart%d%s", r.LogicalID, d.Slot+1, strings.ToUpper(hash))
		if r.Kind == kindPersonal {
			logical = fmt.Sprintf("PersonalPolicyPart%d%s%s", d.Slot+1, strings.ToUpper(hash), base)
		}
		if err := t.AddResource(cfn.Resource{LogicalID: logical, Type: "AWS::IAM::ManagedPolicy", Metadata: s.wildcardReasons(d), Properties: cfn.M(
			"ManagedPolicyName", s.policyName(r, d.Slot+1, hash),
			"Description", fmt.Sprintf("Part %d of the permissions of %s, from its policy groups", d.Slot+1, r.IAMName),
			"PolicyDocument", d.Policy(), "Roles", []any{cfn.Ref(r.LogicalID)})}); err != nil {
			return err
		}
	}
	if r.Kind == kindPersonal {
		if err := t.AddResource(cfn.Resource{LogicalID: "PersonalInstanceProfile" + base, Type: "AWS::IAM::InstanceProfile",
			Properties: cfn.M("InstanceProfileName", r.Profile, "Roles", []any{cfn.Ref(r.LogicalID)})}); err != nil {
			return err
		}
	}
	if err := s.addAccessEntries(t, r); err != nil {
		return err
	}
	return t.AddOutput(cfn.Output{LogicalID: r.LogicalID + "Arn", Description: "ARN of role " + r.IAMName,
		Value: cfn.GetAtt(r.LogicalID, "Arn"), Export: cfn.Sub("${AWS::StackName}-" + r.LogicalID + "Arn")})
}

// policyName names part n of a role's managed policies: {role}-{n}-{hash},
// or PersonalPolicy{n}JaneDoe-{hash} with the document's names. The hash
// of the content is in the name so that a changed part is a new policy,
// made before the old one goes (docHash).
func (s *spec) policyName(r *role, n int, hash string) string {
	if r.Kind == kindPersonal && s.cfg.PersonalRoles.Naming == "document" {
		return fmt.Sprintf("PersonalPolicy%d%s-%s", n, camel(r.Name), hash)
	}
	return fmt.Sprintf("%s-%d-%s", r.IAMName, n, hash)
}

// delegations suppresses LF-IAM-011 (admin-equivalent by assuming roles)
// on a role the config lets assume other roles: the config names it in
// those roles' trusted_teams (or makes it their chain's source), so a
// path through them is the design, and check shows it as a note with the
// roles it reaches. Other escalation techniques stay errors.
func (s *spec) delegations(r *role) *cfn.Map {
	var names []string
	for _, t := range s.assumable(r) {
		names = append(names, t.IAMName)
	}
	if len(names) == 0 {
		return nil
	}
	reason := "the config lets it assume " + strings.Join(sorted(names), ", ")
	return cfn.M("landform", cfn.M("suppress", []any{cfn.M("rule", "LF-IAM-011", "reason", reason)}))
}

// wildcardReasons suppresses LF-ACC-007 on a document for the atomic
// policies whose config says why they need a wildcard; check shows the
// finding as a note with the reason.
func (s *spec) wildcardReasons(d iam.Doc) *cfn.Map {
	var entries []any
	for _, st := range d.Statements {
		if reason, ok := s.reasons[st.Sid]; ok {
			entries = append(entries, cfn.M("rule", "LF-ACC-007", "reason", st.Sid+": "+reason))
		}
	}
	if len(entries) == 0 {
		return nil
	}
	return cfn.M("landform", cfn.M("suppress", entries))
}

// wildcardReasonsOf is each atomic policy's allow_wildcard_reason, for
// those that give one.
func wildcardReasonsOf(c Config) map[string]string {
	out := map[string]string{}
	for _, p := range c.Policies {
		if p.AllowWildcardReason != "" {
			out[p.Name] = p.AllowWildcardReason
		}
	}
	return out
}

// statePolicy is the Terraform state backend's access: the bucket, its
// objects and the lock table, nothing else.
func (s *spec) statePolicy(r *role) iam.Policy {
	b := s.cfg.TFState
	root := s.cfg.Organization.Accounts[s.cfg.Organization.Root].ID
	table := fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", s.cfg.Organization.Region, root, b.LockTable)
	objects := iam.Strings("s3:GetObject")
	lock := iam.Strings("dynamodb:DescribeTable", "dynamodb:GetItem")
	if r.StateAccess == "read-write" {
		objects = iam.Strings("s3:DeleteObject", "s3:GetObject", "s3:PutObject")
		lock = iam.Strings("dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem")
	}
	return iam.Policy{Version: iam.Version, Statement: []iam.Statement{
		{Sid: "StateBucket", Effect: "Allow", Action: iam.Strings("s3:GetBucketVersioning", "s3:ListBucket"), Resource: iam.Strings("arn:aws:s3:::" + b.Bucket)},
		{Sid: "StateObjects", Effect: "Allow", Action: objects, Resource: iam.Strings("arn:aws:s3:::" + b.Bucket + "/*")},
		{Sid: "StateLocks", Effect: "Allow", Action: lock, Resource: iam.Strings(table)},
	}}
}

// addUser is the seed's service-user template: a user in a group, the
// group holding the managed policies of the user's policy group.
func (s *spec) addUser(t *cfn.Template, u *user) error {
	groupID := u.LogicalID + "Group"
	groupProps := cfn.M("GroupName", u.IAMName)
	if roles := s.trustingUser(u); len(roles) > 0 {
		// The identity half: the roles trust the account with a condition
		// on the user's ARN, so the user needs this to assume them.
		groupProps.Set("Policies", []any{cfn.M("PolicyName", "assume-trusting-roles", "PolicyDocument", iam.Policy{Version: iam.Version,
			Statement: []iam.Statement{{Sid: "AssumeTrustingRoles", Effect: "Allow", Action: iam.Strings("sts:AssumeRole", "sts:TagSession"),
				Resource: iam.Strings(roles...)}}})})
	}
	if err := t.AddResource(cfn.Resource{LogicalID: groupID, Type: "AWS::IAM::Group", Properties: groupProps}); err != nil {
		return err
	}
	sp := s.documents([]string{u.Group}, nil, u.Account)
	if sp.err != nil {
		return sp.err
	}
	for i, d := range sp.docs {
		if err := t.AddResource(cfn.Resource{LogicalID: fmt.Sprintf("%sPolicyPart%d%s", u.LogicalID, d.Slot+1, strings.ToUpper(sp.hashes[i])),
			Type: "AWS::IAM::ManagedPolicy", Properties: cfn.M("ManagedPolicyName", fmt.Sprintf("%s-%d-%s", u.IAMName, d.Slot+1, sp.hashes[i]),
				"Description", fmt.Sprintf("Part %d of the permissions of service user %s", d.Slot+1, u.IAMName),
				"PolicyDocument", d.Policy(), "Groups", []any{cfn.Ref(groupID)})}); err != nil {
			return err
		}
	}
	props := cfn.M("UserName", u.IAMName, "Groups", []any{cfn.Ref(groupID)})
	props.SetIf(len(s.cfg.Tags) > 0, "Tags", s.tags())
	if err := t.AddResource(cfn.Resource{LogicalID: u.LogicalID, Type: "AWS::IAM::User", Properties: props}); err != nil {
		return err
	}
	return t.AddOutput(cfn.Output{LogicalID: u.LogicalID + "Arn", Description: "ARN of service user " + u.IAMName,
		Value: cfn.GetAtt(u.LogicalID, "Arn"), Export: cfn.Sub("${AWS::StackName}-" + u.LogicalID + "Arn")})
}

func (s *spec) tags() []any {
	var out []any
	for _, k := range sortedKeys(s.cfg.Tags) {
		out = append(out, cfn.M("Key", k, "Value", s.cfg.Tags[k]))
	}
	return out
}

func strs(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// samlLoginIn reports whether a role of account is logged into through
// provider: the provider is then made in that account.
func (s *spec) samlLoginIn(account, provider string) bool {
	for _, r := range s.rolesIn(account) {
		if r.SAML == provider {
			return true
		}
	}
	return false
}

// addStateBackend makes the Terraform state backend in the root account:
// a versioned bucket, encrypted, with every public access blocked, that
// only takes TLS, and a DynamoDB lock table keyed on LockID (what
// Terraform's S3 backend asks for). Both are retained when they leave the
// stack: state outlives the stack that made its home.
func (s *spec) addStateBackend(t *cfn.Template) error {
	b := s.cfg.TFState
	bucket := cfn.M(
		"BucketName", b.Bucket,
		"VersioningConfiguration", cfn.M("Status", "Enabled"),
		"BucketEncryption", cfn.M("ServerSideEncryptionConfiguration", []any{
			cfn.M("ServerSideEncryptionByDefault", cfn.M("SSEAlgorithm", "aws:kms"), "BucketKeyEnabled", true)}),
		"PublicAccessBlockConfiguration", cfn.M("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
		"OwnershipControls", cfn.M("Rules", []any{cfn.M("ObjectOwnership", "BucketOwnerEnforced")}),
	)
	bucket.SetIf(len(s.cfg.Tags) > 0, "Tags", s.tags())
	arn := "arn:aws:s3:::" + b.Bucket
	policy := iam.Policy{Version: iam.Version, Statement: []iam.Statement{{
		Sid: "TLSOnly", Effect: "Deny", Principal: map[string]iam.Value{"AWS": iam.Strings("*")}, Action: iam.Strings("s3:*"),
		Resource:  iam.Strings(arn, arn+"/*"),
		Condition: map[string]iam.Condition{"Bool": {"aws:SecureTransport": iam.Strings("false")}},
	}}}
	table := cfn.M(
		"TableName", b.LockTable,
		"AttributeDefinitions", []any{cfn.M("AttributeName", "LockID", "AttributeType", "S")},
		"KeySchema", []any{cfn.M("AttributeName", "LockID", "KeyType", "HASH")},
		"BillingMode", "PAY_PER_REQUEST",
		"SSESpecification", cfn.M("SSEEnabled", true),
		"PointInTimeRecoverySpecification", cfn.M("PointInTimeRecoveryEnabled", true),
	)
	table.SetIf(len(s.cfg.Tags) > 0, "Tags", s.tags())
	for _, r := range []cfn.Resource{
		{LogicalID: "TFStateBucket", Type: "AWS::S3::Bucket", Properties: bucket, Retain: true},
		{LogicalID: "TFStateBucketPolicy", Type: "AWS::S3::BucketPolicy", Properties: cfn.M("Bucket", cfn.Ref("TFStateBucket"), "PolicyDocument", policy)},
		{LogicalID: "TFStateLockTable", Type: "AWS::DynamoDB::Table", Properties: table, Retain: true},
	} {
		if err := t.AddResource(r); err != nil {
			return err
		}
	}
	return nil
}

// trustingUser are the ARNs of the personal roles that trust service user u.
func (s *spec) trustingUser(u *user) []string {
	arn := s.arn(u.Account, "user", u.IAMName)
	var out []string
	for _, r := range s.model.roles {
		if r.Kind == kindPersonal && contains(r.TrustRoles, arn) {
			out = append(out, s.roleARN(r))
		}
	}
	sort.Strings(out)
	return out
}
