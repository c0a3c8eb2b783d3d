package yamltree

import "github.com/landform/landform/internal/finding"

// ParseOracle is the oracle reader (parseOracle); ok false when it leaves
// the file alone.
func ParseOracle(file string, data []byte, o Options) (*Tree, finding.List, bool) {
	t, fs, _, ok := parseOracle(file, clean(data), o)
	return t, fs, ok
}

// Paths is the tree's index of nodes by path.
func Paths(t *Tree) map[string]*Node { return t.byPath }
