package iam

import (
	"strings"
	"testing"
)

func TestValueEncodesLikeIAM(t *testing.T) {
	p := Policy{Version: Version, Statement: []Statement{
		{Effect: "Allow", Action: Strings("s3:GetObject"), Resource: Strings("a", "b")},
	}}
	got, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["a","b"]}]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if p.Size() != len(want) {
		t.Errorf("Size = %d, want %d", p.Size(), len(want))
	}
}

func TestSizeIgnoresWhitespace(t *testing.T) {
	p := Policy{Version: Version, Statement: []Statement{{Sid: "A", Effect: "Allow", Action: Strings("s3:GetObject"), Resource: Strings("arn:aws:s3:::a b")}}}
	raw, _ := p.JSON()
	if p.Size() != len(raw)-1 {
		t.Errorf("Size = %d, want %d (the space inside the ARN is not counted)", p.Size(), len(raw)-1)
	}
}

const good = `description: Read things.
policy:
  Version: "2012-10-17"
  Statement:
    - Sid: Read
      Effect: Allow
      Action: [s3:GetObject]
      Resource: arn:aws:s3:::${company_prefix}-${env}-${tenant_id}-*/*
      Condition:
        StringEquals:
          aws:ResourceAccount: ${account_id}
`

var vars = map[string]string{"company_prefix": "acme", "env": "dev", "tenant_id": "t1", "account_id": "012345678901", "region": "eu-west-1"}

func TestTemplateRender(t *testing.T) {
	tpl, err := ParseTemplate("s3/level1", "policy-templates/s3/level1.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tpl.Render(vars)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := p.JSON()
	for _, want := range []string{`"arn:aws:s3:::acme-dev-t1-*/*"`, `"aws:ResourceAccount":"012345678901"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("rendered policy lacks %s: %s", want, raw)
		}
	}
	if strings.Contains(string(raw), "${") {
		t.Errorf("placeholder left in %s", raw)
	}
	if tpl.Service() != "s3" || tpl.Level() != "level1" {
		t.Errorf("service/level = %s/%s", tpl.Service(), tpl.Level())
	}
}

func TestTemplateErrorsNameTheFile(t *testing.T) {
	cases := map[string]string{
		"unknown placeholder": strings.Replace(good, "${env}", "${stage}", 1),
		"no description":      strings.Replace(good, "description: Read things.", "description: \"\"", 1),
		"wrong version":       strings.Replace(good, `"2012-10-17"`, `"2008-10-17"`, 1),
		"unknown field":       strings.Replace(good, "description:", "descripton:", 1),
		"bad effect":          strings.Replace(good, "Effect: Allow", "Effect: Permit", 1),
		"not yaml":            "description: [\n",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseTemplate("x/level1", "policy-templates/x/level1.yaml", []byte(in))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), "policy-templates/x/level1.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
}

// TestTemplateTooDeep: a policy template from --assets nested a million
// levels deep is refused before goccy parses it (which would take minutes
// and gigabytes), at the first level too deep.
func TestTemplateTooDeep(t *testing.T) {
	in := "description: x\npolicy: " + strings.Repeat("[", 1_000_000) + "\n"
	_, err := ParseTemplate("x/level1", "policy-templates/x/level1.yaml", []byte(in))
	if err == nil || !strings.Contains(err.Error(), "policy-templates/x/level1.yaml:2:73: nesting is deeper than 64 levels") {
		t.Fatalf("got %v", err)
	}
}

func TestSubstitute(t *testing.T) {
	got, err := Substitute("arn:aws:s3:::${company_prefix}-${tenant_id}", vars)
	if err != nil || got != "arn:aws:s3:::acme-t1" {
		t.Errorf("Substitute = %q, %v", got, err)
	}
	if _, err := Substitute("${nope}", vars); err == nil || !strings.Contains(err.Error(), "${nope}") {
		t.Errorf("unknown placeholder not reported: %v", err)
	}
}
