package eval

import (
	"errors"
	"strings"
	"testing"
)

// TestDecodeCaseErrors: a line that is not a case is refused at the column
// where it goes wrong, naming the field as the format does, never Go's
// types ("Go struct field", "eval.Node").
func TestDecodeCaseErrors(t *testing.T) {
	for _, tt := range []struct {
		line string
		col  int
		msg  string
	}{
		{`{"id":"a","identityPolicies":{"Version":"2012-10-17"},"request":{}}`, 30,
			"identityPolicies must be a list of policies ([{…}, …]), not an object"},
		{`{"id":"a","request":{"action":5}}`, 31, "request.action must be a string, not a number"},
		{`{"id":"a","request":{"principal":true}}`, 34, "request.principal must be a string, not true or false"},
		{`{"id":"a","request":{"resource":"arn:aws:s3:::b"}}`, 33,
			"request.resource must be an object {resource, accountId}, not a string"},
		{`{"id":"é","request":{"resource":{"resouce":"x"}}}`, 34,
			`unknown field "resouce" in request.resource: did you mean "resource"? (the fields are accountId, resource)`},
		{`{"id":"a", "identityPolicy":[]}`, 12, `unknown field "identityPolicy" in a case: did you mean "identityPolicies"?`},
		{`{"id":1,"request":{}}`, 7, "id must be a string, not a number"},
		{`{"id":"a","scpLevels":[[{}],{"Version":"x"}],"request":{}}`, 29,
			"scpLevels[1] must be a list of policies ([{…}, …]), not an object"},
		{`{"id":"a","scps":[{"a":[1,{"b":2}]}],"x":1}`, 38, `unknown field "x" in a case`},
		{`[1]`, 1, "the line must be a JSON object, not a list"},
		{`{"id":"a",`, 11, "the line ends inside its JSON"},
		{`{"id":"a" "request":{}}`, 11, "not JSON: invalid character '\"' after object key:value pair"},
		{`{"id":"a","request":{}} {}`, 25, "text after the case's JSON object: write one case per line"},
		{`{"id":"a","request":{}},`, 24, "text after the case's JSON object"},
	} {
		t.Run(tt.line, func(t *testing.T) {
			_, err := DecodeCase([]byte(tt.line))
			var ce *CaseError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CaseError", err)
			}
			if ce.Column != tt.col || !strings.Contains(ce.Msg, tt.msg) {
				t.Errorf("got column %d: %s\nwant column %d: %s", ce.Column, ce.Msg, tt.col, tt.msg)
			}
		})
	}
	for _, ok := range []string{
		`{"id":"a","request":{"principal":null},"sessionPolicy":null}`,
		`{"id":"a","resourcePolicy":{"Statement":[]},"request":{"contextVariables":{"k":["v"]}}}  `,
	} {
		if _, err := DecodeCase([]byte(ok)); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}
