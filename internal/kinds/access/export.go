package access

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
)

// ExportSets are what export --what accepts besides all.
func (s *spec) ExportSets() []string {
	return []string{"operator-policy", "policy-groups", "access-matrix", "profiles"}
}

// Export renders one export set.
func (s *spec) Export(set string, _ []kinds.Built) ([]kinds.File, error) {
	switch set {
	case "operator-policy":
		return kinds.OperatorPolicyFile(s.Stem(), s.OperatorPolicy())
	case "policy-groups":
		return s.policyGroupFiles()
	case "profiles":
		return s.profileFiles()
	case "access-matrix":
		data, err := json.MarshalIndent(s.Matrix(), "", "  ")
		if err != nil {
			return nil, err
		}
		return []kinds.File{{Dir: "policies", Name: s.Stem() + "-matrix.json", Data: append(data, '\n')}}, nil
	}
	return nil, fmt.Errorf("access has no export set %q", set)
}

// policyGroupFile is one principal's permissions, flattened from its
// policy groups and sorted by name: the reviewable artefact a pull request
// shows, with placeholders as written.
type policyGroupFile struct {
	Principal    string          `json:"principal"`
	Kind         string          `json:"kind"`
	PolicyGroups []string        `json:"policy_groups"`
	Managed      []string        `json:"aws_managed_policies,omitempty"`
	Statements   []iam.Statement `json:"statements"`
}

func (s *spec) policyGroupFiles() ([]kinds.File, error) {
	done := map[string]bool{}
	var out []kinds.File
	for _, r := range s.model.roles {
		key := r.Kind + "/" + r.Name
		if done[key] || r.Kind == kindState {
			continue
		}
		done[key] = true
		groups := append([]string{}, r.Groups...)
		sort.Strings(groups)
		f := policyGroupFile{Principal: r.Name, Kind: r.Kind, PolicyGroups: groups, Managed: r.Managed,
			Statements: iam.Statements(s.atoms(r.Groups, r.Extra))}
		if f.Statements == nil {
			f.Statements = []iam.Statement{}
		}
		data, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return nil, err
		}
		out = append(out, kinds.File{Dir: "policy-groups", Name: fmt.Sprintf("%s-%s-%s.json", s.org(), r.Kind, r.Name), Data: append(data, '\n')})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// OperatorPolicy is what the identity that deploys this organization needs
// in each account: CloudFormation on its access stacks, IAM on the names it
// creates (all start with the organization's name) and on the SAML and
// GitHub providers it manages.
func (s *spec) OperatorPolicy() iam.Policy {
	var st []iam.Statement
	region := s.cfg.Organization.Region
	var stacks, names, drift, providers, oidc, buckets []string
	// Each account's statements name only the kinds of resource its
	// stacks make (all of them when a stack cannot be built).
	types := s.typesByAccount()
	for _, a := range s.accountNames() {
		id := s.cfg.Organization.Accounts[a].ID
		if b := s.cfg.Organization.Accounts[a].TemplateBucket; b != "" {
			buckets = append(buckets, fmt.Sprintf("arn:aws:s3:::%s/*", b))
		}
		stacks = append(stacks, fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s*/*", region, id, s.unit(a).StackName()))
		if a == s.engineersAccount() {
			// Every engineer's stack (personal_roles.stacks: engineer), also
			// those of engineers added later, and those deploy deletes.
			stacks = append(stacks, fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s-engineer-*/*", region, id, s.unit(a).Stem()))
		}
		if n, err := s.shardCount(a); err == nil && n > 0 {
			// Every shard, also those a later doubling adds.
			stacks = append(stacks, fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s-shard-*/*", region, id, s.unit(a).Stem()))
		}
		made := types[a]
		for _, kind := range []struct{ iam, cfn string }{{"role", "AWS::IAM::Role"}, {"policy", "AWS::IAM::ManagedPolicy"},
			{"instance-profile", "AWS::IAM::InstanceProfile"}, {"user", "AWS::IAM::User"}, {"group", "AWS::IAM::Group"}} {
			if made == nil || made[kind.cfn] {
				names = append(names, fmt.Sprintf("arn:aws:iam::%s:%s/%s-*", id, kind.iam, s.org()))
				if kind.iam != "instance-profile" {
					drift = append(drift, names[len(names)-1])
				}
			}
		}
		if s.cfg.PersonalRoles.Naming == "document" && a == s.engineersAccount() {
			// The document's names do not start with the organization's.
			names = append(names, fmt.Sprintf("arn:aws:iam::%s:role/PersonalRole*", id),
				fmt.Sprintf("arn:aws:iam::%s:policy/PersonalPolicy*", id),
				fmt.Sprintf("arn:aws:iam::%s:instance-profile/PersonalInstanceProfile*", id))
			drift = append(drift, fmt.Sprintf("arn:aws:iam::%s:role/PersonalRole*", id), fmt.Sprintf("arn:aws:iam::%s:policy/PersonalPolicy*", id))
		}
		if made == nil || made["AWS::IAM::SAMLProvider"] {
			providers = append(providers, fmt.Sprintf("arn:aws:iam::%s:saml-provider/%s-*", id, s.org()))
		}
		if made == nil || made["AWS::IAM::OIDCProvider"] {
			oidc = append(oidc, fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", id, githubIssuer))
		}
	}
	manage := kinds.StackStatements(region, "*", "x")
	manage[0].Resource = iam.Strings(stacks...)
	manage[2].Resource = iam.Strings(stacks...)
	st = append(st, manage...)
	// deploy finds the stacks of engineers who left by listing the
	// account's stacks; ListStacks has no resource-level permission.
	st = append(st, iam.Statement{Sid: "FindEngineerStacks", Effect: "Allow", Action: iam.Strings("cloudformation:ListStacks"), Resource: iam.Strings("*")})
	st = append(st, iam.Statement{Sid: "ManageIdentities", Effect: "Allow", Action: iam.Strings(
		"iam:AddRoleToInstanceProfile", "iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
		"iam:CreateGroup", "iam:CreateInstanceProfile", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateRole",
		"iam:CreateUser", "iam:DeleteGroup", "iam:DeleteInstanceProfile", "iam:DeletePolicy", "iam:DeletePolicyVersion",
		"iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DeleteUser", "iam:DetachGroupPolicy", "iam:DetachRolePolicy",
		"iam:GetGroup", "iam:GetInstanceProfile", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:GetRolePolicy",
		"iam:GetUser", "iam:ListAttachedRolePolicies", "iam:ListPolicyVersions", "iam:ListRolePolicies", "iam:PutGroupPolicy",
		"iam:PutRolePolicy", "iam:PutUserPolicy", "iam:RemoveRoleFromInstanceProfile", "iam:RemoveUserFromGroup", "iam:TagRole", "iam:TagUser",
		"iam:UntagRole", "iam:UntagUser", "iam:UpdateAssumeRolePolicy", "iam:UpdateGroup", "iam:UpdateRole", "iam:UpdateRoleDescription",
		"iam:UpdateUser"),
		Resource: iam.Strings(names...)},
		// landform drift reads what CloudFormation's drift does not, and
		// deploy --revert-drift puts it back.
		iam.Statement{Sid: "DeepDrift", Effect: "Allow", Action: iam.Strings(
			"iam:DeleteAccessKey", "iam:DeleteGroupPolicy", "iam:DeleteLoginProfile", "iam:DeleteRolePermissionsBoundary",
			"iam:DeleteUserPermissionsBoundary", "iam:DeleteUserPolicy", "iam:DetachUserPolicy", "iam:GetGroupPolicy",
			"iam:GetLoginProfile", "iam:GetUserPolicy", "iam:ListAccessKeys", "iam:ListAttachedGroupPolicies",
			"iam:ListAttachedUserPolicies", "iam:ListEntitiesForPolicy", "iam:ListGroupPolicies", "iam:ListGroupsForUser",
			"iam:ListRoleTags", "iam:ListUserPolicies", "iam:ListUserTags", "iam:SetDefaultPolicyVersion"),
			Resource: iam.Strings(drift...)})
	if len(providers) > 0 {
		st = append(st, iam.Statement{Sid: "ManageSAMLProviders", Effect: "Allow", Action: iam.Strings(
			"iam:CreateSAMLProvider", "iam:DeleteSAMLProvider", "iam:GetSAMLProvider", "iam:ListSAMLProviderTags",
			"iam:TagSAMLProvider", "iam:UntagSAMLProvider", "iam:UpdateSAMLProvider"),
			Resource: iam.Strings(providers...)})
	}
	if len(oidc) > 0 {
		st = append(st, iam.Statement{Sid: "ManageOIDCProviders", Effect: "Allow", Action: iam.Strings(
			"iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:GetOpenIDConnectProvider",
			"iam:TagOpenIDConnectProvider"),
			Resource: iam.Strings(oidc...)})
	}
	if len(s.cfg.Engineers) > 0 {
		// An instance profile's handler passes its role when it adds it.
		id := s.cfg.Organization.Accounts[s.engineersAccount()].ID
		any := strings.ReplaceAll(s.personalNamePattern("role"), "${aws:PrincipalTag/"+s.cfg.PersonalRoles.tag()+"}", "*")
		st = append(st, iam.Statement{Sid: "PassPersonalRolesToTheirProfiles", Effect: "Allow", Action: iam.Strings("iam:PassRole"),
			Resource: iam.Strings(fmt.Sprintf("arn:aws:iam::%s:role/%s", id, any))})
	}
	st = append(st, s.eksOperator()...)
	if len(buckets) > 0 {
		st = append(st, iam.Statement{Sid: "UploadTemplates", Effect: "Allow", Action: iam.Strings("s3:GetObject", "s3:PutObject"),
			Resource: iam.Strings(buckets...)})
	}
	if b := s.cfg.TFState; b != nil && b.Create {
		root := s.cfg.Organization.Accounts[s.cfg.Organization.Root].ID
		// The backend is kept when it leaves the stack: no delete here.
		// The Get actions are CloudFormation's drift read of the bucket;
		// DeleteBucketPolicy: the policy goes with the stack, the bucket stays.
		st = append(st, iam.Statement{Sid: "MakeStateBucket", Effect: "Allow", Action: iam.Strings(kinds.WithActions(kinds.BucketReads,
			"s3:CreateBucket", "s3:DeleteBucketPolicy", "s3:GetBucketPolicy", "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy",
			"s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration")...),
			Resource: iam.Strings("arn:aws:s3:::"+b.Bucket, "arn:aws:s3:::"+b.Bucket+testSuffix)},
			kinds.BucketObjectsThroughCloudFormation("StateBucketObjectsThroughCloudFormation", b.Bucket, b.Bucket+testSuffix),
			iam.Statement{Sid: "MakeLockTable", Effect: "Allow", Action: iam.Strings(
				"dynamodb:CreateTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeContributorInsights",
				"dynamodb:DescribeKinesisStreamingDestination", "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive",
				"dynamodb:GetResourcePolicy", "dynamodb:ListTagsOfResource", "dynamodb:TagResource", "dynamodb:UntagResource",
				"dynamodb:UpdateContinuousBackups", "dynamodb:UpdateTable"),
				Resource: iam.Strings(fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", region, root, b.LockTable))})
	}
	return iam.Policy{Version: iam.Version, Statement: st}
}

// testSuffix matches the "-{suffix}" a test copy (deploy --test) puts on a
// bucket's name: six characters, no more.
const testSuffix = "-??????"

// typesByAccount is, per account, the resource types its stacks make; an
// account whose stacks do not build is left out.
func (s *spec) typesByAccount() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	broken := map[string]bool{}
	for _, u := range kinds.UnitsOf(s) {
		a := u.Account()
		t, err := u.Build()
		if err != nil {
			broken[a] = true
			continue
		}
		if out[a] == nil {
			out[a] = map[string]bool{}
		}
		for typ := range t.CountByType() {
			out[a][typ] = true
		}
	}
	for a := range broken {
		delete(out, a)
	}
	return out
}
