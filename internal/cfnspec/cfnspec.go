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

// Index looks resource types up, decoding a service's file the first time
// one of its types is asked for. It is not safe for concurrent use.
type Index struct {
	services map[string]map[string]*Type
}

// New returns an empty index over the embedded data.
func New() *Index { return &Index{services: map[string]map[string]*Type{}} }

// Type returns the resource type called name ("AWS::IAM::Role").
func (x *Index) Type(name string) (*Type, bool) {
	parts := strings.Split(name, "::")
	if len(parts) != 3 || parts[0] != "AWS" {
		return nil, false
	}
	svc := strings.ToLower(parts[1])
	types, ok := x.services[svc]
	if !ok {
		raw, err := data.ReadFile("data/" + svc + ".json")
		if err == nil {
			err = json.Unmarshal(raw, &types)
		}
		if err != nil {
			types = nil
		}
		x.services[svc] = types
	}
	t, ok := types[name]
	return t, ok
}

// Services lists the type names of one service, for suggestions.
func (x *Index) Services(service string) []string {
	x.Type("AWS::" + service + "::_")
	var out []string
	for name := range x.services[strings.ToLower(service)] {
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
