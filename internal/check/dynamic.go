package check

import (
	"regexp"
	"slices"
	"strings"

	"github.com/landform/landform/internal/yamltree"
)

// dynamicRefs are CloudFormation's dynamic references:
// {{resolve:service:…}}.
var dynamicRefs = regexp.MustCompile(`\{\{resolve:([^:}]*):`)

// dynamicServices are the services a dynamic reference may name.
var dynamicServices = []string{"secretsmanager", "ssm", "ssm-secure"}

// embedded are the ${Name} and ${Name.Attr} in a string.
var embedded = regexp.MustCompile(`\$\{([A-Za-z0-9:]+(?:\.[A-Za-z0-9.]+)?)\}`)

// strings checks every string of the template for CloudFormation syntax
// that does not work where it is written: a dynamic reference to a service
// CloudFormation does not know, a secret's dynamic reference in metadata
// or an output (where CloudFormation shows it as written or the secret
// would be visible), and a ${…} naming a parameter, resource or pseudo
// parameter outside Fn::Sub, which CloudFormation leaves as it is.
func (c *checker) dynamicStrings() {
	// A state machine's DefinitionSubstitutions are ${…} that Step
	// Functions fills in, not CloudFormation: not findings.
	var subs map[string]bool
	t := yamltree.NewTrail("")
	var walk func(n *yamltree.Node, inSub, exposed bool)
	walk = func(n *yamltree.Node, inSub, exposed bool) {
		if n == nil {
			return
		}
		if s, ok := n.String(); ok {
			c.dynamicString(n, t, s, inSub || len(subs) > 0 && onlySubs(s, subs), exposed)
			return
		}
		for _, e := range n.Entries {
			t.Key(e.Key)
			switch {
			case e.Key == "Fn::Sub" && len(n.Entries) == 1 && e.Value.Kind == yamltree.Seq && len(e.Value.Items) > 0:
				// The template string (the first of two) is Sub's.
				for i, it := range e.Value.Items {
					t.Index(i)
					walk(it, i == 0, exposed)
					t.Up()
				}
			case e.Key == "Fn::Sub" && len(n.Entries) == 1:
				walk(e.Value, true, exposed)
			case e.Key == "Metadata":
				walk(e.Value, inSub, true)
			default:
				walk(e.Value, inSub, exposed)
			}
			t.Up()
		}
		for i, it := range n.Items {
			t.Index(i)
			walk(it, inSub, exposed)
			t.Up()
		}
	}
	for _, e := range c.t.Root.Fields() {
		switch e.Key {
		case "Resources":
			t.Key("Resources")
			for _, r := range e.Value.Fields() {
				subs = map[string]bool{}
				for _, s := range r.Value.Get("Properties").Get("DefinitionSubstitutions").Fields() {
					subs[s.Key] = true
				}
				t.Key(r.Key)
				walk(r.Value, false, false)
				t.Up()
			}
			t.Up()
			subs = nil
		case "Outputs", "Metadata":
			t.Key(e.Key)
			walk(e.Value, false, true)
			t.Up()
		}
	}
}

// onlySubs says every ${…} in s is one of the substitutions.
func onlySubs(s string, subs map[string]bool) bool {
	for _, m := range embedded.FindAllStringSubmatch(s, -1) {
		if !subs[m[1]] {
			return false
		}
	}
	return true
}

func (c *checker) dynamicString(n *yamltree.Node, t *yamltree.Trail, s string, inSub, exposed bool) {
	// Every string of a template comes here; the expressions run only on
	// the few that could match.
	if !strings.Contains(s, "{{resolve:") && !strings.Contains(s, "${") {
		return
	}
	for _, m := range dynamicRefs.FindAllStringSubmatch(s, -1) {
		service := m[1]
		switch {
		case !slices.Contains(dynamicServices, service):
			c.errorf("LF-CFN-031", n, t.String(), "write {{resolve:ssm:NAME}}, {{resolve:ssm-secure:NAME}} or {{resolve:secretsmanager:SECRET}}",
				"dynamic reference to %q: CloudFormation resolves only ssm, ssm-secure and secretsmanager", service)
		case exposed && service != "ssm":
			c.errorf("LF-CFN-031", n, t.String(), "move the secret's dynamic reference into the resource property that needs it",
				"a %s dynamic reference in metadata or an output: CloudFormation does not resolve it there, or shows the secret", service)
		}
	}
	if inSub {
		return
	}
	for _, m := range embedded.FindAllStringSubmatch(s, -1) {
		name := m[1]
		base, _, _ := strings.Cut(name, ".")
		if c.params[name] || c.resources[base] != nil || slices.Contains(pseudoParams, name) {
			c.warnf("LF-CFN-030", n, t.String(), "wrap the string in !Sub (Fn::Sub) so CloudFormation substitutes it, or write ${!"+name+"} for a literal",
				"${%s} outside Fn::Sub: CloudFormation leaves it as written", name)
		}
	}
}

// wholeDynamicRef says s is one dynamic reference and nothing else.
func wholeDynamicRef(s string) bool {
	return strings.HasPrefix(s, "{{resolve:") && strings.HasSuffix(s, "}}") && strings.Count(s, "{{") == 1
}
