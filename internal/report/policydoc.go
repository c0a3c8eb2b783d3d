package report

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Risk classes of actions, as IAM reviewers rank them (cloudsplaining's
// classes): each list is landform's own, of the actions that open the class
// on their own.
var riskClasses = []struct {
	name    string
	actions []string
}{
	{"privilege escalation", []string{
		"iam:PassRole", "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
		"iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion",
		"iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup",
		"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
		"iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary",
		"lambda:UpdateFunctionCode", "glue:UpdateDevEndpoint", "cloudformation:CreateStack", "cloudformation:UpdateStack"}},
	{"credentials exposure", []string{
		"iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential",
		"iam:ResetServiceSpecificCredential", "sts:AssumeRole", "sts:GetFederationToken", "sts:GetSessionToken",
		"ecr:GetAuthorizationToken", "ec2:GetPasswordData", "redshift:GetClusterCredentials", "rds-db:connect",
		"sso:GetRoleCredentials", "cognito-identity:GetCredentialsForIdentity", "codecommit:GetCredentials"}},
	{"data exfiltration", []string{
		"s3:GetObject", "s3:GetObjectVersion", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
		"secretsmanager:GetSecretValue", "kms:Decrypt", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
		"dynamodb:Scan", "rds:CreateDBSnapshot", "ec2:CreateSnapshot", "logs:GetLogEvents", "sqs:ReceiveMessage"}},
	{"resource exposure", []string{
		"iam:UpdateAssumeRolePolicy", "s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl", "s3:DeleteBucketPolicy",
		"s3:PutBucketPublicAccessBlock", "kms:PutKeyPolicy", "kms:CreateGrant", "sqs:SetQueueAttributes", "sqs:AddPermission",
		"sns:SetTopicAttributes", "sns:AddPermission", "lambda:AddPermission", "ecr:SetRepositoryPolicy",
		"secretsmanager:PutResourcePolicy", "glacier:SetVaultAccessPolicy", "ram:CreateResourceShare",
		"ec2:ModifySnapshotAttribute", "rds:ModifyDBSnapshotAttribute", "apigateway:UpdateRestApiPolicy"}},
}

// riskActions are riskClasses' actions in lower case, a set per class.
var riskActions = func() []map[string]bool {
	out := make([]map[string]bool, len(riskClasses))
	for i, c := range riskClasses {
		out[i] = map[string]bool{}
		for _, a := range c.actions {
			out[i][strings.ToLower(a)] = true
		}
	}
	return out
}()

// risks are the classes whose actions an action pattern (s3:Get*, *)
// covers, in the order of riskClasses. Most patterns are plain actions,
// looked up; only a wildcard is matched against each class's actions.
func risks(pattern string) []string {
	p := strings.ToLower(pattern)
	wild := strings.ContainsAny(p, `*?[\`)
	var out []string
	for i, c := range riskClasses {
		if !wild {
			if riskActions[i][p] {
				out = append(out, c.name)
			}
			continue
		}
		for a := range riskActions[i] {
			if ok, _ := path.Match(p, a); ok {
				out = append(out, c.name)
				break
			}
		}
	}
	return out
}

// policy is one managed or inline policy of a template.
type policy struct {
	name, kind string // kind: managed or inline (of the owner)
	holders    []string
	doc        map[string]any
}

// PolicyDoc is the policy documentation page (reports/{stem}-policies.html):
// each managed and inline policy of the template, what it allows by service,
// action and resource, the risk classes its actions open, and who holds it.
func PolicyDoc(title string, facts [][2]string, doc map[string]any) Review {
	resources, _ := doc["Resources"].(map[string]any)
	var pols []policy
	held := map[string][]string{} // managed policy logical id -> holders
	for _, id := range sortedKeys(resources) {
		m, _ := resources[id].(map[string]any)
		typ, _ := m["Type"].(string)
		props, _ := m["Properties"].(map[string]any)
		switch typ {
		case "AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::User":
			for _, arn := range asList(props["ManagedPolicyArns"]) {
				key := refOf(arn)
				held[key] = append(held[key], id)
			}
			for _, p := range asList(props["Policies"]) {
				pm, _ := p.(map[string]any)
				d, _ := pm["PolicyDocument"].(map[string]any)
				pols = append(pols, policy{name: id + " / " + text(pm["PolicyName"]), kind: "inline", holders: []string{id}, doc: d})
			}
		case "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy":
			d, _ := props["PolicyDocument"].(map[string]any)
			var holders []string
			for _, k := range []string{"Roles", "Groups", "Users"} {
				for _, h := range asList(props[k]) {
					holders = append(holders, refOf(h))
				}
			}
			kind := "managed"
			if typ == "AWS::IAM::Policy" {
				kind = "inline"
			}
			pols = append(pols, policy{name: id, kind: kind, holders: holders, doc: d})
		}
	}
	r := Review{Title: "Policy documentation: " + title, Facts: append(facts, [2]string{"Policies", fmt.Sprint(len(pols))}),
		Subtitle: "Each policy the template creates: what it allows by service, action and resource, the risk classes of its actions, and who holds it.",
		Legend:   "an action that opens privilege escalation, credentials exposure, data exfiltration or resource exposure"}
	for _, p := range pols {
		holders := slices.Concat(p.holders, held[p.name])
		slices.Sort(holders)
		sec := ReviewSection{Name: p.name, Facts: [][2]string{{"Kind", p.kind}, {"Held by", orNone(strings.Join(slices.Compact(holders), ", "))}}}
		tbl := ReviewTable{Columns: []string{"Effect", "Service", "Actions", "Resources", "Conditions", "Risk"}, Empty: "No statement."}
		var classes []string
		for _, st := range statements(p.doc) {
			effect := text(st["Effect"])
			bySvc := map[string][]string{}
			for _, a := range strs(st["Action"]) {
				svc, _, _ := strings.Cut(a, ":")
				bySvc[svc] = append(bySvc[svc], a)
			}
			if na := strs(st["NotAction"]); len(na) > 0 {
				bySvc["(every service but)"] = na
			}
			resources := strings.Join(strs(st["Resource"]), ", ")
			if nr := strs(st["NotResource"]); len(nr) > 0 {
				resources = "every resource but " + strings.Join(nr, ", ")
			}
			for _, svc := range sortedKeys(bySvc) {
				var rs []string
				if effect == "Allow" {
					for _, a := range bySvc[svc] {
						rs = append(rs, risks(a)...)
					}
				}
				slices.Sort(rs)
				rs = slices.Compact(rs)
				classes = append(classes, rs...)
				tbl.Rows = append(tbl.Rows, ReviewRow{Cells: []string{effect, svc, strings.Join(bySvc[svc], ", "), resources, text(st["Condition"]), strings.Join(rs, ", ")},
					Highlight: len(rs) > 0})
			}
		}
		slices.Sort(classes)
		sec.Facts = append(sec.Facts, [2]string{"Risk classes", orNone(strings.Join(slices.Compact(classes), ", "))})
		sec.Tables = []ReviewTable{tbl}
		r.Sections = append(r.Sections, sec)
	}
	return r
}

func statements(doc map[string]any) []map[string]any {
	var out []map[string]any
	for _, s := range asList(doc["Statement"]) {
		if m, ok := s.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// asList reads "one or a list".
func asList(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// refOf names what a value points at: the logical id of a Ref, the
// resource of a GetAtt, or the value itself.
func refOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		if r, ok := m["Ref"].(string); ok {
			return r
		}
		if g, ok := m["Fn::GetAtt"].([]any); ok && len(g) > 0 {
			return text(g[0])
		}
	}
	return text(v)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
