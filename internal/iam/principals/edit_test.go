package principals_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestEditThenBecome: a principal that can make another role or user of
// its account admin-equivalent, and then act as it, has a path of exactly
// two steps, each with the statements that allow it; rewriting a trust
// policy to name oneself needs nothing more in the same account. Paths go
// on through principals that are not admin-equivalent, any technique
// after any other (chain-through-non-admin).
func TestEditThenBecome(t *testing.T) {
	for dir, want := range map[string]string{
		"edit-role-attach-then-assume":                "dev: iam:AttachRolePolicy -> worker, sts:AssumeRole -> worker",
		"edit-role-put-then-rewrite-trust":            "dev: iam:PutRolePolicy -> worker, iam:UpdateAssumeRolePolicy -> worker",
		"edit-role-policy-version":                    "dev: iam:CreatePolicyVersion -> worker, sts:AssumeRole -> worker",
		"edit-user-attach-then-key":                   "user:intern: iam:AttachUserPolicy -> user:svc, iam:CreateAccessKey -> user:svc",
		"edit-user-put-then-login":                    "user:intern: iam:PutUserPolicy -> user:svc, iam:CreateLoginProfile -> user:svc",
		"edit-group-then-key":                         "user:intern: iam:PutGroupPolicy -> user:svc, iam:CreateAccessKey -> user:svc",
		"update-assume-role-policy-alone":             "dev: iam:UpdateAssumeRolePolicy -> admin",
		"edit-role-put-then-assume":                   "dev: iam:PutRolePolicy -> worker, sts:AssumeRole -> worker",
		"edit-role-attach-then-rewrite-trust":         "dev: iam:AttachRolePolicy -> worker, iam:UpdateAssumeRolePolicy -> worker",
		"edit-role-policy-version-then-rewrite-trust": "dev: iam:CreatePolicyVersion -> worker, iam:UpdateAssumeRolePolicy -> worker",
		"chain-through-non-admin": "group:ops: iam:PassRole+lambda:CreateFunction -> worker, iam:AttachRolePolicy -> worker\n" +
			"user:intern: iam:AddUserToGroup -> group:ops, iam:PassRole+lambda:CreateFunction -> worker, iam:AttachRolePolicy -> worker\n" +
			"worker: iam:AttachRolePolicy -> worker",
		"edit-user-put-then-key": "user:intern: iam:PutUserPolicy -> user:svc, iam:CreateAccessKey -> user:svc",
	} {
		paths := escalationsOf(t, filepath.Join("testdata/escalation", dir, "opens.yaml"))
		var got []string
		for _, p := range paths {
			var steps []string
			for _, s := range p.Steps {
				steps = append(steps, s.Technique+" -> "+strings.TrimSuffix(s.To, "@111111111111"))
				// Each step names what allows it: the identity statement,
				// and for sts:AssumeRole the trust statement too; the
				// rewritten trust needs no identity statement for it.
				want := 1
				switch s.Technique {
				case "sts:AssumeRole":
					want = 2
				case "iam:PassRole+lambda:CreateFunction":
					want = 2 // the PassRole statement and the create one
				}
				if len(s.Statements) != want {
					t.Errorf("%s: step %s has %d statements, want %d: %+v", dir, s.Technique, len(s.Statements), want, s.Statements)
				}
			}
			got = append(got, fmt.Sprintf("%s: %s", strings.TrimSuffix(p.Principal, "@111111111111"), strings.Join(steps, ", ")))
		}
		if strings.Join(got, "\n") != want {
			t.Errorf("%s:\n%s\nwant\n%s", dir, strings.Join(got, "\n"), want)
		}
	}
}
