package cfn

import (
	"strings"

	"github.com/landform/landform/internal/yamltree"
)

// Ref refers to a resource's primary value or a parameter.
func Ref(name string) *Map { return M("Ref", name) }

// GetAtt refers to an attribute of a resource.
func GetAtt(resource, attr string) *Map { return M("Fn::GetAtt", []any{resource, attr}) }

// Sub substitutes ${Name} references in s.
func Sub(s string) *Map { return M("Fn::Sub", s) }

// Join joins values with a delimiter.
func Join(delim string, values ...any) *Map { return M("Fn::Join", []any{delim, values}) }

// IsIntrinsic reports whether n is an intrinsic function call ({Ref: x},
// {Fn::If: …}) whose value is only known when the stack is deployed.
func IsIntrinsic(n *yamltree.Node) bool {
	if n == nil || n.Kind != yamltree.Map || len(n.Entries) != 1 {
		return false
	}
	k := n.Entries[0].Key
	return k == "Ref" || strings.HasPrefix(k, "Fn::")
}

// IsNoValue reports whether n is Ref AWS::NoValue, which removes the
// property (or list item) it stands for.
func IsNoValue(n *yamltree.Node) bool {
	ref, ok := n.Get("Ref").String()
	return ok && len(n.Entries) == 1 && ref == "AWS::NoValue"
}

// If returns the parts of a well-formed Fn::If [Condition, ValueIfTrue,
// ValueIfFalse]; ok is false for anything else.
func If(n *yamltree.Node) (cond string, whenTrue, whenFalse *yamltree.Node, ok bool) {
	arg := n.Get("Fn::If")
	if n == nil || len(n.Entries) != 1 || arg == nil || arg.Kind != yamltree.Seq || len(arg.Items) != 3 {
		return "", nil, nil, false
	}
	cond, _ = arg.Items[0].String()
	return cond, arg.Items[1], arg.Items[2], true
}

// Values reads IAM's and CloudFormation's "one or a list": the items of a
// sequence, a scalar or mapping as one item, and nothing for an intrinsic
// (its value is only known at deploy time) or a missing node.
func Values(n *yamltree.Node) []*yamltree.Node {
	switch {
	case n == nil || IsIntrinsic(n):
		return nil
	case n.Kind == yamltree.Seq:
		return n.Items
	}
	return []*yamltree.Node{n}
}
