package yamltree

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/landform/landform/internal/finding"
)

// converter turns goccy's AST into a Node tree, expanding aliases within a
// budget and reporting YAML 1.1 traps.
type converter struct {
	opts       Options
	file       string
	doc        *Tree
	anchors    map[string]ast.Node
	aliasNodes int
	inAlias    int
	aliasPos   finding.Pos // the outermost alias being expanded
	aliasPath  string
	aborted    bool
	deepest    int // depth of the deepest map or sequence
	findings   finding.List
}

func (c *converter) rule(n int) string { return c.opts.Rule(n) }

func (c *converter) errorf(rule string, pos finding.Pos, path, hint, format string, args ...any) {
	c.findings.Errorf(rule, pos, path, hint, format, args...)
}

func (c *converter) node(n ast.Node, path string, depth int) *Node {
	if c.aborted {
		return &Node{Kind: Scalar}
	}
	if depth > MaxDepth {
		c.errorf(c.rule(5), tokenPos(c.file, n.GetToken()), path, depthHint,
			"nesting is deeper than %d levels", MaxDepth)
		c.aborted = true
		return &Node{Kind: Scalar}
	}
	if c.inAlias > 0 {
		c.aliasNodes++
		if c.aliasNodes > MaxAliasNodes {
			c.errorf(c.rule(5), c.aliasPos, c.aliasPath, "write the values out, or use fewer nested aliases",
				"aliases expand to more than %d nodes", MaxAliasNodes)
			c.aborted = true
			return &Node{Kind: Scalar}
		}
	}
	out := c.convert(n, path, depth)
	if out.Kind != Scalar {
		c.deepest = max(c.deepest, depth)
	}
	if c.inAlias == 0 {
		c.doc.byPath[path] = out
	}
	return out
}

func (c *converter) convert(n ast.Node, path string, depth int) *Node {
	pos := tokenPos(c.file, n.GetToken())
	switch v := n.(type) {
	case *ast.AnchorNode:
		c.anchors[v.Name.GetToken().Value] = v.Value
		out := c.convert(v.Value, path, depth)
		return out
	case *ast.AliasNode:
		name := v.Value.GetToken().Value
		target, ok := c.anchors[name]
		if !ok {
			c.errorf(c.rule(3), pos, path, "define the anchor (&"+name+") before using it", "alias *%s names no anchor", name)
			return &Node{Kind: Scalar, Pos: pos}
		}
		if c.inAlias == 0 {
			c.aliasPos, c.aliasPath = pos, path
		}
		c.inAlias++
		out := c.node(target, path, depth+1)
		c.inAlias--
		cp := *out
		cp.Pos = pos
		return &cp
	case *ast.TagNode:
		return c.tagged(v, path, depth)
	case *ast.MappingNode:
		return c.mapping(v.Values, startPos(c.file, v), path, depth)
	case *ast.MappingValueNode:
		return c.mapping([]*ast.MappingValueNode{v}, startPos(c.file, v), path, depth)
	case *ast.SequenceNode:
		out := &Node{Kind: Seq, Pos: pos}
		for i, it := range v.Values {
			out.Items = append(out.Items, c.node(it, IndexPath(path, i), depth+1))
		}
		return out
	case *ast.LiteralNode:
		return &Node{Kind: Scalar, Pos: pos, Value: v.Value.GetValue(), Text: v.Value.Value, Quoted: true}
	case *ast.CommentNode, *ast.CommentGroupNode:
		return &Node{Kind: Scalar, Pos: pos}
	}
	return c.scalar(n, pos, path)
}

func (c *converter) scalar(n ast.Node, pos finding.Pos, path string) *Node {
	tk := n.GetToken()
	out := &Node{Kind: Scalar, Pos: pos}
	if tk != nil {
		out.Text = tk.Value
		out.Quoted = tk.Type == token.SingleQuoteType || tk.Type == token.DoubleQuoteType
	}
	switch v := n.(type) {
	case *ast.StringNode:
		out.Value = v.Value
		if !out.Quoted {
			c.plainString(out, path)
		}
	case *ast.IntegerNode:
		out.Value = json.Number(fmt.Sprint(v.Value))
		if c.opts.YAML11Traps {
			c.checkPlainNumber(out, path)
		}
	case *ast.FloatNode:
		out.Value = json.Number(fmt.Sprint(v.Value))
		if c.opts.YAML11Traps {
			c.checkPlainNumber(out, path)
		}
	case *ast.BoolNode:
		out.Value = v.Value
	case *ast.NullNode:
		out.Value = nil
	case *ast.InfinityNode, *ast.NanNode:
		c.errorf(c.rule(7), pos, path, `quote it if you mean the string: "`+out.Text+`"`,
			"%s is not a number landform accepts", out.Text)
		out.Value = out.Text
	default:
		c.errorf(c.rule(3), pos, path, "write a plain value here", "unsupported YAML node %s", n.Type())
	}
	return out
}

// plainString reads an unquoted string as the options ask: its YAML 1.1
// traps reported, its YAML 1.1 booleans read as booleans.
func (c *converter) plainString(out *Node, path string) {
	if c.opts.YAML11Traps {
		c.checkPlainString(out, path)
	}
	if b, ok := yaml11Bools[out.Text]; ok && c.opts.YAML11Bools {
		out.Value = b
	}
}

// yaml11Bools are the words YAML 1.1 resolves to booleans (PyYAML's and
// SnakeYAML's list; y and n are not in it).
var yaml11Bools = map[string]bool{
	"yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

var legacyBools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}

// checkPlainString reports unquoted words that YAML 1.1 tools read as
// booleans: the same file would mean different things to different tools.
func (c *converter) checkPlainString(n *Node, path string) {
	switch {
	case legacyBools[n.Text]:
		c.errorf(c.rule(6), n.Pos, path, fmt.Sprintf(`write true or false for a boolean, or "%s" for a string`, n.Text),
			"unquoted %s is a boolean in YAML 1.1 and a string in YAML 1.2", n.Text)
	case hasLeadingZero(n.Text):
		c.leadingZero(n, path)
	}
}

var leadingZero = regexp.MustCompile(`^[-+]?0[0-9_]+$`)

// hasLeadingZero is leadingZero.MatchString, the regexp run only on text
// that starts as a number does.
func hasLeadingZero(s string) bool {
	if s == "" || s[0] != '0' && s[0] != '-' && s[0] != '+' {
		return false
	}
	return leadingZero.MatchString(s)
}

// checkPlainNumber reports numbers whose meaning depends on the YAML version
// or that lose digits: 012345678901 is octal to YAML 1.1 and 12345678901 to
// many other readers.
func (c *converter) checkPlainNumber(n *Node, path string) {
	if hasLeadingZero(n.Text) {
		c.leadingZero(n, path)
	}
}

func (c *converter) leadingZero(n *Node, path string) {
	c.errorf(c.rule(7), n.Pos, path, fmt.Sprintf(`quote it: "%s"`, n.Text),
		"unquoted %s has a leading zero, which YAML readers drop or read as octal", n.Text)
	n.Value = n.Text
}

func (c *converter) tagged(v *ast.TagNode, path string, depth int) *Node {
	var out *Node
	if v.Value == nil {
		out = &Node{Kind: Scalar, Pos: tokenPos(c.file, v.Start), Value: ""}
	} else {
		out = c.convert(v.Value, path, depth)
	}
	return c.applyTag(v.Start.Value, tokenPos(c.file, v.Start), out, path)
}

// applyTag is out, the value written after tag (at pos), as the tag makes
// it: the caller's Tag first, then YAML's own !!str, !!map and !!seq.
func (c *converter) applyTag(tag string, pos finding.Pos, out *Node, path string) *Node {
	if c.opts.Tag != nil {
		if n, ok := c.opts.Tag(tag, out); ok {
			n.Pos = pos
			return n
		}
	}
	switch tag {
	case "!!str":
		if out.Kind == Scalar {
			out.Value, out.Quoted = out.Text, true
			return out
		}
	case "!!map", "!!seq":
		return out
	}
	c.errorf(c.rule(10), pos, path, "remove the tag",
		"tag %s is not supported here", tag)
	return out
}

func (c *converter) mapping(values []*ast.MappingValueNode, pos finding.Pos, path string, depth int) *Node {
	out := &Node{Kind: Map, Pos: pos, Entries: make([]Entry, 0, len(values))}
	var merged []Entry
	for _, mv := range values {
		if mv.Key.IsMergeKey() {
			merged = append(merged, c.mergeEntries(mv.Value, path, depth)...)
			continue
		}
		key := c.key(mv.Key, path)
		child := ChildPath(path, key)
		val := c.node(mv.Value, child, depth+1)
		val.KeyPos = tokenPos(c.file, mv.Key.GetToken())
		out.Entries = append(out.Entries, Entry{Key: key, Value: val})
	}
	if len(merged) == 0 {
		return out
	}
	// Keys written in the mapping win over merged ones, and the first
	// merged mapping over later ones.
	seen := make(map[string]bool, len(out.Entries)+len(merged))
	for _, e := range out.Entries {
		seen[e.Key] = true
	}
	for _, e := range merged {
		if !seen[e.Key] {
			seen[e.Key] = true
			out.Entries = append(out.Entries, e)
			if c.inAlias == 0 {
				c.doc.byPath[ChildPath(path, e.Key)] = e.Value
			}
		}
	}
	return out
}

// key returns a map key as text. Keys are names, not values, so YAML 1.1
// traps do not apply; a key that is itself a collection is an error.
func (c *converter) key(k ast.MapKeyNode, path string) string {
	tk := k.GetToken()
	if _, ok := k.(ast.ScalarNode); !ok || tk == nil {
		c.errorf(c.rule(3), tokenPos(c.file, tk), path, "use a plain name as the key", "a key must be a plain name, not a %s", k.Type())
		if tk == nil {
			return ""
		}
	}
	return tk.Value
}

func (c *converter) mergeEntries(v ast.Node, path string, depth int) []Entry {
	if c.inAlias == 0 {
		c.aliasPos, c.aliasPath = tokenPos(c.file, v.GetToken()), path
	}
	c.inAlias++
	defer func() { c.inAlias-- }()
	n := c.node(v, path, depth+1)
	if c.aborted {
		// The expansion already failed with its own error; the empty node
		// it returned has no position to report a second one at.
		return nil
	}
	switch n.Kind {
	case Map:
		return n.Entries
	case Seq:
		var out []Entry
		for _, it := range n.Items {
			if it.Kind == Map {
				out = append(out, it.Entries...)
			}
		}
		return out
	}
	c.errorf(c.rule(3), n.Pos, path, "merge a mapping: <<: *anchor", "merge key << needs a mapping, got %s", n.TypeName())
	return nil
}
