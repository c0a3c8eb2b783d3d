package yamltree

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/finding"
)

// NodeKind says which of the three YAML shapes a Node holds.
type NodeKind int

// The node kinds.
const (
	Scalar NodeKind = iota
	Map
	Seq
)

// Node is one value of a parsed YAML document, with where it was written.
// Aliases are already expanded and merge keys applied, so a Node tree is a
// plain data tree that knows its source positions.
type Node struct {
	Kind NodeKind
	Pos  finding.Pos // where the value starts
	// KeyPos is where the map key that holds this node starts (zero for
	// sequence items and the root), so findings about a key point at the key.
	KeyPos finding.Pos

	// Scalar fields.
	Value  any    // string, json.Number, bool or nil
	Text   string // the scalar as written, without quotes
	Quoted bool   // written with quotes, or as a block literal

	Entries []Entry // Map, in document order
	Items   []*Node // Seq
}

// Entry is one key of a map.
type Entry struct {
	Key   string
	Value *Node
}

// Get returns the value of key in a map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for _, e := range n.Entries {
		if e.Key == key {
			return e.Value
		}
	}
	return nil
}

// Fields returns a map node's entries, or nil for any other node.
func (n *Node) Fields() []Entry {
	if n == nil || n.Kind != Map {
		return nil
	}
	return n.Entries
}

// String returns the scalar's value when it is a string.
func (n *Node) String() (string, bool) {
	if n == nil || n.Kind != Scalar {
		return "", false
	}
	s, ok := n.Value.(string)
	return s, ok
}

// TypeName names the node's type in JSON Schema's words, for messages.
func (n *Node) TypeName() string {
	switch n.Kind {
	case Map:
		return "object"
	case Seq:
		return "array"
	}
	switch v := n.Value.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "number"
		}
		return "integer"
	}
	return "unknown"
}

// Interface converts the tree to the generic value JSON Schema validators and
// encoding/json take: map[string]any, []any, string, json.Number, bool, nil.
func (n *Node) Interface() any {
	switch n.Kind {
	case Map:
		m := make(map[string]any, len(n.Entries))
		for _, e := range n.Entries {
			m[e.Key] = e.Value.Interface()
		}
		return m
	case Seq:
		s := make([]any, len(n.Items))
		for i, it := range n.Items {
			s[i] = it.Interface()
		}
		return s
	}
	return n.Value
}

// ChildPath extends a field path with a map key: a.b, or a["x.y"] for keys
// that are not plain names.
func ChildPath(parent, key string) string {
	if isIdent(key) {
		if parent == "" {
			return key
		}
		return parent + "." + key
	}
	return parent + "[" + strconv.Quote(key) + "]"
}

// IndexPath extends a field path with a sequence index: a[3].
func IndexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// appendChild is ChildPath(string(path), key) appended to path.
func appendChild(path []byte, key string) []byte {
	if isIdent(key) {
		if len(path) > 0 {
			path = append(path, '.')
		}
		return append(path, key...)
	}
	path = append(path, '[')
	path = strconv.AppendQuote(path, key)
	return append(path, ']')
}

// appendIndex is IndexPath(string(path), i) appended to path.
func appendIndex(path []byte, i int) []byte {
	path = append(path, '[')
	path = strconv.AppendInt(path, int64(i), 10)
	return append(path, ']')
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// EachString calls f with every string scalar under n (n included) and a
// func that returns the scalar's path below n. The path is built only
// when asked for: a check that reports one string in thousands does not
// pay for the others' paths.
func EachString(n *Node, f func(n *Node, s string, path func() string)) {
	t := NewTrail("")
	path := t.String
	var walk func(n *Node)
	walk = func(n *Node) {
		switch n.Kind {
		case Map:
			for _, e := range n.Entries {
				t.Key(e.Key)
				walk(e.Value)
				t.Up()
			}
		case Seq:
			for i, it := range n.Items {
				t.Index(i)
				walk(it)
				t.Up()
			}
		default:
			if s, ok := n.String(); ok {
				f(n, s, path)
			}
		}
	}
	walk(n)
}
