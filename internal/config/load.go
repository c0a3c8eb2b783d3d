package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/landform/landform/internal/finding"
)

// Limits on what Load accepts. A config is a few kilobytes; these bounds only
// stop hostile or broken input before it costs memory.
const (
	MaxFileBytes  = 1 << 20 // 1 MiB
	MaxAliasNodes = 10_000  // nodes an alias may copy in, over the whole file
	MaxDepth      = 64      // nesting of maps and sequences
)

// Document is a parsed config file: its tree and the positions of its nodes.
type Document struct {
	File   string
	Root   *Node
	byPath map[string]*Node
}

// Lookup returns the node at a field path ("security.iam_groups[0].name").
func (d *Document) Lookup(path string) *Node {
	if d == nil {
		return nil
	}
	return d.byPath[path]
}

// Pos returns the position of the value at path, falling back to the nearest
// parent that exists, and to the file itself.
func (d *Document) Pos(path string) finding.Pos {
	for p := path; ; p = parentPath(p) {
		if n := d.Lookup(p); n != nil {
			return n.Pos
		}
		if p == "" {
			return finding.Pos{File: d.File}
		}
	}
}

// KeyPos returns the position of the key that holds path, or of its value
// when it has no key (a sequence item).
func (d *Document) KeyPos(path string) finding.Pos {
	if n := d.Lookup(path); n != nil && n.KeyPos.Line != 0 {
		return n.KeyPos
	}
	return d.Pos(path)
}

var lastSegment = regexp.MustCompile(`(\.[A-Za-z0-9_-]+|\[[^\]]*\])$`)

func parentPath(p string) string {
	return strings.TrimPrefix(lastSegment.ReplaceAllString(p, ""), ".")
}

// Load parses one YAML config. It returns findings, never an error: every
// way a file can be wrong is the user's to fix, and each finding says where.
// A nil Document comes with at least one error finding.
func Load(file string, data []byte) (*Document, finding.List) {
	var fs finding.List
	whole := finding.Pos{File: file}
	if len(data) > MaxFileBytes {
		fs.Errorf("LF-CFG-001", whole, "", "split the file, or remove what landform does not read",
			"file is %d bytes; landform reads configs of at most %d bytes (1 MiB)", len(data), MaxFileBytes)
		return nil, fs
	}
	if !utf8.Valid(data) {
		fs.Errorf("LF-CFG-002", invalidUTF8Pos(file, data), "", "save the file as UTF-8",
			"file is not valid UTF-8")
		return nil, fs
	}
	if strings.TrimSpace(string(data)) == "" {
		fs.Errorf("LF-CFG-008", whole, "", "write the config's sections, starting with kind:", "file is empty")
		return nil, fs
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		fs.Add(syntaxFinding(file, err))
		return nil, fs
	}
	var bodies []ast.Node
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			bodies = append(bodies, d.Body)
		}
	}
	switch len(bodies) {
	case 0:
		fs.Errorf("LF-CFG-008", whole, "", "write the config's sections, starting with kind:", "file holds no YAML document")
		return nil, fs
	case 1:
	default:
		fs.Errorf("LF-CFG-008", startPos(file, bodies[1]), "", "keep one config per file",
			"file holds %d YAML documents; landform reads one", len(bodies))
		return nil, fs
	}
	c := &converter{file: file, anchors: map[string]ast.Node{}, doc: &Document{File: file, byPath: map[string]*Node{}}}
	root := c.node(bodies[0], "", 0)
	fs = append(fs, c.findings...)
	if c.aborted {
		return nil, fs
	}
	if root.Kind != Map {
		fs.Errorf("LF-CFG-009", root.Pos, "", "start the file with `kind:` and the config's sections",
			"the file is a YAML %s; a config is a mapping of sections", root.TypeName())
		return nil, fs
	}
	c.doc.Root = root
	c.doc.byPath[""] = root
	return c.doc, fs
}

func invalidUTF8Pos(file string, data []byte) finding.Pos {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return finding.Pos{File: file, Line: line, Column: col}
}

func tokenPos(file string, tk *token.Token) finding.Pos {
	if tk == nil || tk.Position == nil {
		return finding.Pos{File: file}
	}
	return finding.Pos{File: file, Line: tk.Position.Line, Column: tk.Position.Column}
}

// startPos is where a node's text starts: for a mapping, its first key
// (goccy's token for a mapping is its first ':').
func startPos(file string, n ast.Node) finding.Pos {
	switch v := n.(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 {
			return tokenPos(file, v.Values[0].Key.GetToken())
		}
	case *ast.MappingValueNode:
		return tokenPos(file, v.Key.GetToken())
	}
	return tokenPos(file, n.GetToken())
}

func syntaxFinding(file string, err error) finding.Finding {
	var yerr yaml.Error
	if !errors.As(err, &yerr) {
		return finding.Finding{Rule: "LF-CFG-003", Severity: finding.Error, Pos: finding.Pos{File: file},
			Message: "invalid YAML: " + firstLine(err.Error()), Hint: "fix the YAML syntax"}
	}
	msg := firstLine(yerr.GetMessage())
	var dup *yaml.DuplicateKeyError
	if errors.As(err, &dup) || strings.Contains(msg, "already defined") {
		return finding.Finding{Rule: "LF-CFG-004", Severity: finding.Error, Pos: tokenPos(file, yerr.GetToken()),
			Message: msg, Hint: "remove one of the two keys; YAML tools disagree on which one wins"}
	}
	return finding.Finding{Rule: "LF-CFG-003", Severity: finding.Error, Pos: tokenPos(file, yerr.GetToken()),
		Message: "invalid YAML: " + msg, Hint: "fix the YAML syntax at this position"}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// converter turns goccy's AST into a Node tree, expanding aliases within a
// budget and reporting YAML 1.1 traps.
type converter struct {
	file       string
	doc        *Document
	anchors    map[string]ast.Node
	aliasNodes int
	inAlias    int
	aliasPos   finding.Pos // the outermost alias being expanded
	aliasPath  string
	aborted    bool
	findings   finding.List
}

func (c *converter) errorf(rule string, pos finding.Pos, path, hint, format string, args ...any) {
	c.findings.Errorf(rule, pos, path, hint, format, args...)
}

func (c *converter) node(n ast.Node, path string, depth int) *Node {
	if c.aborted {
		return &Node{Kind: Scalar}
	}
	if depth > MaxDepth {
		c.errorf("LF-CFG-005", tokenPos(c.file, n.GetToken()), path, "flatten the structure",
			"nesting is deeper than %d levels", MaxDepth)
		c.aborted = true
		return &Node{Kind: Scalar}
	}
	if c.inAlias > 0 {
		c.aliasNodes++
		if c.aliasNodes > MaxAliasNodes {
			c.errorf("LF-CFG-005", c.aliasPos, c.aliasPath, "write the values out, or use fewer nested aliases",
				"aliases expand to more than %d nodes", MaxAliasNodes)
			c.aborted = true
			return &Node{Kind: Scalar}
		}
	}
	out := c.convert(n, path, depth)
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
			c.errorf("LF-CFG-003", pos, path, "define the anchor (&"+name+") before using it", "alias *%s names no anchor", name)
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
			out.Items = append(out.Items, c.node(it, indexPath(path, i), depth+1))
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
			c.checkPlainString(out, path)
		}
	case *ast.IntegerNode:
		out.Value = json.Number(fmt.Sprint(v.Value))
		c.checkPlainNumber(out, path)
	case *ast.FloatNode:
		out.Value = json.Number(fmt.Sprint(v.Value))
		c.checkPlainNumber(out, path)
	case *ast.BoolNode:
		out.Value = v.Value
	case *ast.NullNode:
		out.Value = nil
	case *ast.InfinityNode, *ast.NanNode:
		c.errorf("LF-CFG-007", pos, path, `quote it if you mean the string: "`+out.Text+`"`,
			"%s is not a number landform accepts", out.Text)
		out.Value = out.Text
	default:
		c.errorf("LF-CFG-003", pos, path, "write a plain value here", "unsupported YAML node %s", n.Type())
	}
	return out
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
		c.errorf("LF-CFG-006", n.Pos, path, fmt.Sprintf(`write true or false for a boolean, or "%s" for a string`, n.Text),
			"unquoted %s is a boolean in YAML 1.1 and a string in YAML 1.2", n.Text)
	case leadingZero.MatchString(n.Text):
		c.leadingZero(n, path)
	}
}

var leadingZero = regexp.MustCompile(`^[-+]?0[0-9_]+$`)

// checkPlainNumber reports numbers whose meaning depends on the YAML version
// or that lose digits: 012345678901 is octal to YAML 1.1 and 12345678901 to
// many other readers.
func (c *converter) checkPlainNumber(n *Node, path string) {
	if leadingZero.MatchString(n.Text) {
		c.leadingZero(n, path)
	}
}

func (c *converter) leadingZero(n *Node, path string) {
	c.errorf("LF-CFG-007", n.Pos, path, fmt.Sprintf(`quote it: "%s"`, n.Text),
		"unquoted %s has a leading zero, which YAML readers drop or read as octal", n.Text)
	n.Value = n.Text
}

func (c *converter) tagged(v *ast.TagNode, path string, depth int) *Node {
	tag := v.Start.Value
	out := c.convert(v.Value, path, depth)
	switch tag {
	case "!!str":
		if out.Kind == Scalar {
			out.Value, out.Quoted = out.Text, true
			return out
		}
	case "!!map", "!!seq":
		return out
	}
	c.errorf("LF-CFG-010", tokenPos(c.file, v.Start), path, "remove the tag; configs are plain YAML",
		"tag %s is not supported in a config", tag)
	return out
}

func (c *converter) mapping(values []*ast.MappingValueNode, pos finding.Pos, path string, depth int) *Node {
	out := &Node{Kind: Map, Pos: pos}
	seen := map[string]bool{}
	var merged []Entry
	for _, mv := range values {
		if mv.Key.IsMergeKey() {
			merged = append(merged, c.mergeEntries(mv.Value, path, depth)...)
			continue
		}
		key := c.key(mv.Key, path)
		child := childPath(path, key)
		val := c.node(mv.Value, child, depth+1)
		val.KeyPos = tokenPos(c.file, mv.Key.GetToken())
		seen[key] = true
		out.Entries = append(out.Entries, Entry{Key: key, Value: val})
	}
	for _, e := range merged {
		if !seen[e.Key] {
			seen[e.Key] = true
			out.Entries = append(out.Entries, e)
			if c.inAlias == 0 {
				c.doc.byPath[childPath(path, e.Key)] = e.Value
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
		c.errorf("LF-CFG-003", tokenPos(c.file, tk), path, "use a plain name as the key", "a key must be a plain name, not a %s", k.Type())
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
	c.errorf("LF-CFG-003", n.Pos, path, "merge a mapping: <<: *anchor", "merge key << needs a mapping, got %s", n.TypeName())
	return nil
}
