package iam

import (
	"bytes"
	"encoding/json"
	"slices"
	"unicode"
)

// Version is the policy language version every landform policy uses.
const Version = "2012-10-17"

// Policy is an IAM policy document.
type Policy struct {
	Version   string      `json:"Version" yaml:"Version"`
	Statement []Statement `json:"Statement" yaml:"Statement"`
}

// Statement is one statement of a policy. Values are usually strings, but a
// Resource may also hold a CloudFormation intrinsic (such as a role's
// Fn::GetAtt) when the policy is placed in a template.
type Statement struct {
	Sid       string               `json:"Sid,omitempty" yaml:"Sid,omitempty"`
	Effect    string               `json:"Effect" yaml:"Effect"`
	Principal map[string]Value     `json:"Principal,omitempty" yaml:"Principal,omitempty"`
	Action    Value                `json:"Action,omitempty" yaml:"Action,omitempty"`
	Resource  Value                `json:"Resource,omitempty" yaml:"Resource,omitempty"`
	Condition map[string]Condition `json:"Condition,omitempty" yaml:"Condition,omitempty"`
}

// Condition maps a condition key to its values, for one operator.
type Condition map[string]Value

// Value is IAM's "string or list of strings". One element encodes as a
// scalar, as IAM itself writes it.
type Value []any

// Strings builds a Value from strings.
func Strings(s ...string) Value {
	v := make(Value, len(s))
	for i, x := range s {
		v[i] = x
	}
	return v
}

// MarshalJSON writes one element as a scalar, several as a list.
func (v Value) MarshalJSON() ([]byte, error) {
	if len(v) == 1 {
		return json.Marshal(v[0])
	}
	return json.Marshal([]any(v))
}

// MarshalYAML writes one element as a scalar, several as a list.
func (v Value) MarshalYAML() (any, error) {
	if len(v) == 1 {
		return v[0], nil
	}
	return []any(v), nil
}

// UnmarshalJSON accepts a scalar or a list.
func (v *Value) UnmarshalJSON(b []byte) error {
	var list []any
	if err := json.Unmarshal(b, &list); err == nil {
		*v = list
		return nil
	}
	var one any
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*v = Value{one}
	return nil
}

// Strings returns the string elements of v.
func (v Value) Strings() []string {
	out := make([]string, 0, len(v))
	for _, x := range v {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Actions returns the policy's allowed actions, sorted and de-duplicated.
func (p Policy) Actions() []string {
	var out []string
	for _, s := range p.Statement {
		if s.Effect == "Allow" {
			out = append(out, s.Action.Strings()...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// JSON encodes the policy compactly, as IAM stores it: the bytes
// encoding/json gives, written in one pass (json.go).
func (p Policy) JSON() ([]byte, error) {
	var b bytes.Buffer
	if err := p.appendJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Indented encodes the policy for people and files, with a final newline.
func (p Policy) Indented() ([]byte, error) {
	raw, err := p.JSON()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// Size is the policy's length as IAM counts it against its quotas: the
// characters of its JSON, whitespace excluded.
func (p Policy) Size() int {
	raw, err := p.JSON()
	if err != nil {
		return 0
	}
	return nonSpace(raw)
}

// nonSpace counts the characters of s that are not white space.
func nonSpace(s []byte) int {
	n := 0
	for _, r := range string(s) {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// IAM quotas on policy size, in characters without whitespace.
const (
	MaxManagedPolicySize    = 6_144  // one managed policy
	MaxGroupInlineTotal     = 5_120  // all inline policies of a group together
	MaxRoleInlineTotal      = 10_240 // all inline policies of a role together
	MaxUserInlineTotal      = 2_048
	MaxTrustPolicySize      = 2_048 // default quota, can be raised to 4,096
	MaxManagedPoliciesGroup = 10
	MaxManagedPoliciesRole  = 10 // default quota, can be raised to 20
)
