package yamltree

import (
	"bytes"
	"errors"
	"io"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	yaml "go.yaml.in/yaml/v3"

	"github.com/landform/landform/internal/finding"
)

// errDeclined stops the oracle's reading of a file it leaves alone.
var errDeclined = errors.New("not read by the oracle")

// parseOracle reads data with a second YAML parser, go.yaml.in/yaml/v3 (the
// YAML organisation's continuation of go-yaml v3), converted into a Tree
// as the converter converts goccy's AST, with scalars typed by goccy's own
// rules (token.New): the oracle the readers tests hold goccy's reading to,
// value for value (positions are goccy's alone: yaml.v3 places a tagged
// node at its tag). A disagreement is a misreading by one of the two, as
// goccy's split of flow-mapping keys at an inner colon was
// (rejoinFlowColons). ok is false when the file has what the oracle leaves
// alone: a syntax error, not exactly one document, anchors, aliases and
// merge keys, duplicate, tagged or non-scalar keys, verbatim tags, or
// nesting past MaxDepth.
func parseOracle(file string, data []byte, o Options) (_ *Tree, _ finding.List, deepest int, ok bool) {
	// Directives and verbatim tags (!<…>) are left alone: goccy (v1.19.2)
	// counts "%YAML 1.1" and the "---" after it as two documents, which
	// Parse reports, and yaml.v3 resolves a verbatim tag Parse refuses;
	// known differences, not ones for the tests to find again and again.
	if bytes.HasPrefix(data, []byte("%")) || bytes.Contains(data, []byte("\n%")) || bytes.Contains(data, []byte("!<")) {
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
	f := &oracleConverter{converter: &converter{opts: o, file: file, doc: &Tree{File: file, byPath: map[string]*Node{}}}}
	root, err := f.node(doc.Content[0], "", 0)
	if err != nil {
		return nil, nil, 0, false
	}
	f.doc.Root = root
	f.doc.byPath[""] = root
	return f.doc, f.findings, f.deepest, true
}

// oracleConverter converts yaml.v3's nodes.
type oracleConverter struct {
	*converter
}

func (f *oracleConverter) pos(n *yaml.Node) finding.Pos {
	return finding.Pos{File: f.file, Line: n.Line, Column: n.Column}
}

func (f *oracleConverter) node(n *yaml.Node, path string, depth int) (*Node, error) {
	if depth > MaxDepth || n.Anchor != "" || n.Kind == yaml.AliasNode {
		return nil, errDeclined
	}
	var out *Node
	var err error
	switch n.Kind {
	case yaml.MappingNode:
		out, err = f.mapping(n, path, depth)
	case yaml.SequenceNode:
		out = &Node{Kind: Seq, Pos: f.pos(n)}
		for i, it := range n.Content {
			item, err := f.node(it, IndexPath(path, i), depth+1)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, item)
		}
	case yaml.ScalarNode:
		out = f.scalarNode(n, path)
	default:
		return nil, errDeclined
	}
	if err != nil {
		return nil, err
	}
	if n.Style&yaml.TaggedStyle != 0 {
		if len(n.Tag) < 2 || n.Tag[0] != '!' {
			return nil, errDeclined // a verbatim tag (!<…>)
		}
		out = f.applyTag(n.Tag, f.pos(n), out, path)
	}
	if out.Kind != Scalar {
		f.deepest = max(f.deepest, depth)
	}
	f.doc.byPath[path] = out
	return out, nil
}

// scalarNode converts a scalar as the converter converts goccy's: a plain
// one typed by token.New, as goccy's scanner types it.
func (f *oracleConverter) scalarNode(n *yaml.Node, path string) *Node {
	pos := f.pos(n)
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return &Node{Kind: Scalar, Pos: pos, Value: n.Value, Text: n.Value, Quoted: true}
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return f.scalar(ast.String(&token.Token{Type: token.DoubleQuoteType, Value: n.Value}), pos, path)
	case n.Style&yaml.SingleQuotedStyle != 0:
		return f.scalar(ast.String(&token.Token{Type: token.SingleQuoteType, Value: n.Value}), pos, path)
	case n.Value == "" && n.Style&yaml.TaggedStyle != 0:
		// A tag with no content: Parse reads its node as the empty string
		// (tokenize gives goccy an empty quoted scalar there).
		return &Node{Kind: Scalar, Pos: pos, Value: "", Quoted: true}
	case n.Value == "":
		// An empty node is null in YAML, as goccy reads it.
		return f.scalar(ast.Null(token.New("null", "null", &token.Position{Line: n.Line, Column: n.Column})), pos, path)
	}
	tk := token.New(n.Value, n.Value, &token.Position{Line: n.Line, Column: n.Column})
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

func (f *oracleConverter) mapping(n *yaml.Node, path string, depth int) (*Node, error) {
	out := &Node{Kind: Map, Pos: f.pos(n)}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Anchor != "" || k.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 ||
			k.Value == "<<" && k.Style == 0 || seen[k.Value] {
			return nil, errDeclined
		}
		seen[k.Value] = true
		val, err := f.node(v, ChildPath(path, k.Value), depth+1)
		if err != nil {
			return nil, err
		}
		val.KeyPos = f.pos(k)
		if i == 0 {
			out.Pos = val.KeyPos // goccy's mapping starts at its first key
		}
		out.Entries = append(out.Entries, Entry{Key: k.Value, Value: val})
	}
	return out, nil
}
