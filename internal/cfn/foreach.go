package cfn

import (
	"strings"
	"unicode"

	"github.com/landform/landform/internal/yamltree"
)

// LanguageExtensions is the transform that defines Fn::ForEach (and
// Fn::Length, Fn::ToJsonString, Fn::FindInMap's DefaultValue).
const LanguageExtensions = "AWS::LanguageExtensions"

// forEachPrefix starts the key of every loop: Fn::ForEach::LoopName.
const forEachPrefix = "Fn::ForEach::"

// maxExpanded bounds the nodes loops may generate in one template: loops
// nest, so their product could be made to exhaust memory. CloudFormation's
// own quotas (500 resources, 1 MB processed template) are far below it.
const maxExpanded = 200_000

// Loop is one Fn::ForEach a template declares, and what expanding it found.
type Loop struct {
	Name string         // LoopName in Fn::ForEach::LoopName
	Path string         // field path of the loop's key
	At   *yamltree.Node // the loop's value
	// Malformed: not [Identifier, Collection, {OutputKey: OutputValue}];
	// left in place.
	Malformed bool
	// Placeholder is set when the collection is not known before
	// deployment (a parameter without a Default, an intrinsic landform
	// does not evaluate): the fragment was expanded once with this value.
	Placeholder string
	// TooLarge: expanding it would pass maxExpanded nodes; left in place.
	TooLarge bool
	// Duplicates are keys the loop generated that its map already had.
	Duplicates []string
}

// ExpandForEach returns the template with every Fn::ForEach in Conditions,
// Resources (their properties too) and Outputs replaced by what it
// generates, as the AWS::LanguageExtensions transform does: each
// ${Identifier} in the fragment's keys and strings becomes the collection's
// value, each &{Identifier} the value without its non-alphanumeric
// characters, and Ref: Identifier the value itself. A collection is known
// when it is a list, or a Ref to a list parameter with a Default; otherwise
// the fragment is expanded once with a placeholder, so its resources are
// still checked. Generated nodes keep the positions of the fragment they
// came from. The tree given is not changed.
func ExpandForEach(t *yamltree.Tree) (*yamltree.Tree, []Loop) {
	e := &expander{t: t}
	root := t.Root
	if root == nil || root.Kind != yamltree.Map || !hasForEach(root) {
		return t, nil
	}
	out := *root
	out.Entries = make([]yamltree.Entry, len(root.Entries))
	for i, en := range root.Entries {
		switch en.Key {
		case "Conditions", "Resources", "Outputs":
			en.Value = e.expand(en.Key, en.Value)
		}
		out.Entries[i] = en
	}
	if len(e.loops) == 0 {
		return t, nil
	}
	return yamltree.NewTree(t.File, &out), e.loops
}

// hasForEach says a key under n starts with Fn::ForEach::: most templates
// have none, and are then neither walked for loops nor copied.
func hasForEach(n *yamltree.Node) bool {
	for _, e := range n.Entries {
		if strings.HasPrefix(e.Key, forEachPrefix) || hasForEach(e.Value) {
			return true
		}
	}
	for _, it := range n.Items {
		if hasForEach(it) {
			return true
		}
	}
	return false
}

type expander struct {
	t      *yamltree.Tree
	loops  []Loop
	budget int // nodes generated so far
}

// expand returns n with the loops in it and under it expanded.
func (e *expander) expand(path string, n *yamltree.Node) *yamltree.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yamltree.Seq:
		var changed bool
		items := make([]*yamltree.Node, len(n.Items))
		for i, it := range n.Items {
			items[i] = e.expand(yamltree.IndexPath(path, i), it)
			changed = changed || items[i] != it
		}
		if !changed {
			return n
		}
		out := *n
		out.Items = items
		return &out
	case yamltree.Map:
		var changed bool
		var entries []yamltree.Entry
		seen := map[string]bool{}
		for _, en := range n.Entries {
			seen[en.Key] = true
		}
		for _, en := range n.Entries {
			child := yamltree.ChildPath(path, en.Key)
			name, isLoop := strings.CutPrefix(en.Key, forEachPrefix)
			if !isLoop {
				v := e.expand(child, en.Value)
				changed = changed || v != en.Value
				entries = append(entries, yamltree.Entry{Key: en.Key, Value: v})
				continue
			}
			loop := Loop{Name: name, Path: child, At: en.Value}
			generated, ok := e.loop(&loop, en.Value)
			if !ok {
				e.loops = append(e.loops, loop)
				entries = append(entries, en)
				continue
			}
			for _, g := range e.expand(path, generated).Entries {
				if seen[g.Key] {
					loop.Duplicates = append(loop.Duplicates, g.Key)
				}
				seen[g.Key] = true
				entries = append(entries, g)
			}
			e.loops = append(e.loops, loop)
			changed = true
		}
		if !changed {
			return n
		}
		out := *n
		out.Entries = entries
		return &out
	}
	return n
}

// loop returns the map one Fn::ForEach generates: its fragment once per
// value, merged in order.
func (e *expander) loop(l *Loop, v *yamltree.Node) (*yamltree.Node, bool) {
	if v == nil || v.Kind != yamltree.Seq || len(v.Items) != 3 || v.Items[2].Kind != yamltree.Map {
		l.Malformed = true
		return nil, false
	}
	ident, ok := v.Items[0].String()
	if !ok || ident == "" {
		l.Malformed = true
		return nil, false
	}
	values, known := e.collection(v.Items[1])
	if !known {
		l.Placeholder = ident + "0"
		values = []string{l.Placeholder}
	}
	size := len(values) * countNodes(v.Items[2])
	if e.budget+size > maxExpanded {
		l.TooLarge = true
		return nil, false
	}
	e.budget += size
	out := &yamltree.Node{Kind: yamltree.Map, Pos: v.Items[2].Pos, KeyPos: v.Items[2].KeyPos}
	for _, val := range values {
		out.Entries = append(out.Entries, substitute(v.Items[2], ident, val).Entries...)
	}
	return out, true
}

// collection returns a loop's values when they are known before deployment.
func (e *expander) collection(n *yamltree.Node) ([]string, bool) {
	if n == nil {
		return nil, false
	}
	if n.Kind == yamltree.Seq {
		var out []string
		for _, it := range n.Items {
			if it.Kind != yamltree.Scalar || it.Value == nil {
				return nil, false
			}
			out = append(out, it.Text)
		}
		return out, true
	}
	name, ok := n.Get("Ref").String()
	if !ok || len(n.Entries) != 1 {
		return nil, false
	}
	p := e.t.Root.Get("Parameters").Get(name)
	typ, _ := p.Get("Type").String()
	def := p.Get("Default")
	if def == nil || (typ != "CommaDelimitedList" && !strings.HasPrefix(typ, "List<")) {
		return nil, false
	}
	if def.Kind == yamltree.Seq {
		return e.collection(def)
	}
	s, ok := def.String()
	if !ok {
		return nil, false
	}
	var out []string
	for _, v := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(v))
	}
	return out, true
}

// substitute copies n with the loop's identifier replaced by value.
func substitute(n *yamltree.Node, ident, value string) *yamltree.Node {
	out := *n
	switch n.Kind {
	case yamltree.Scalar:
		if s, ok := n.Value.(string); ok {
			out.Value = replaceIdent(s, ident, value)
			out.Text = replaceIdent(n.Text, ident, value)
		}
	case yamltree.Seq:
		out.Items = make([]*yamltree.Node, len(n.Items))
		for i, it := range n.Items {
			out.Items[i] = substitute(it, ident, value)
		}
	case yamltree.Map:
		if len(n.Entries) == 1 {
			switch arg := n.Entries[0].Value; n.Entries[0].Key {
			case "Ref":
				if s, ok := arg.String(); ok && s == ident {
					return &yamltree.Node{Kind: yamltree.Scalar, Pos: n.Pos, KeyPos: n.KeyPos, Value: value, Text: value, Quoted: true}
				}
			case "Fn::Sub":
				// A Fn::Sub the loop leaves without variables is the
				// string itself once the transform has run.
				if s, ok := arg.String(); ok && strings.Contains(s, "{"+ident+"}") {
					if r := replaceIdent(s, ident, value); !strings.Contains(r, "${") {
						return &yamltree.Node{Kind: yamltree.Scalar, Pos: n.Pos, KeyPos: n.KeyPos, Value: r, Text: r, Quoted: true}
					}
				}
			}
		}
		out.Entries = make([]yamltree.Entry, len(n.Entries))
		for i, en := range n.Entries {
			out.Entries[i] = yamltree.Entry{Key: replaceIdent(en.Key, ident, value), Value: substitute(en.Value, ident, value)}
		}
	}
	return &out
}

func replaceIdent(s, ident, value string) string {
	if !strings.Contains(s, "{"+ident+"}") {
		return s
	}
	s = strings.ReplaceAll(s, "${"+ident+"}", value)
	return strings.ReplaceAll(s, "&{"+ident+"}", alphanumeric(value))
}

func alphanumeric(s string) string {
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, s)
}

func countNodes(n *yamltree.Node) int {
	c := 1
	for _, e := range n.Entries {
		c += countNodes(e.Value)
	}
	for _, it := range n.Items {
		c += countNodes(it)
	}
	return c
}
