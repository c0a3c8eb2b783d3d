package access_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/landform/landform/internal/kinds/kindtest"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/access"
	"github.com/landform/landform/internal/testutil"
)

const example = "../../../examples/access/organization.yaml"

func load(tb testing.TB, file string, data []byte) (kinds.Spec, finding.List) {
	tb.Helper()
	s, fs := kindtest.Load(tb, file, data, nil)
	if s != nil {
		fs = append(fs, s.Validate()...)
	}
	return s, fs
}

func loadExample(t *testing.T, edit func(string) string) kinds.Spec {
	t.Helper()
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if edit != nil {
		text = edit(text)
	}
	s, fs := load(t, example, []byte(text))
	if s == nil || len(fs) > 0 {
		t.Fatalf("example has findings:\n%s", testutil.Text(fs))
	}
	return s
}

// templates builds every account's template: account → logical id → resource.
func templates(t *testing.T, s kinds.Spec) map[string]*cfn.Template {
	t.Helper()
	out := map[string]*cfn.Template{}
	for _, u := range kinds.UnitsOf(s) {
		tmpl, err := u.Build()
		if err != nil {
			t.Fatal(err)
		}
		out[u.Name] = tmpl
	}
	return out
}

// TestExampleGolden: every account's template, the policy-group exports
// and the access matrix match their golden files; every template passes
// check.
func TestExampleGolden(t *testing.T) {
	s := loadExample(t, nil)
	units := kinds.UnitsOf(s)
	if len(units) != 6 {
		t.Fatalf("%d stacks, want one per account (6)", len(units))
	}
	for _, u := range units {
		tmpl, err := u.Build()
		if err != nil {
			t.Fatal(err)
		}
		body, err := tmpl.Encode(cfn.YAML)
		if err != nil {
			t.Fatal(err)
		}
		testutil.Golden(t, filepath.Join("testdata", "golden", u.Stem()+".yaml"), body)
		for _, f := range check.Bytes(u.Stem()+".yaml", body) {
			if f.Severity != finding.Note {
				t.Errorf("check: %s", testutil.Text(finding.List{f}))
			}
		}
	}
	files, err := s.Export("policy-groups", nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "== %s/%s\n%s", f.Dir, f.Name, f.Data)
	}
	testutil.Golden(t, filepath.Join("testdata", "golden", "policy-groups.txt"), []byte(b.String()))
	matrix, err := s.Export("access-matrix", nil)
	if err != nil {
		t.Fatal(err)
	}
	testutil.Golden(t, filepath.Join("testdata", "golden", "matrix.json"), matrix[0].Data)
}

// TestTrustNamesExactlyTheTrustedTeams: a team role's trust policy names the
// trusted teams' role ARNs in the identity account and nothing broader: the
// account's :root appears only under an aws:PrincipalArn condition.
func TestTrustNamesExactlyTheTrustedTeams(t *testing.T) {
	s := loadExample(t, nil)
	for account, tmpl := range templates(t, s) {
		for _, r := range tmpl.Resources {
			if r.Type != "AWS::IAM::Role" {
				continue
			}
			doc, _ := r.Properties.Get("AssumeRolePolicyDocument")
			p := doc.(iam.Policy)
			for _, st := range p.Statement {
				for _, principal := range st.Principal["AWS"].Strings() {
					if strings.HasSuffix(principal, ":root") && st.Effect == "Allow" {
						arns := st.Condition["ArnEquals"]["aws:PrincipalArn"].Strings()
						if len(arns) == 0 {
							t.Errorf("%s %s trusts %s without a condition", account, r.LogicalID, principal)
						}
					}
				}
			}
		}
	}
	// reader in prod: trusted by developers, auditors, devops; admin denied.
	prod := templates(t, s)["prod"]
	doc, _ := prod.Resource("TeamRoleReader").Properties.Get("AssumeRolePolicyDocument")
	raw, _ := json.Marshal(doc)
	for _, want := range []string{`"arn:aws:iam::111111111111:role/acme-team-auditors","arn:aws:iam::111111111111:role/acme-team-developers","arn:aws:iam::111111111111:role/acme-team-devops"`,
		`"Sid":"DeniedTeams","Effect":"Deny"`, `"aws:PrincipalArn":"arn:aws:iam::111111111111:role/acme-team-admin"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("prod reader trust lacks %s:\n%s", want, raw)
		}
	}
}

// TestPersonalPoliciesSplit: an engineer whose permissions exceed one
// managed policy gets several, each within IAM's limit, together holding
// exactly the flattened policy group.
func TestPersonalPoliciesSplit(t *testing.T) {
	s := loadExample(t, nil)
	dev := templates(t, s)["dev"]
	var sids []string
	docs := 0
	for _, r := range dev.Resources {
		if r.Type != "AWS::IAM::ManagedPolicy" || !strings.HasSuffix(r.LogicalID, "JohnSmith") {
			continue
		}
		docs++
		doc, _ := r.Properties.Get("PolicyDocument")
		p := doc.(iam.Policy)
		if p.Size() > iam.MaxManagedPolicySize {
			t.Errorf("%s is %d characters", r.LogicalID, p.Size())
		}
		for _, st := range p.Statement {
			sids = append(sids, st.Sid)
		}
	}
	if docs < 2 {
		t.Fatalf("john-smith has %d managed policies; the example means him to need several", docs)
	}
	sort.Strings(sids)
	// data: base (4) + KmsDecryptData, SageMakerNotebooks, 18 clients; extra S3WriteUploads.
	if len(sids) != 4+2+18+1 || sids[0] != "EcrAuth" {
		t.Errorf("john-smith's statements (%d): %v", len(sids), sids)
	}
}

// TestEditMovesFewStatementsAndRenamesChangedDocuments: changing one atomic
// policy replaces only the documents that hold it (a new logical id and
// name, so CloudFormation creates the new one, attached, before deleting
// the old one), and the other documents keep their ids.
func TestEditMovesFewStatementsAndRenamesChangedDocuments(t *testing.T) {
	ids := func(s kinds.Spec) map[string]bool {
		out := map[string]bool{}
		for _, r := range templates(t, s)["dev"].Resources {
			if r.Type == "AWS::IAM::ManagedPolicy" && strings.HasSuffix(r.LogicalID, "JohnSmith") {
				out[r.LogicalID] = true
			}
		}
		return out
	}
	before := ids(loadExample(t, nil))
	after := ids(loadExample(t, func(s string) string {
		return strings.Replace(s, "actions: [kms:Decrypt]", "actions: [kms:Decrypt, kms:DescribeKey]", 1)
	}))
	gone, added := 0, 0
	for id := range before {
		if !after[id] {
			gone++
		}
	}
	for id := range after {
		if !before[id] {
			added++
		}
	}
	if gone != 1 || added != 1 {
		t.Errorf("one statement changed: %d documents replaced, %d new; want 1 and 1\nbefore %v\nafter %v", gone, added, before, after)
	}
}

// TestBadConfigs runs the validation corpus of testdata/bad.
func TestBadConfigs(t *testing.T) {
	testutil.BadConfigs(t, "testdata/bad/*.yaml", 15, func(tb testing.TB, file string, data []byte) finding.List {
		_, fs := load(tb, file, data)
		return fs
	})
}

// TestSAMLMetadata: only an IdP's metadata is accepted.
func TestSAMLMetadata(t *testing.T) {
	good, err := os.ReadFile("../../../examples/access/saml/okta-metadata.xml")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"good":          string(good),
		"not xml":       "<md:EntityDescriptor",
		"wrong root":    `<html xmlns="urn:oasis:names:tc:SAML:2.0:metadata"></html>`,
		"an SP not IdP": `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:SPSSODescriptor/></md:EntityDescriptor>`,
		// Well-formed IdP metadata, but CloudFormation would resolve this.
		"dynamic reference": strings.Replace(string(good), "entityID=\"", "entityID=\"{{resolve:ssm:/idp}}", 1),
	}
	for name, xml := range cases {
		err := access.CheckMetadata([]byte(xml))
		if (err == nil) != (name == "good") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPerAccountTrust: terraform trusts developers in dev only (the
// account's list replaces the role's, with devops and admin restated),
// there is no terraform role in audit, and an account entry that gives no
// list keeps the role's.
func TestPerAccountTrust(t *testing.T) {
	s := loadExample(t, func(text string) string {
		return strings.Replace(text, "    audit: {enabled: false}\n", "    audit: {enabled: false}\n    staging: {denied_teams: [developers]}\n", 1)
	})
	tmpls := templates(t, s)
	trust := func(account, id string) string {
		t.Helper()
		r := tmpls[account].Resource(id)
		if r == nil {
			return ""
		}
		doc, _ := r.Properties.Get("AssumeRolePolicyDocument")
		raw, _ := json.Marshal(doc)
		return string(raw)
	}
	const dev = `"arn:aws:iam::111111111111:role/acme-team-developers"`
	if tr := trust("dev", "TeamRoleTerraform"); !strings.Contains(tr, dev) || !strings.Contains(tr, "acme-team-devops") || !strings.Contains(tr, "acme-team-admin") {
		t.Errorf("dev terraform trust lacks developers, devops or admin:\n%s", tr)
	}
	for _, account := range []string{"prod", "staging", "root"} {
		tr := trust(account, "TeamRoleTerraform")
		if tr == "" || strings.Contains(tr, dev) && !strings.Contains(tr, `"Effect":"Deny"`) {
			t.Errorf("%s terraform: missing, or developers may assume it:\n%s", account, tr)
		}
		if !strings.Contains(tr, "repo:acme/infra:ref:refs/heads/main") {
			t.Errorf("%s terraform: the role's GitHub repository is kept where the account gives no list:\n%s", account, tr)
		}
	}
	if !strings.Contains(trust("staging", "TeamRoleTerraform"), `"Sid":"DeniedTeams","Effect":"Deny"`) {
		t.Errorf("staging terraform: denied_teams of the account entry not applied:\n%s", trust("staging", "TeamRoleTerraform"))
	}
	if tmpls["audit"].Resource("TeamRoleTerraform") != nil || tmpls["audit"].Resource("TeamRolePlanner") == nil {
		t.Errorf("audit: terraform must be off (enabled: false), planner on")
	}

	// enabled: false for the role, true for one account: only there.
	s = loadExample(t, func(text string) string {
		return strings.Replace(text, "planner:\n  trusted_teams: [developers, devops]\n",
			"planner:\n  enabled: false\n  trusted_teams: [developers, devops]\n  accounts:\n    prod: {enabled: true}\n", 1)
	})
	var with []string
	for account, tmpl := range templates(t, s) {
		if tmpl.Resource("TeamRolePlanner") != nil {
			with = append(with, account)
		}
	}
	if strings.Join(with, ",") != "prod" {
		t.Errorf("planner made in %v, want only prod", with)
	}
}

// TestSAMLLoginInMemberAccount: the auditor team role of the audit account
// is logged into through Okta directly: the provider is made in that
// account, the role trusts it (and its auditors team), and the matrix lists
// the login as an entry point; no other member account gets the provider.
func TestSAMLLoginInMemberAccount(t *testing.T) {
	s := loadExample(t, nil)
	tmpls := templates(t, s)
	if tmpls["audit"].Resource("SAMLProviderOkta") == nil {
		t.Fatal("audit: no SAML provider for the auditor's login")
	}
	for _, account := range []string{"dev", "prod", "staging", "root"} {
		if tmpls[account].Resource("SAMLProviderOkta") != nil {
			t.Errorf("%s: a SAML provider nobody logs in through", account)
		}
	}
	doc, _ := tmpls["audit"].Resource("TeamRoleAuditor").Properties.Get("AssumeRolePolicyDocument")
	raw, _ := json.Marshal(doc)
	for _, want := range []string{`"Federated":"arn:aws:iam::666666666666:saml-provider/acme-okta"`, `"sts:AssumeRoleWithSAML"`,
		`"SAML:aud":"https://signin.aws.amazon.com/saml"`, `arn:aws:iam::111111111111:role/acme-team-auditors`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("auditor trust lacks %s:\n%s", want, raw)
		}
	}
	var entry []string
	for _, a := range s.(interface{ Matrix() []access.Access }).Matrix() {
		if strings.HasPrefix(a.Team, "saml:") {
			entry = append(entry, a.Team+" "+a.Role+"@"+a.Account+" "+strings.Join(a.Chain, ">"))
		}
	}
	if strings.Join(entry, ",") != "saml:okta auditor@audit auditor@audit" {
		t.Errorf("matrix SAML entry points: %v", entry)
	}
}

// TestPersonalRoleTrustsServiceUser: a personal role may trust a service
// user besides the devserver (the document's devserver role trusts one):
// the trust names the user's ARN, and the user's group gets the identity
// half for exactly that role.
func TestPersonalRoleTrustsServiceUser(t *testing.T) {
	dev := templates(t, loadExample(t, nil))["dev"]
	const user = "arn:aws:iam::333333333333:user/acme-svc-partner-uploader"
	doc, _ := dev.Resource("PersonalRoleAnaLima").Properties.Get("AssumeRolePolicyDocument")
	raw, _ := json.Marshal(doc)
	if !strings.Contains(string(raw), `"aws:PrincipalArn":"`+user+`"`) || !strings.Contains(string(raw), `"Sid":"Devserver"`) {
		t.Errorf("ana-lima's trust lacks the service user or the devserver:\n%s", raw)
	}
	for _, other := range []string{"PersonalRoleLiWei", "PersonalRoleJaneDoe"} {
		doc, _ := dev.Resource(other).Properties.Get("AssumeRolePolicyDocument")
		if raw, _ := json.Marshal(doc); strings.Contains(string(raw), user) {
			t.Errorf("%s trusts the service user too:\n%s", other, raw)
		}
	}
	policies, _ := dev.Resource("ServiceUserPartnerUploaderGroup").Properties.Get("Policies")
	raw, _ = json.Marshal(policies)
	if !strings.Contains(string(raw), `"Resource":"arn:aws:iam::333333333333:role/acme-personal-ana-lima"`) {
		t.Errorf("the uploader's group may not assume exactly ana-lima's role:\n%s", raw)
	}
}

// TestDocumentNaming: personal_roles.naming: document names an engineer's
// role, instance profile and policies as the IAM-as-code document does;
// the devserver role's own-profile policy and the other roles' deny
// follow the names, and the operator may manage them.
func TestDocumentNaming(t *testing.T) {
	s := loadExample(t, func(text string) string {
		return strings.Replace(text, "personal_roles:\n", "personal_roles:\n  naming: document\n", 1)
	})
	dev := templates(t, s)["dev"]
	raw, err := json.Marshal(dev.Document())
	if err != nil {
		t.Fatal(err)
	}
	body := string(raw)
	for _, want := range []string{
		`"RoleName":"PersonalRoleJaneDoe"`,
		`"InstanceProfileName":"PersonalInstanceProfileJaneDoe"`,
		`"ManagedPolicyName":"PersonalPolicy1JaneDoe-`,
		`"Resource":"arn:aws:iam::333333333333:role/PersonalRole${aws:PrincipalTag/engineer}"`,
		`"ec2:InstanceProfile":"arn:aws:iam::333333333333:instance-profile/PersonalInstanceProfile${aws:PrincipalTag/engineer}"`,
		`"Resource":"arn:aws:iam::333333333333:role/PersonalRole*"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("dev's template lacks %s", want)
		}
	}
	if strings.Contains(body, "acme-personal-") {
		t.Errorf("dev's template still names acme-personal-…")
	}
	op, err := json.Marshal(s.OperatorPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"arn:aws:iam::333333333333:role/PersonalRole*", "arn:aws:iam::333333333333:policy/PersonalPolicy*",
		"arn:aws:iam::333333333333:instance-profile/PersonalInstanceProfile*"} {
		if !strings.Contains(string(op), want) {
			t.Errorf("the operator policy does not cover %s", want)
		}
	}
	if strings.Contains(string(op), "arn:aws:iam::555555555555:role/PersonalRole*") {
		t.Errorf("the operator policy covers the document's names outside the engineers account")
	}
}
