package config

import (
	"fmt"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// MaxFileBytes is the largest config Load reads: a config is a few
// kilobytes; the bound only stops broken or hostile input.
const MaxFileBytes = 1 << 20 // 1 MiB

// Document is a parsed config file: its tree and the positions of its nodes.
type Document = yamltree.Tree

// Node is one value of a config, with its position.
type Node = yamltree.Node

// The node kinds.
const (
	Scalar = yamltree.Scalar
	Map    = yamltree.Map
	Seq    = yamltree.Seq
)

// configOptions read a config: YAML 1.1 traps are errors, tags are not
// allowed, and findings are LF-CFG-001 to LF-CFG-010.
var configOptions = yamltree.Options{
	MaxBytes:    MaxFileBytes,
	YAML11Traps: true,
	Rule:        func(n int) string { return fmt.Sprintf("LF-CFG-%03d", n) },
	What:        "config",
}

// Load parses one YAML config. It returns findings, never an error: every
// way a file can be wrong is the user's to fix, and each finding says where.
// A nil Document comes with at least one error finding.
func Load(file string, data []byte) (*Document, finding.List) {
	doc, fs := yamltree.Parse(file, data, configOptions)
	if doc == nil {
		return nil, fs
	}
	if doc.Root.Kind != Map {
		fs.Errorf("LF-CFG-009", doc.Root.Pos, "", "start the file with `kind:` and the config's sections",
			"the file is a YAML %s; a config is a mapping of sections", doc.Root.TypeName())
		return nil, fs
	}
	return doc, fs
}

// Options are how a config's YAML is read.
func Options() yamltree.Options { return configOptions }
