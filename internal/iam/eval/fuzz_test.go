package eval

import "testing"

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
