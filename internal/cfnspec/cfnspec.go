// Package cfnspec is the CloudFormation resource specification landform
// checks templates against: per resource type its settable properties (with
// their JSON types, allowed values and nested shapes), the required ones and
// the attributes Fn::GetAtt can read. The data is generated from the
// CloudFormation registry schemas that cfn-lint bundles (data/SOURCE names
// the version) and embedded, one file per service, decoded on first use.
package cfnspec

//go:generate sh -c "go run ./gen -schemas \"$(python3 -c 'import cfnlint,os;print(os.path.dirname(cfnlint.__file__))')/data/schemas\" -out data -source \"$(cfn-lint --version) (generated $(date -u +%F))\""

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed data
var data embed.FS

// Shape is the allowed form of a property value. T lists the JSON types it
// may have, one letter each (s string, i integer, n number, b boolean,
// a array, o object); "" allows anything.
type Shape struct {
	T string            `json:"t,omitempty"`
	E []string          `json:"e,omitempty"`
	I *Shape            `json:"i,omitempty"`
	P map[string]*Shape `json:"p,omitempty"`
	R []string          `json:"r,omitempty"`
	C bool              `json:"c,omitempty"`
}

// Allows reports whether the shape admits JSON type letter t.
func (s *Shape) Allows(t byte) bool { return s.T == "" || strings.IndexByte(s.T, t) >= 0 }

// Type is one resource type.
type Type struct {
	Props    map[string]*Shape `json:"p"`
	Required []string          `json:"r,omitempty"`
	Attrs    []string          `json:"a,omitempty"`
	ReadOnly []string          `json:"ro,omitempty"`
	Open     bool              `json:"open,omitempty"`
}

// services holds, per service, a function that decodes its file once and
// then returns the same read-only types: decoding happens on first use and
// is safe from several goroutines.
var services = func() map[string]func() map[string]*Type {
	out := map[string]func() map[string]*Type{}
	entries, _ := data.ReadDir("data")
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		file := "data/" + e.Name()
		out[name] = sync.OnceValue(func() map[string]*Type {
			var types map[string]*Type
			raw, err := data.ReadFile(file)
			if err == nil && json.Unmarshal(raw, &types) != nil {
				types = nil // generated data that does not decode: the build is broken
			}
			return types
		})
	}
	return out
}()

// Lookup returns the resource type called name ("AWS::IAM::Role"). The
// returned type is shared: do not modify it.
func Lookup(name string) (*Type, bool) {
	parts := strings.Split(name, "::")
	if len(parts) != 3 || parts[0] != "AWS" {
		return nil, false
	}
	load, ok := services[strings.ToLower(parts[1])]
	if !ok {
		return nil, false
	}
	t, ok := load()[name]
	return t, ok
}

// TypesOf lists the type names of one service ("SQS"), for suggestions.
func TypesOf(service string) []string {
	load, ok := services[strings.ToLower(service)]
	if !ok {
		return nil
	}
	var out []string
	for name := range load() {
		out = append(out, name)
	}
	return out
}

// Source says which data the index was generated from.
func Source() string {
	raw, err := data.ReadFile("data/SOURCE")
	if err != nil {
		return "unknown"
	}
	first, _, _ := strings.Cut(string(raw), "\n")
	return fmt.Sprint(first)
}
