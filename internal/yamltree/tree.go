package yamltree

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/landform/landform/internal/finding"
)

// Tree is a parsed YAML file: its root node and the positions of its nodes
// by field path.
type Tree struct {
	File   string
	Root   *Node
	byPath map[string]*Node
	lazy   func() map[string]*Node // NewTree's index, built on the first Lookup

	valueOnce sync.Once
	value     any
}

// Value is Root.Interface(), converted on the first call and shared by
// every caller after it: a config is read as Go values by its schema and
// its hash, a generated template by its check and its documentation
// pages. Callers must not modify it, nor the tree once it is asked for.
func (d *Tree) Value() any {
	d.valueOnce.Do(func() { d.value = d.Root.Interface() })
	return d.value
}

// Lookup returns the node at a field path ("security.iam_groups[0].name").
func (d *Tree) Lookup(path string) *Node {
	if d == nil {
		return nil
	}
	if d.lazy != nil {
		return d.lazy()[path]
	}
	return d.byPath[path]
}

// Pos returns the position of the value at path, falling back to the nearest
// parent that exists, and to the file itself.
func (d *Tree) Pos(path string) finding.Pos {
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
func (d *Tree) KeyPos(path string) finding.Pos {
	if n := d.Lookup(path); n != nil && n.KeyPos.Line != 0 {
		return n.KeyPos
	}
	return d.Pos(path)
}

var lastSegment = regexp.MustCompile(`(\.[A-Za-z0-9_-]+|\[[^\]]*\])$`)

// parentPath drops the last segment of a path; a path it cannot split
// (a key written without ChildPath's quoting) has the root as its parent,
// so walking up always ends.
func parentPath(p string) string {
	parent := strings.TrimPrefix(lastSegment.ReplaceAllString(p, ""), ".")
	if parent == p {
		return ""
	}
	return parent
}

// PathOf renders a JSON pointer's tokens as a field path, using the tree to
// tell sequence indexes from map keys.
func (d *Tree) PathOf(tokens []string) string {
	path, n := "", d.Root
	for _, t := range tokens {
		if n != nil && n.Kind == Seq {
			var i int
			if _, err := fmt.Sscan(t, &i); err == nil && i >= 0 && i < len(n.Items) {
				path, n = IndexPath(path, i), n.Items[i]
				continue
			}
		}
		path, n = ChildPath(path, t), n.Get(t)
	}
	return path
}

// NewTree makes a Tree of a root built or rewritten in code (a template
// with its loops expanded), indexing every node by its field path when a
// position is first looked up: a template written and checked clean is
// never asked for one. The tree must not change after NewTree.
func NewTree(file string, root *Node) *Tree {
	t := &Tree{File: file, Root: root}
	t.lazy = sync.OnceValue(func() map[string]*Node {
		byPath := map[string]*Node{}
		var index func(path string, n *Node)
		index = func(path string, n *Node) {
			byPath[path] = n
			for _, e := range n.Entries {
				index(ChildPath(path, e.Key), e.Value)
			}
			for i, it := range n.Items {
				index(IndexPath(path, i), it)
			}
		}
		if root != nil {
			index("", root)
		}
		return byPath
	})
	return t
}
