package check

import (
	"github.com/landform/landform/internal/finding"
	"slices"
	"strings"

	"github.com/landform/landform/internal/yamltree"
)

// pseudoParams are the parameters CloudFormation defines in every template.
var pseudoParams = []string{"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
	"AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"}

// references checks every intrinsic in resources, outputs and conditions
// and records which resources each resource depends on, for cycles.
func (c *checker) references() {
	c.deps = map[string][]string{}
	t := yamltree.NewTrail("") // one for every walk: its steps are taken back
	for _, id := range c.order {
		r := c.resources[id]
		path := yamltree.ChildPath("Resources", id)
		for _, dep := range stringsOf(r.Get("DependsOn")) {
			if _, ok := c.resources[dep.s]; !ok && !c.isGenerated(dep.s) {
				c.errorf("LF-CFN-004", dep.n, path+".DependsOn", finding.DidYouMean(dep.s, c.order), "DependsOn names unknown resource %q", dep.s)
				continue
			}
			c.deps[id] = append(c.deps[id], dep.s)
		}
		if cond := r.Get("Condition"); cond != nil {
			c.condition(cond, path+".Condition")
		}
		c.walk(id, t.Key("Resources").Key(id).Key("Properties"), r.Get("Properties"))
		t.Up()
		t.Up()
		t.Up()
	}
	for _, e := range c.t.Root.Get("Outputs").Fields() {
		if cond := e.Value.Get("Condition"); cond != nil {
			c.condition(cond, yamltree.ChildPath("Outputs", e.Key)+".Condition")
		}
		c.walk("", t.Key("Outputs").Key(e.Key), e.Value)
		t.Up()
		t.Up()
	}
	for _, e := range c.t.Root.Get("Conditions").Fields() {
		c.walk("", t.Key("Conditions").Key(e.Key), e.Value)
		t.Up()
		t.Up()
	}
}

type strNode struct {
	s string
	n *yamltree.Node
}

func stringsOf(n *yamltree.Node) []strNode {
	if n == nil {
		return nil
	}
	if s, ok := n.String(); ok {
		return []strNode{{s, n}}
	}
	var out []strNode
	for _, it := range n.Items {
		if s, ok := it.String(); ok {
			out = append(out, strNode{s, it})
		}
	}
	return out
}

func (c *checker) condition(n *yamltree.Node, path string) {
	name, ok := n.String()
	if !ok {
		c.errorf("LF-CFN-019", n, path, "name a condition of the Conditions section", "a condition name must be a string")
		return
	}
	c.conditionAt(n, name, path)
}

func (c *checker) conditionAt(at *yamltree.Node, name, path string) {
	if !c.conditions[name] {
		c.errorf("LF-CFN-012", at, path, finding.DidYouMean(name, keys(c.conditions)), "condition %q is not defined in Conditions", name)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// walk checks the intrinsics under n. from is the resource whose properties
// these are ("" for outputs and conditions): its references become edges.
func (c *checker) walk(from string, t *yamltree.Trail, n *yamltree.Node) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yamltree.Seq:
		for i, it := range n.Items {
			c.walk(from, t.Index(i), it)
			t.Up()
		}
	case yamltree.Map:
		if len(n.Entries) == 1 && c.intrinsic(from, t, n, n.Entries[0].Key, n.Entries[0].Value) {
			return
		}
		for _, e := range n.Entries {
			c.walk(from, t.Key(e.Key), e.Value)
			t.Up()
		}
	}
}

// edge records that resource from references resource to; a resource that
// references itself is a cycle of one, which CloudFormation rejects too.
func (c *checker) edge(from, to string) {
	if from != "" {
		c.deps[from] = append(c.deps[from], to)
	}
}

// intrinsic checks one intrinsic function and reports whether it handled
// the arguments (so walk does not descend again). Findings point at the
// call (at: the short-form tag or the Fn:: key), which is exact in every
// parser; positions inside a tagged value are not.
func (c *checker) intrinsic(from string, t *yamltree.Trail, at *yamltree.Node, fn string, arg *yamltree.Node) bool {
	switch fn {
	case "Ref":
		name, ok := arg.String()
		if !ok {
			c.errorf("LF-CFN-019", at, t.String(), "write Ref: LogicalId", "Ref takes a name, not a %s", arg.TypeName())
			return true
		}
		switch {
		case c.resources[name] != nil:
			c.edge(from, name)
		case c.params[name] || slices.Contains(pseudoParams, name):
		case c.isGenerated(name):
		default:
			c.errorf("LF-CFN-002", at, t.String(), finding.DidYouMean(name, c.refNames()), "Ref to unknown %q", name)
		}
		return true
	case "Fn::GetAtt":
		res, attr := "", ""
		if arg.Kind == yamltree.Seq && len(arg.Items) == 2 {
			res, _ = arg.Items[0].String()
			attr, _ = arg.Items[1].String()
			if arg.Items[1].Kind == yamltree.Map {
				c.walk(from, t, arg.Items[1])
				attr = "?"
			}
		} else if s, ok := arg.String(); ok {
			res, attr, _ = strings.Cut(s, ".")
		}
		if res == "" || attr == "" {
			c.errorf("LF-CFN-019", at, t.String(), "write Fn::GetAtt: [LogicalId, Attribute]", "malformed Fn::GetAtt")
			return true
		}
		if c.resources[res] == nil {
			if !c.isGenerated(res) {
				c.errorf("LF-CFN-003", at, t.String(), finding.DidYouMean(res, c.order), "Fn::GetAtt of unknown resource %q", res)
			}
			return true
		}
		if attr != "?" {
			c.attribute(at, t, res, attr)
		}
		c.edge(from, res)
		return true
	case "Fn::Sub":
		c.sub(from, t, at, arg)
		return true
	case "Condition":
		if name, ok := arg.String(); ok {
			if !c.conditions[name] {
				c.conditionAt(at, name, t.String())
			}
			return true
		}
	case "Fn::GetAZs":
		// A region name, "" (the stack's region) or an intrinsic giving one.
		if _, ok := arg.String(); !ok && (arg.Kind != yamltree.Map || len(arg.Entries) != 1) {
			c.errorf("LF-CFN-019", at, t.String(), `write Fn::GetAZs: "" (the stack's region), a region name, or !Ref AWS::Region`,
				"Fn::GetAZs takes a region, not %s", arg.TypeName())
			return true
		}
	case "Fn::Join", "Fn::Select", "Fn::Split":
		if arg.Kind != yamltree.Seq || len(arg.Items) != 2 {
			c.errorf("LF-CFN-019", at, t.String(), "write "+fn+": [first, second]", "%s takes a list of two", fn)
			return true
		}
		c.walk(from, t, arg)
		return true
	case "Fn::FindInMap":
		if arg.Kind != yamltree.Seq || len(arg.Items) < 3 || len(arg.Items) > 4 {
			c.errorf("LF-CFN-019", at, t.String(), "write Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey]", "Fn::FindInMap takes a list of three")
			return true
		}
		if name, ok := arg.Items[0].String(); ok && c.t.Root.Get("Mappings").Get(name) == nil {
			c.errorf("LF-CFN-026", at, t.String(), finding.DidYouMean(name, mappingNames(c.t.Root.Get("Mappings"))), "Fn::FindInMap names unknown mapping %q", name)
		}
		c.walk(from, t, arg)
		return true
	case "Fn::If":
		if arg.Kind == yamltree.Seq && len(arg.Items) == 3 {
			if name, ok := arg.Items[0].String(); ok {
				if !c.conditions[name] {
					c.conditionAt(at, name, t.Index(0).String())
					t.Up()
				}
			}
			c.walk(from, t.Index(1), arg.Items[1])
			t.Up()
			c.walk(from, t.Index(2), arg.Items[2])
			t.Up()
		} else {
			c.errorf("LF-CFN-019", at, t.String(), "write Fn::If: [Condition, ValueIfTrue, ValueIfFalse]", "malformed Fn::If")
		}
		return true
	}
	return false
}

func (c *checker) sub(from string, t *yamltree.Trail, at, arg *yamltree.Node) {
	s, ok := arg.String()
	vars := map[string]bool{}
	if !ok {
		if arg.Kind != yamltree.Seq || len(arg.Items) != 2 {
			c.errorf("LF-CFN-019", at, t.String(), "write Fn::Sub: string, or Fn::Sub: [string, {Var: value}]", "malformed Fn::Sub")
			return
		}
		s, _ = arg.Items[0].String()
		for _, e := range arg.Items[1].Fields() {
			vars[e.Key] = true
		}
		c.walk(from, t.Index(1), arg.Items[1])
		t.Up()
	}
	for _, name := range subVars(s) {
		base, _, _ := strings.Cut(name, ".")
		switch {
		case vars[name]:
		case c.resources[base] != nil:
			if _, attr, ok := strings.Cut(name, "."); ok {
				c.attribute(at, t, base, attr)
			}
			c.edge(from, base)
		case c.params[name] || slices.Contains(pseudoParams, name), c.isGenerated(base):
		default:
			c.errorf("LF-CFN-005", at, t.String(), finding.DidYouMean(name, c.refNames()), "Fn::Sub variable ${%s} is unknown", name)
		}
	}
}

func (c *checker) refNames() []string {
	return append(append(slices.Clone(c.order), keys(c.params)...), pseudoParams...)
}

// subVars returns the names ${Name} and ${Name.Attr} in a Fn::Sub string,
// skipping ${!Literal} escapes.
func subVars(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return out
		}
		// CloudFormation allows spaces inside the braces: ${ Name }.
		if name := strings.TrimSpace(s[:j]); !strings.HasPrefix(s[:j], "!") {
			out = append(out, name)
		}
		s = s[j+1:]
	}
}

func mappingNames(m *yamltree.Node) []string {
	var out []string
	for _, e := range m.Fields() {
		out = append(out, e.Key)
	}
	return out
}
