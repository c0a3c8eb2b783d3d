package check

import (
	"encoding/json"
	"fmt"
	"github.com/landform/landform/internal/finding"
	"slices"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/cfnspec"
	"github.com/landform/landform/internal/yamltree"
)

var typeNames = map[byte]string{'s': "string", 'i': "integer", 'n': "number", 'b': "boolean", 'a': "list", 'o': "mapping"}

// skipType reports resource types the specification cannot describe:
// custom resources, registry modules, and SAM types when a transform will
// expand them.
func (c *checker) skipType(typ string) bool {
	if isCustomResource(typ) || isModule(typ) {
		return true
	}
	return c.t.Root.Get("Transform") != nil && strings.HasPrefix(typ, "AWS::Serverless::")
}

func isCustomResource(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}

// properties checks every resource's properties against its type in the
// CloudFormation resource specification.
func (c *checker) properties() {
	for _, id := range c.order {
		r := c.resources[id]
		typ, ok := r.Get("Type").String()
		if !ok || c.skipType(typ) {
			continue
		}
		path := yamltree.ChildPath("Resources", id)
		t, known := cfnspec.Lookup(typ)
		if !known {
			c.errorf("LF-CFN-020", r.Get("Type"), path+".Type", c.typeHint(typ), "unknown resource type %s", typ)
			continue
		}
		props := r.Get("Properties")
		if cfn.IsIntrinsic(props) {
			continue
		}
		for _, e := range props.Fields() {
			p := path + ".Properties." + e.Key
			shape, ok := t.Props[e.Key]
			switch {
			case ok:
				c.value(shape, e.Value, p)
			case slices.Contains(t.ReadOnly, e.Key):
				c.warnf("LF-CFN-029", nil, p, "remove it; read it with Fn::GetAtt "+id+"."+e.Key,
					"%s is a read-only attribute of %s: CloudFormation ignores it", e.Key, typ)
			case !t.Open:
				c.errorf("LF-CFN-021", nil, p, finding.DidYouMean(e.Key, propNames(t.Props)), "unknown property %s of %s", e.Key, typ)
			}
		}
		resCond, _ := r.Get("Condition").String()
		for _, req := range t.Required {
			v := props.Get(req)
			if v == nil {
				c.errorf("LF-CFN-022", props, path+".Properties", "add "+req+":", "%s requires property %s", typ, req)
				continue
			}
			if cond, when, ok := noValueBranch(v); ok && !(cond == resCond && !when) {
				c.errorf("LF-CFN-022", v, path+".Properties."+req, "give both branches of the Fn::If a value, or make the resource conditional",
					"%s requires property %s, which Fn::If removes (AWS::NoValue) when condition %s is %v", typ, req, cond, when)
			}
		}
	}
}

// noValueBranch reports whether v is a Fn::If with a branch that is
// Ref AWS::NoValue, which removes the property: under which condition, and
// whether when it is true (the first branch) or false.
func noValueBranch(v *yamltree.Node) (cond string, whenTrue, ok bool) {
	cond, t, f, isIf := cfn.If(v)
	switch {
	case !isIf:
	case cfn.IsNoValue(t):
		return cond, true, true
	case cfn.IsNoValue(f):
		return cond, false, true
	}
	return "", false, false
}

func (c *checker) typeHint(typ string) string {
	parts := strings.Split(typ, "::")
	if len(parts) == 3 {
		if names := cfnspec.TypesOf(parts[1]); len(names) > 0 {
			return finding.DidYouMean(typ, names)
		}
	}
	return "use a type from the CloudFormation resource reference (AWS::Service::Resource)"
}

func propNames(m map[string]*cfnspec.Shape) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// value checks one value against its shape. CloudFormation converts
// scalars the way cfn-lint's non-strict mode does: a number is a fine
// string, and "3" or "true" are fine numbers and booleans.
func (c *checker) value(s *cfnspec.Shape, n *yamltree.Node, path string) {
	if s == nil || n == nil || cfn.IsIntrinsic(n) {
		return
	}
	switch n.Kind {
	case yamltree.Map:
		if !s.Allows('o') {
			c.typeError(s, n, path)
			return
		}
		if s.P == nil {
			return
		}
		for _, e := range n.Entries {
			child, ok := s.P[e.Key]
			if !ok {
				if s.C {
					c.errorf("LF-CFN-021", nil, path+"."+e.Key, finding.DidYouMean(e.Key, propNames(s.P)), "unknown property %s", e.Key)
				}
				continue
			}
			c.value(child, e.Value, path+"."+e.Key)
		}
		for _, req := range s.R {
			v := n.Get(req)
			if v == nil {
				c.errorf("LF-CFN-022", n, path, "add "+req+":", "missing required property %s", req)
			} else if cond, when, ok := noValueBranch(v); ok {
				c.errorf("LF-CFN-022", v, path+"."+req, "give both branches of the Fn::If a value",
					"required property %s is removed by Fn::If (AWS::NoValue) when condition %s is %v", req, cond, when)
			}
		}
	case yamltree.Seq:
		if !s.Allows('a') {
			c.typeError(s, n, path)
			return
		}
		for i, it := range n.Items {
			c.value(s.I, it, yamltree.IndexPath(path, i))
		}
	default:
		if n.Value == nil {
			return
		}
		if !scalarFits(s, n.Value) {
			c.typeError(s, n, path)
			return
		}
		if _, isBool := n.Value.(bool); isBool && !n.Quoted && !s.Allows('b') && n.Text != "true" && n.Text != "false" {
			c.warnf("LF-CFN-028", n, path, fmt.Sprintf(`quote it: "%s"`, n.Text),
				"unquoted %s is the boolean %v to CloudFormation's YAML 1.1 parser, and this property takes a string", n.Text, n.Value)
			return
		}
		if len(s.E) > 0 {
			text := scalarText(n.Value)
			if !slices.Contains(s.E, text) {
				c.errorf("LF-CFN-024", n, path, "use one of: "+strings.Join(s.E, ", "), "%q is not an allowed value", text)
			}
		}
	}
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return string(x)
	}
	return ""
}

func scalarFits(s *cfnspec.Shape, v any) bool {
	switch x := v.(type) {
	case string:
		if s.Allows('s') || wholeDynamicRef(x) {
			// CloudFormation resolves a dynamic reference before the
			// resource sees it: its value is what has the type.
			return true
		}
		if s.Allows('i') {
			if _, err := strconv.ParseInt(x, 10, 64); err == nil {
				return true
			}
		}
		if s.Allows('n') {
			if _, err := strconv.ParseFloat(x, 64); err == nil {
				return true
			}
		}
		return s.Allows('b') && (strings.EqualFold(x, "true") || strings.EqualFold(x, "false"))
	case json.Number:
		if s.Allows('s') || s.Allows('n') {
			return true
		}
		if s.Allows('i') {
			_, err := strconv.ParseInt(string(x), 10, 64)
			return err == nil
		}
		return false
	case bool:
		return s.Allows('b') || s.Allows('s')
	}
	return true
}

func (c *checker) typeError(s *cfnspec.Shape, n *yamltree.Node, path string) {
	var want []string
	for i := range len(s.T) {
		want = append(want, typeNames[s.T[i]])
	}
	got := n.TypeName()
	if n.Kind == yamltree.Map {
		got = "mapping"
	} else if n.Kind == yamltree.Seq {
		got = "list"
	}
	c.errorf("LF-CFN-023", n, path, "write "+article(want[0])+" "+strings.Join(want, " or "), "expected %s, got %s", strings.Join(want, " or "), got)
}

// attribute checks that Fn::GetAtt reads an attribute the type has.
func (c *checker) attribute(at *yamltree.Node, path *yamltree.Trail, res, attr string) {
	typ, _ := c.resources[res].Get("Type").String()
	if c.skipType(typ) || typ == "AWS::CloudFormation::Stack" && strings.HasPrefix(attr, "Outputs.") {
		return
	}
	t, ok := cfnspec.Lookup(typ)
	if !ok || slices.Contains(t.Attrs, attr) || t.Props[attr] != nil {
		return
	}
	hint := "readable attributes: " + strings.Join(t.Attrs, ", ")
	if len(t.Attrs) == 0 {
		hint = typ + " has no attributes; use Ref"
	} else if m := finding.DidYouMean(attr, t.Attrs); strings.HasPrefix(m, "did you mean") {
		hint = m
	}
	c.errorf("LF-CFN-025", at, path.String(), hint, "%s has no attribute %s", typ, attr)
}

func article(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
