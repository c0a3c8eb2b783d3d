package yamltree

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/landform/landform/internal/finding"
)

// Limits on what Parse accepts. Configs and templates are kilobytes; these
// bounds only stop hostile or broken input before it costs memory.
const (
	MaxAliasNodes = 10_000 // nodes aliases may copy in, over the whole file
	MaxDepth      = 64     // nesting of maps and sequences
)

// depthHint is the hint of the finding that nesting passes MaxDepth.
var depthHint = fmt.Sprintf("flatten the structure: landform reads at most %d levels of maps and sequences", MaxDepth)

// Options say how a caller wants its YAML read.
type Options struct {
	// MaxBytes refuses larger files (0: no limit).
	MaxBytes int
	// YAML11Traps reports unquoted words and numbers that YAML 1.1 and 1.2
	// tools read differently (yes, no, on, off, 012).
	YAML11Traps bool
	// YAML11Bools reads unquoted yes, no, on and off (in any of YAML 1.1's
	// spellings) as booleans, as CloudFormation's YAML 1.1 parser does.
	YAML11Bools bool
	// Tag converts a node written with a local tag (!Ref x) into the node it
	// stands for; ok false leaves the tag to Parse, which accepts only !!str,
	// !!map and !!seq.
	Tag func(tag string, value *Node) (n *Node, ok bool)
	// Rule names the rule of a parse finding, from its number: 1 too large,
	// 2 not UTF-8, 3 syntax, 4 duplicate key, 5 alias or depth bound, 6 YAML
	// 1.1 boolean, 7 ambiguous number, 8 not exactly one document,
	// 10 unsupported tag.
	Rule func(n int) string
	// What names the file's kind in messages ("config", "template").
	What string
}

// Parse reads one YAML document into a Tree. It returns findings, never an
// error: every way a file can be wrong is the user's to fix, and each
// finding says where. A nil Tree comes with at least one error finding.
func Parse(file string, data []byte, o Options) (*Tree, finding.List) {
	t, fs, _ := parse(file, data, o, true, true)
	return t, fs
}

// parse is Parse; without preScan, only the converter bounds the depth
// (FuzzDepthPreScan compares the two); without fast, goccy reads every
// file (the readers tests compare the two readers). deepest is the depth
// of the deepest map or sequence the converter met.
func parse(file string, data []byte, o Options, preScan, fast bool) (_ *Tree, fs finding.List, deepest int) {
	whole := finding.Pos{File: file}
	if o.MaxBytes > 0 && len(data) > o.MaxBytes {
		fs.Errorf(o.Rule(1), whole, "", "split the file, or remove what landform does not read",
			"file is %d bytes; landform reads a %s of at most %d bytes", len(data), o.What, o.MaxBytes)
		return nil, fs, 0
	}
	if !utf8.Valid(data) {
		fs.Errorf(o.Rule(2), invalidUTF8Pos(file, data), "", "save the file as UTF-8", "file is not valid UTF-8")
		return nil, fs, 0
	}
	if len(bytes.TrimSpace(data)) == 0 {
		fs.Errorf(o.Rule(8), whole, "", "write the "+o.What+"'s sections", "file is empty")
		return nil, fs, 0
	}
	data = clean(data)
	// goccy's parser costs time and memory quadratic in the depth, so the
	// depth is bounded before it runs; the converter checks it exactly.
	// The fast reader comes after: yaml.v3 would allocate megabytes for a
	// deep file before the converter declined it.
	if preScan {
		if s := scanDepth(data, preScanLimit); s.over {
			fs.Errorf(o.Rule(5), finding.Pos{File: file, Line: s.deepAt[0], Column: s.deepAt[1]}, "",
				depthHint, "nesting is deeper than %d levels", MaxDepth)
			return nil, fs, 0
		}
	}
	if fast {
		if t, fs, deepest, ok := parseFast(file, data, o); ok {
			return t, fs, deepest
		}
	}
	tokens := tokenize(data)
	f, err := parser.Parse(tokens, 0)
	if err != nil {
		fs.Add(syntaxFinding(file, err, o))
		return nil, fs, 0
	}
	var bodies []ast.Node
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			bodies = append(bodies, d.Body)
		}
	}
	switch len(bodies) {
	case 0:
		fs.Errorf(o.Rule(8), whole, "", "write the "+o.What+"'s sections", "file holds no YAML document")
		return nil, fs, 0
	case 1:
	default:
		fs.Errorf(o.Rule(8), startPos(file, bodies[1]), "", "keep one "+o.What+" per file",
			"file holds %d YAML documents; landform reads one", len(bodies))
		return nil, fs, 0
	}
	// A node is a token or two (a key and its ':', a scalar): the index of
	// paths is sized once rather than grown through every doubling.
	c := &converter{opts: o, file: file, anchors: map[string]ast.Node{}, doc: &Tree{File: file, byPath: make(map[string]*Node, len(tokens)/2)}}
	root := c.node(bodies[0], "", 0)
	fs = append(fs, c.findings...)
	if c.aborted {
		return nil, fs, c.deepest
	}
	c.doc.Root = root
	c.doc.byPath[""] = root
	return c.doc, fs, c.deepest
}

// clean drops a byte-order mark, which editors on Windows start files with
// (YAML allows it and it is not content), and turns \r\n and a lone \r,
// which YAML breaks lines at too, into \n: goccy miscounts lines after some
// \r, so positions are computed on \n-only text.
func clean(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
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

func syntaxFinding(file string, err error, o Options) finding.Finding {
	var yerr yaml.Error
	if !errors.As(err, &yerr) {
		return finding.Finding{Rule: o.Rule(3), Severity: finding.Error, Pos: finding.Pos{File: file},
			Message: "syntax error: " + firstLine(err.Error()), Hint: "fix the syntax"}
	}
	msg := firstLine(yerr.GetMessage())
	var dup *yaml.DuplicateKeyError
	if errors.As(err, &dup) || strings.Contains(msg, "already defined") {
		return finding.Finding{Rule: o.Rule(4), Severity: finding.Error, Pos: tokenPos(file, yerr.GetToken()),
			Message: msg, Hint: "remove one of the two keys; YAML tools disagree on which one wins"}
	}
	return finding.Finding{Rule: o.Rule(3), Severity: finding.Error, Pos: tokenPos(file, yerr.GetToken()),
		Message: "syntax error: " + msg, Hint: "fix the syntax at this position"}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// TooDeep reports where data, read as YAML, first nests deeper than
// MaxDepth, for readers that parse YAML without Parse: it says so only when
// the nesting is far deeper (preScanLimit), where parsing would cost time
// and memory quadratic in it; Parse checks MaxDepth exactly.
func TooDeep(data []byte) (line, col int, deep bool) {
	s := scanDepth(clean(data), preScanLimit)
	return s.deepAt[0], s.deepAt[1], s.over
}
