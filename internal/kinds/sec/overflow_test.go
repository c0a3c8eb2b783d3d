package sec_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/testutil"
)

// TestGroupInlineOverflowIsSplit: a group whose inline policies outgrow
// IAM's 5,120 characters gets them as managed policies instead, split under
// 6,144 each by the access kind's splitter, attached to the group, holding
// every statement once; the template checks clean.
func TestGroupInlineOverflowIsSplit(t *testing.T) {
	data, err := os.ReadFile("testdata/inline-overflow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, fs := load(t, "testdata/inline-overflow.yaml", data)
	if s == nil || fs.HasErrors() || !strings.Contains(testutil.Text(fs), "warning LF-SEC-010") {
		t.Fatalf("findings:\n%s", testutil.Text(fs))
	}
	tmpl, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	group := tmpl.Resource("GroupDataScientists")
	if _, ok := group.Properties.Get("Policies"); ok {
		t.Error("the group keeps inline policies")
	}
	var sids []string
	docs := 0
	for _, r := range tmpl.Resources {
		if r.Type != "AWS::IAM::ManagedPolicy" {
			continue
		}
		docs++
		groups, _ := r.Properties.Get("Groups")
		if ref, _ := groups.([]any)[0].(*cfn.Map).Get("Ref"); ref != "GroupDataScientists" {
			t.Errorf("%s is attached to %v", r.LogicalID, groups)
		}
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
		t.Fatalf("%d overflow documents", docs)
	}
	sort.Strings(sids)
	for i := 1; i < len(sids); i++ {
		if sids[i] == sids[i-1] {
			t.Errorf("statement %s twice", sids[i])
		}
	}
	if !strings.HasPrefix(sids[0], "Sagemaker") {
		t.Errorf("statements are not named after their templates: %v", sids)
	}
	body, err := tmpl.Encode(cfn.YAML)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range check.Bytes("overflow.yaml", body) {
		if f.Severity == finding.Error {
			t.Errorf("check: %s", testutil.Text(finding.List{f}))
		}
	}
}

// TestOverflowNamesFitTheOperatorPolicy: the overflow policies are named
// under {prefix}-policy-*, which the operator policy may create and attach.
func TestOverflowNamesFitTheOperatorPolicy(t *testing.T) {
	data, err := os.ReadFile("testdata/inline-overflow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := load(t, "testdata/inline-overflow.yaml", data)
	tmpl, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tmpl.Resources {
		if r.Type == "AWS::IAM::ManagedPolicy" {
			name, _ := r.Properties.Get("ManagedPolicyName")
			if !strings.HasPrefix(name.(string), "acme-dev-t001-policy-") || len(name.(string)) > 128 {
				t.Errorf("overflow policy name %v is outside acme-dev-t001-policy-*", name)
			}
		}
	}
}
