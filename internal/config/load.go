package config

import (
	"errors"
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
