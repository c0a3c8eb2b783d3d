package yamltree

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	yaml "go.yaml.in/yaml/v3"

	"github.com/landform/landform/internal/finding"
)

// errDeclined stops the fast reading of a file it leaves to goccy.
var errDeclined = errors.New("left to goccy")

// parseFast reads data with yaml.v3; ok is false when it leaves the file
// to goccy (see the package comment).
func parseFast(file string, data []byte, o Options) (_ *Tree, _ finding.List, deepest int, ok bool) {
	if len(data) == 0 || data[len(data)-1] != '\n' || hasBareTag(data) || bytes.HasPrefix(data, []byte("%")) || bytes.Contains(data, []byte("\n%")) || bytes.Contains(data, []byte("!<")) {
		return nil, nil, 0, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, next yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, 0, false
	}
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return nil, nil, 0, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, nil, 0, false
	}
	// The index of paths is sized once, not grown through every doubling.
	f := &fastConverter{src: data, converter: &converter{opts: o, file: file,
		doc: &Tree{File: file, byPath: make(map[string]*Node, countNodes(doc.Content[0]))}}}
	root, err := f.node(doc.Content[0], "", 0)
	if err != nil {
		return nil, nil, 0, false
	}
	f.doc.Root = root
	f.doc.byPath[""] = root
	return f.doc, f.findings, f.deepest, true
}

// countNodes is how many values n holds, itself included (keys not
// counted): the size of the tree's index of paths.
func countNodes(n *yaml.Node) int {
	c := 1
	step := 1
	if n.Kind == yaml.MappingNode {
		step = 2
	}
	for i := step - 1; i < len(n.Content); i += step {
		c += countNodes(n.Content[i])
	}
	return c
}

// fastConverter converts yaml.v3's nodes.
type fastConverter struct {
	*converter
	src   []byte
	lines []int // offset of each line's start, built on the first tag
}

func (f *fastConverter) pos(n *yaml.Node) finding.Pos {
	return finding.Pos{File: f.file, Line: n.Line, Column: n.Column}
}

func (f *fastConverter) node(n *yaml.Node, path string, depth int) (*Node, error) {
	if depth > MaxDepth || n.Anchor != "" || n.Kind == yaml.AliasNode {
		return nil, errDeclined
	}
	tagged := n.Style&yaml.TaggedStyle != 0
	if tagged && (len(n.Tag) < 2 || n.Tag[0] != '!') {
		return nil, errDeclined // a verbatim tag (!<…>)
	}
	pos := f.pos(n)
	at := pos // where the value starts: after its tag, if it has one
	if tagged {
		at = f.afterTag(n, pos)
	}
	var out *Node
	var err error
	switch n.Kind {
	case yaml.MappingNode:
		out, err = f.mapping(n, at, path, depth)
	case yaml.SequenceNode:
		out = &Node{Kind: Seq, Pos: at}
		if len(n.Content) > 0 {
			out.Items = make([]*Node, 0, len(n.Content))
		}
		for i, it := range n.Content {
			item, err := f.node(it, IndexPath(path, i), depth+1)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, item)
		}
	case yaml.ScalarNode:
		out = f.scalarNode(n, at, path)
	default:
		return nil, errDeclined
	}
	if err != nil {
		return nil, err
	}
	if tagged {
		out = f.applyTag(n.Tag, pos, out, path)
	}
	if out.Kind != Scalar {
		f.deepest = max(f.deepest, depth)
	}
	f.doc.byPath[path] = out
	return out, nil
}

// afterTag is where a tagged node's value starts, as goccy places it: the
// first text after the tag, past spaces, line breaks and comments (yaml.v3
// places the node at its tag). A tag with nothing after it on its line
// that stands for an empty value has its value right after the tag, where
// tokenize gives goccy an empty scalar.
func (f *fastConverter) afterTag(n *yaml.Node, tag finding.Pos) finding.Pos {
	if f.lines == nil {
		f.lines = append(f.lines, 0)
		for i, c := range f.src {
			if c == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	}
	if tag.Line < 1 || tag.Line > len(f.lines) {
		return tag
	}
	i := f.lines[tag.Line-1]
	for col := 1; col < tag.Column && i < len(f.src); col++ {
		_, size := utf8.DecodeRune(f.src[i:])
		i += size
	}
	line, col := tag.Line, tag.Column
	for i < len(f.src) && !isBlank(f.src[i]) {
		_, size := utf8.DecodeRune(f.src[i:])
		i += size
		col++
	}
	if n.Kind == yaml.ScalarNode && n.Value == "" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return finding.Pos{File: f.file, Line: line, Column: col}
	}
	for i < len(f.src) {
		switch c := f.src[i]; {
		case c == ' ' || c == '\t':
			i, col = i+1, col+1
		case c == '\n':
			i, line, col = i+1, line+1, 1
		case c == '#':
			for i < len(f.src) && f.src[i] != '\n' {
				i++
			}
		default:
			return finding.Pos{File: f.file, Line: line, Column: col}
		}
	}
	return finding.Pos{File: f.file, Line: line, Column: col}
}

// hasBareTag says whether data may hold YAML's non-specific tag, a "!"
// standing alone, which yaml.v3 drops without a trace and goccy's path
// refuses; it may also say so of a "!" alone in a string.
func hasBareTag(data []byte) bool {
	for i := bytes.IndexByte(data, '!'); i >= 0; {
		before := i == 0 || bytes.IndexByte([]byte(" \t\n[{,"), data[i-1]) >= 0
		after := i+1 == len(data) || bytes.IndexByte([]byte(" \t\n]},"), data[i+1]) >= 0
		if before && after {
			return true
		}
		j := bytes.IndexByte(data[i+1:], '!')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// scalarNode converts a scalar as the converter converts goccy's: a plain
// one typed by token.New, as goccy's scanner types it.
func (f *fastConverter) scalarNode(n *yaml.Node, pos finding.Pos, path string) *Node {
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		// As the converter takes goccy's block and quoted scalars: text,
		// no traps.
		return &Node{Kind: Scalar, Pos: pos, Value: n.Value, Text: n.Value, Quoted: true}
	case n.Value == "" && n.Style&yaml.TaggedStyle != 0:
		// A tag with no content: Parse reads its node as the empty string
		// (tokenize gives goccy an empty quoted scalar there).
		return &Node{Kind: Scalar, Pos: pos, Value: "", Quoted: true}
	case n.Value == "":
		// An empty node is null in YAML, as goccy reads it.
		return f.scalar(ast.Null(token.New("null", "null", &token.Position{Line: n.Line, Column: n.Column})), pos, path)
	}
	// A tagged plain scalar is text, as goccy (and CloudFormation's YAML
	// reader) take it: !Ref 0 names "0". So is a word that starts with a
	// letter no keyword of goccy's starts with (null, true, false in
	// their spellings; numbers start with a digit, a sign or a dot):
	// most scalars, typed without token.New's attempts at a number.
	text := n.Style&yaml.TaggedStyle != 0 || plainWord(n.Value)
	var tk *token.Token
	if !text {
		tk = token.New(n.Value, n.Value, &token.Position{Line: n.Line, Column: n.Column})
		text = tk.Type == token.StringType
	}
	if text {
		// Most scalars, as the converter takes goccy's plain string.
		out := &Node{Kind: Scalar, Pos: pos, Value: n.Value, Text: n.Value}
		f.plainString(out, path)
		return out
	}
	var v ast.Node
	switch tk.Type {
	case token.NullType:
		v = ast.Null(tk)
	case token.BoolType:
		v = ast.Bool(tk)
	case token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType, token.HexIntegerType:
		v = ast.Integer(tk)
	case token.FloatType:
		v = ast.Float(tk)
	case token.InfinityType:
		v = ast.Infinity(tk)
	case token.NanType:
		v = ast.Nan(tk)
	default:
		v = ast.String(tk)
	}
	return f.scalar(v, pos, path)
}

// plainWord says whether goccy's scanner types s as a string from its
// first byte alone: an ASCII letter other than n, t and f in either case.
func plainWord(s string) bool {
	c := s[0] | 0x20 // lower case, for letters
	return 'a' <= c && c <= 'z' && c != 'n' && c != 't' && c != 'f'
}

// mapping converts a mapping placed at at (its first key's position, when
// it has keys: goccy's mapping starts there).
func (f *fastConverter) mapping(n *yaml.Node, at finding.Pos, path string, depth int) (*Node, error) {
	out := &Node{Kind: Map, Pos: at, Entries: make([]Entry, 0, len(n.Content)/2)}
	var seen map[string]bool
	if len(n.Content) > 16 {
		seen = make(map[string]bool, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Anchor != "" || k.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 ||
			k.Style == 0 && (k.Value == "<<" || k.Value == "") {
			return nil, errDeclined
		}
		if v.Kind == yaml.ScalarNode && v.Value == "" && v.Style == 0 && n.Style&yaml.FlowStyle != 0 {
			// A key with no value in a flow mapping ({a, b: c}): yaml.v3
			// places the null at the text after the key, goccy one
			// column after the key's start.
			return nil, errDeclined
		}
		if seen != nil {
			if seen[k.Value] {
				return nil, errDeclined
			}
			seen[k.Value] = true
		} else {
			for _, e := range out.Entries {
				if e.Key == k.Value {
					return nil, errDeclined
				}
			}
		}
		val, err := f.node(v, ChildPath(path, k.Value), depth+1)
		if err != nil {
			return nil, err
		}
		val.KeyPos = f.pos(k)
		if i == 0 {
			out.Pos = val.KeyPos
		}
		out.Entries = append(out.Entries, Entry{Key: k.Value, Value: val})
	}
	return out, nil
}
