// Package cfnspec is the CloudFormation resource specification landform
// checks templates against: per resource type its settable properties (with
// their JSON types, allowed values and nested shapes), the required ones and
// the attributes Fn::GetAtt can read. The data is generated from the
// CloudFormation registry schemas that cfn-lint bundles (data/SOURCE names
// the version) and embedded, one file per service and one type per line,
// each type decoded on first use.
package cfnspec

//go:generate sh -c "go run ./gen -schemas \"$(python3 -c 'import cfnlint,os;print(os.path.dirname(cfnlint.__file__))')/data/schemas\" -out data -source \"$(cfn-lint --version) (generated $(date -u +%F))\""

import (
	"bytes"
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

// service is one service's types, indexed by name on first use and each
// decoded on its first lookup: a template uses a few types of a service
// (ec2 has over a hundred), and decoding whole services was most of a
// small check's time.
type service struct {
	file  string
	index func() map[string]func() *Type // type name → its line, decoded once
}

// services maps a lower-case service name to its types. The data files
// hold one type per line: the name, a tab, the type as JSON.
var services = func() map[string]*service {
	out := map[string]*service{}
	entries, _ := data.ReadDir("data")
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".types")
		if !ok {
			continue
		}
		s := &service{file: "data/" + e.Name()}
		s.index = sync.OnceValue(s.read)
		out[name] = s
	}
	return out
}()

// read indexes the service's file by type name. Generated data that does
// not read leaves the service empty: the build is broken, and TestIndex
// says so.
func (s *service) read() map[string]func() *Type {
	raw, err := data.ReadFile(s.file)
	if err != nil {
		return nil
	}
	types := map[string]func() *Type{}
	for line := range bytes.Lines(raw) {
		name, body, ok := bytes.Cut(line, []byte("\t"))
		if !ok {
			continue
		}
		types[string(name)] = sync.OnceValue(func() *Type {
			var t Type
			if json.Unmarshal(body, &t) != nil {
				return nil
			}
			return &t
		})
	}
	return types
}

// Lookup returns the resource type called name ("AWS::IAM::Role"). The
// returned type is shared: do not modify it.
func Lookup(name string) (*Type, bool) {
	parts := strings.Split(name, "::")
	if len(parts) != 3 || parts[0] != "AWS" {
		return nil, false
	}
	s, ok := services[strings.ToLower(parts[1])]
	if !ok {
		return nil, false
	}
	decode, ok := s.index()[name]
	if !ok {
		return nil, false
	}
	t := decode()
	return t, t != nil
}

// TypesOf lists the type names of one service ("SQS"), for suggestions.
func TypesOf(service string) []string {
	s, ok := services[strings.ToLower(service)]
	if !ok {
		return nil
	}
	var out []string
	for name := range s.index() {
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
