package eval

import (
	"strings"
	"testing"
)

// These cases are where @cloud-copilot/iam-simulate 0.1.173 departs from
// AWS's documentation; they stay out of the agreement corpus and are
// decided here against the documentation cited on each.
func TestDocumentedBehaviourWhereIAMSimulateDiffers(t *testing.T) {
	const obj = "arn:aws:s3:::bucket-a/home/alice/notes.txt"
	allow := func(cond, resource, version string) string {
		v := ""
		if version != "" {
			v = `"Version":"` + version + `",`
		}
		c := ""
		if cond != "" {
			c = `,"Condition":` + cond
		}
		return `{` + v + `"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + resource + `"` + c + `}}`
	}
	tests := []struct {
		name, doc, policy, resource string
		ctx                         map[string]string
		multi                       map[string][]string
		want                        Result
	}{
		{
			name: "0.0.0.0/0 contains every IPv4 address",
			// "IpAddress: The specified IP address or range" (CIDR, RFC 4632).
			doc:    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress",
			policy: allow(`{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`, "*", "2012-10-17"),
			ctx:    map[string]string{"aws:SourceIp": "203.0.113.9"}, want: Allowed,
		},
		{
			name: "a variable in the account part of a resource ARN is substituted",
			doc:  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (policy variables in the Resource element)",
			policy: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:GetItem",` +
				`"Resource":"arn:aws:dynamodb:${aws:RequestedRegion}:${aws:PrincipalAccount}:table/Orders"}}`,
			resource: "arn:aws:dynamodb:us-east-1:111111111111:table/Orders",
			ctx:      map[string]string{"aws:PrincipalAccount": "111111111111", "aws:RequestedRegion": "us-east-1"}, want: Allowed,
		},
		{
			name: "${*} in StringEquals is a literal *",
			// "${*}, ${?}, ${$}: special characters … represent the character itself"
			doc:    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars",
			policy: allow(`{"StringEquals":{"aws:PrincipalTag/team":"${*}"}}`, "*", "2012-10-17"),
			ctx:    map[string]string{"aws:PrincipalTag/team": "*"}, want: Allowed,
		},
		{
			name: "2008-10-17 policies have no variables: ${aws:username} is text",
			// "Policy variables … 2012-10-17 … earlier versions … treated as literal strings"
			doc:      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
			policy:   allow("", "arn:aws:s3:::bucket-a/home/${aws:username}/*", "2008-10-17"),
			resource: "arn:aws:s3:::bucket-a/home/alice/notes.txt",
			ctx:      map[string]string{"aws:username": "alice"}, want: ImplicitlyDenied,
		},
		{
			name: "an epoch date is in seconds",
			// "Date condition operators … epoch (UNIX) time"; aws:EpochTime is in seconds.
			doc:    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date",
			policy: allow(`{"DateLessThan":{"aws:CurrentTime":"1735689600"}}`, "*", "2012-10-17"), // 2025-01-01
			ctx:    map[string]string{"aws:CurrentTime": "2024-06-01T12:00:00Z"}, want: Allowed,
		},
		{
			name: "IfExists under ForAnyValue: a missing key passes",
			// "…IfExists: If the policy key is present … Otherwise, the condition evaluates to true."
			doc:    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
			policy: allow(`{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"env"}}`, "*", "2012-10-17"),
			want:   Allowed,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compile([]byte(tt.policy), Identity, "p")
			if err != nil {
				t.Fatal(err)
			}
			res := tt.resource
			if res == "" {
				res = obj
			}
			action := "s3:GetObject"
			if strings.Contains(res, "dynamodb") {
				action = "dynamodb:GetItem"
			}
			req := &Request{Principal: "arn:aws:iam::111111111111:user/alice", Action: action, Resource: res, ResourceAccount: "111111111111"}
			for k, v := range tt.ctx {
				req.Context.Set(k, v)
			}
			d := Evaluate(&Set{Identity: []*Policy{p}}, req)
			if d.Result != tt.want {
				t.Errorf("got %s (%s), want %s per %s", d.Result, d.Reason, tt.want, tt.doc)
			}
		})
	}
}

// An unknown condition operator makes the policy invalid (IAM rejects it
// with MalformedPolicyDocument); iam-simulate evaluates it as false.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
func TestUnknownOperatorIsInvalid(t *testing.T) {
	_, err := Compile([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*",
		"Condition":{"StringSortOf":{"aws:username":"alice"}}}}`), Identity, "p")
	if err == nil || !strings.Contains(err.Error(), "unknown condition operator") {
		t.Fatalf("got %v, want an unknown operator error", err)
	}
}
