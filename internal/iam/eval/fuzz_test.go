package eval

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzCompile: the policy compiler never panics, and whatever it accepts
// evaluates without panicking.
func FuzzCompile(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]}}}}`))
	f.Add([]byte(`{"Statement":[{"Effect":"Deny","NotAction":"iam:*","NotResource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"DateLessThan":{"aws:CurrentTime":"2024-01-01"}}}]}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::1:role/x"]},"Action":"sts:AssumeRole"}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		req := &Request{Principal: "arn:aws:iam::111111111111:user/alice", Action: "s3:GetObject",
			Resource: "arn:aws:s3:::b/alice/x", ResourceAccount: "111111111111"}
		req.Context.Set("aws:username", "alice")
		req.Context.SetMulti("aws:TagKeys", "a", "b")
		var ev Evaluator
		for _, k := range []Kind{Identity, Resource, SCP, RCP} {
			p, err := Compile(doc, k, "fuzz")
			if err != nil {
				continue
			}
			set := &Set{Identity: []*Policy{p}}
			if k == Resource {
				set = &Set{Resource: p}
			}
			ev.Evaluate(set, req)
		}
	})
}

// FuzzDecodeCase: any line either fails to decode, with a CaseError at a
// column of the line, or decodes into a case that is decided (or rejected
// as invalid) without panicking, and deciding it after PackCases has laid
// it out with other cases gives the same outcome.
func FuzzDecodeCase(f *testing.F) {
	f.Add([]byte(`{"id":"a","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/${aws:username}/*"}}],"request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":{"resource":"arn:aws:s3:::b/alice/x","accountId":"111111111111"},"contextVariables":{"aws:username":"alice","aws:TagKeys":["a","b"]}}}`))
	f.Add([]byte(`{"id":"b","identityPolicies":[{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}],"scpLevels":[[{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}]],"request":{"principal":"arn:aws:sts::111111111111:assumed-role/r/s","action":"iam:PassRole","resource":{"resource":"*","accountId":"111111111111"}}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		c, err := DecodeCase(line)
		var ce *CaseError
		if err != nil && (!errors.As(err, &ce) || ce.Column < 1 || ce.Column > utf8.RuneCount(line)+1 || ce.Msg == "") {
			t.Fatalf("%q: %v", line, err)
		}
		if err != nil {
			return
		}
		var ev Evaluator
		outcome := func(c *Case) string {
			d, err := c.Decide(&ev)
			if err != nil {
				return "error: " + err.Error()
			}
			return d.Result.String()
		}
		alone := outcome(c)
		other, _ := DecodeCase([]byte(`{"id":"o","identityPolicies":[{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}],"request":{"principal":"arn:aws:iam::1:user/x","action":"s3:GetObject","resource":{"resource":"*"}}}`))
		both := []*Case{other, c}
		PackCases(both)
		if got := outcome(both[1]); got != alone {
			t.Fatalf("packed with another case: %s, alone: %s", got, alone)
		}
	})
}
