package report

import (
	"github.com/landform/landform/internal/finding"
	"slices"
	"strings"
	"testing"
)

// sample is a decoded template with a managed policy attached by Ref, an
// inline policy, a parameter and an exported output.
func sample() map[string]any {
	return map[string]any{
		"Description": "A deploy role.",
		"Parameters":  map[string]any{"Env": map[string]any{"Type": "String", "Default": "dev", "Description": "the environment"}},
		"Resources": map[string]any{
			"Deployer": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
				"RoleName": "deployer", "Description": "Runs the pipeline's deploy stage",
				"ManagedPolicyArns": []any{map[string]any{"Ref": "ReadArtifacts"}},
				"Policies": []any{map[string]any{"PolicyName": "pass", "PolicyDocument": map[string]any{"Statement": []any{
					map[string]any{"Effect": "Allow", "Action": []any{"iam:PassRole", "cloudformation:DescribeStacks"}, "Resource": "arn:aws:iam::1:role/app-*"},
				}}}},
			}},
			"ReadArtifacts": map[string]any{"Type": "AWS::IAM::ManagedPolicy", "Properties": map[string]any{"PolicyDocument": map[string]any{"Statement": map[string]any{
				"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::artifacts/*"}}}},
		},
		"Outputs": map[string]any{"DeployerArn": map[string]any{"Description": "the role's ARN", "Value": map[string]any{"Fn::GetAtt": []any{"Deployer", "Arn"}},
			"Export": map[string]any{"Name": "deployer-arn"}}},
	}
}

func TestTemplateDoc(t *testing.T) {
	r := TemplateDoc("app", nil, sample())
	if r.Subtitle != "A deploy role." {
		t.Errorf("subtitle %q", r.Subtitle)
	}
	res := r.Sections[0].Tables[0].Rows
	if len(res) != 2 || !slices.Equal(res[0].Cells, []string{"Deployer", "AWS::IAM::Role", "deployer", "Runs the pipeline's deploy stage", ""}) {
		t.Errorf("resources %v", res)
	}
	par, out := r.Sections[1].Tables[0].Rows, r.Sections[1].Tables[1].Rows
	if len(par) != 1 || !slices.Equal(par[0].Cells, []string{"Env", "String", "dev", "the environment"}) {
		t.Errorf("parameters %v", par)
	}
	if len(out) != 1 || !slices.Equal(out[0].Cells, []string{"DeployerArn", "the role's ARN", `{"Fn::GetAtt":["Deployer","Arn"]}`, "deployer-arn"}) {
		t.Errorf("outputs %v", out)
	}
	if _, err := ReviewHTML(r); err != nil {
		t.Fatal(err)
	}
}

func TestPolicyDoc(t *testing.T) {
	r := PolicyDoc("app", nil, sample())
	if len(r.Sections) != 2 {
		t.Fatalf("%d policies", len(r.Sections))
	}
	byName := map[string]ReviewSection{}
	for _, s := range r.Sections {
		byName[s.Name] = s
	}
	inline, managed := byName["Deployer / pass"], byName["ReadArtifacts"]
	facts := func(s ReviewSection) string {
		var b strings.Builder
		for _, f := range s.Facts {
			b.WriteString(f[0] + "=" + f[1] + ";")
		}
		return b.String()
	}
	if got := facts(inline); got != "Kind=inline;Held by=Deployer;Risk classes=privilege escalation;" {
		t.Errorf("inline policy: %s", got)
	}
	if got := facts(managed); got != "Kind=managed;Held by=Deployer;Risk classes=data exfiltration;" {
		t.Errorf("managed policy: %s", got)
	}
	rows := inline.Tables[0].Rows
	if len(rows) != 2 || rows[0].Cells[1] != "cloudformation" || rows[0].Highlight || rows[1].Cells[1] != "iam" || !rows[1].Highlight {
		t.Errorf("inline rows %v", rows)
	}
	for pattern, want := range map[string][]string{
		"iam:PassRole":  {"privilege escalation"},
		"IAM:passrole":  {"privilege escalation"},
		"s3:*":          {"data exfiltration", "resource exposure"},
		"*":             {"privilege escalation", "credentials exposure", "data exfiltration", "resource exposure"},
		"ec2:Describe*": nil,
	} {
		if got := risks(pattern); !slices.Equal(got, want) {
			t.Errorf("risks(%s) = %v, want %v", pattern, got, want)
		}
	}
	if _, err := ReviewHTML(r); err != nil {
		t.Fatal(err)
	}
}

// TestSuppressedSection: a template's page lists each accepted finding
// with who accepted it, the owner, until when and why, and only those.
func TestSuppressedSection(t *testing.T) {
	fs := finding.List{
		{Rule: "LF-IAM-010", Severity: finding.Warning, Path: "Resources.Admin"},
		{Rule: "LF-CFN-303", Severity: finding.Warning, Path: "Resources.Logs"},
	}
	fs[0].Suppress(finding.Suppression{Kind: "external", By: "landform.suppressions.yaml:2:5", Reason: "break-glass role", Owner: "security", Expires: "2099-12-31"})
	sec := Suppressed(fs)
	rows := sec.Tables[0].Rows
	if len(rows) != 1 || strings.Join(rows[0].Cells, "|") != "LF-IAM-010|Resources.Admin|warning|landform.suppressions.yaml:2:5|security|2099-12-31|break-glass role" {
		t.Errorf("rows: %+v", rows)
	}
	page, err := ReviewHTML(Review{Title: "t", Sections: []ReviewSection{sec}})
	if err != nil || !strings.Contains(string(page), "<td>break-glass role</td>") {
		t.Errorf("page (%v):\n%s", err, page)
	}
}
