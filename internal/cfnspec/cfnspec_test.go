package cfnspec

import (
	"slices"
	"strings"
	"testing"
)

func TestIndex(t *testing.T) {
	role, ok := Lookup("AWS::IAM::Role")
	if !ok {
		t.Fatal("AWS::IAM::Role missing")
	}
	if !slices.Contains(role.Required, "AssumeRolePolicyDocument") || !slices.Contains(role.Attrs, "Arn") {
		t.Errorf("role: required %v attrs %v", role.Required, role.Attrs)
	}
	if _, settable := role.Props["Arn"]; settable {
		t.Error("Arn is read-only and must not be a settable property")
	}
	if s := role.Props["MaxSessionDuration"]; s == nil || s.T != "i" {
		t.Errorf("MaxSessionDuration shape %+v", s)
	}
	if tags := role.Props["Tags"]; tags == nil || tags.I == nil || !slices.Equal(tags.I.R, []string{"Key", "Value"}) {
		t.Errorf("Tags shape %+v", tags)
	}
	if _, ok := Lookup("AWS::IAM::Rolez"); ok {
		t.Error("unknown type found")
	}
	if _, ok := Lookup("Custom::Thing"); ok {
		t.Error("custom type found")
	}
	if !strings.HasPrefix(Source(), "cfn-lint ") {
		t.Errorf("source %q", Source())
	}
	if n := len(TypesOf("SQS")); n < 2 {
		t.Errorf("SQS has %d types", n)
	}
}

// TestEveryTypeDecodes reads every line of the data: a type that does not
// decode would look unknown to Lookup.
func TestEveryTypeDecodes(t *testing.T) {
	n := 0
	for name, s := range services {
		types := s.index()
		if types == nil {
			t.Errorf("service %s: file does not read", name)
		}
		for typ, decode := range types {
			if decode() == nil {
				t.Errorf("%s does not decode", typ)
			}
			n++
		}
	}
	if n < 1300 {
		t.Errorf("%d types; the registry has over 1,300", n)
	}
}
