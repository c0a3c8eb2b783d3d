package yamltree

import "github.com/landform/landform/internal/finding"

// ParseFast is the yaml.v3 reader alone (parseFast); ok false when it
// leaves the file to goccy.
func ParseFast(file string, data []byte, o Options) (*Tree, finding.List, bool) {
	t, fs, _, ok := parseFast(file, clean(data), o)
	return t, fs, ok
}

// ParseGoccy is Parse with goccy reading every file.
func ParseGoccy(file string, data []byte, o Options) (*Tree, finding.List) {
	t, fs, _ := parse(file, data, o, true, false)
	return t, fs
}

// Paths is the tree's index of nodes by path.
func Paths(t *Tree) map[string]*Node { return t.byPath }
