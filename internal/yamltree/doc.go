// Package yamltree reads a YAML file (a config or a template) into a tree
// of Nodes that know where they were written, and reports everything wrong
// with the file as findings, never as an error.
//
// # Two readers
//
// Parse reads most files with go.yaml.in/yaml/v3 (parseFast), about three
// times faster than goccy/go-yaml and with a tenth of the allocation, and
// converts its nodes as the converter converts goccy's AST: scalars typed
// by goccy's rules (token.New), mappings placed at their first key, a
// tagged node's value at the text after the tag. A tree and its findings
// are the same whichever reader read the file.
//
// Every file with something goccy's path decides for itself goes to
// goccy/go-yaml, and its findings, whose texts golden files hold, are
// goccy's: a syntax error, several documents or none, directives,
// anchors, aliases and merge keys, duplicate, tagged, empty or non-scalar
// keys, a key without a value in a flow mapping, verbatim tags and the
// non-specific tag ("!" alone), nesting past MaxDepth, and a last line
// without a line break (where tokenize adds one for goccy). On that path,
// tokenize repairs goccy's misreadings before it parses: a tag or anchor
// with nothing after it (emptyProperties), a plain scalar with a colon in
// a flow collection (rejoinFlowColons), the columns after a tag
// (fixTagColumns); and the pre-scan bounds the depth, where goccy's cost
// is quadratic.
//
// TestReadersAgree holds the two readers to the same tree, node for node
// and position for position, on every YAML file of the repository;
// FuzzReadersAgree holds them to the same values on generated input.
package yamltree
