// Package cfnperm is what CloudFormation calls on the deployer's behalf:
// for every resource type, the IAM permissions each registry handler
// (create, read, update, delete) may use with the caller's credentials,
// generated from the registry schemas (handlers.txt's header names the
// source and its date). A handler's list is the union over every property
// the type has; gates.txt, reviewed by hand, says which permissions a
// handler calls only when the resource sets a given property, so a
// template that does not set it does not need them. legacy.txt covers the
// older types whose schemas document no handlers and that landform
// generates, from AWS's documentation of the calls their handlers make.
package cfnperm

//go:generate sh -c "go run ./gen -schemas \"$(go mod download -json github.com/aws-cloudformation/rain@v1.24.4 | sed -n 's/.*\"Dir\": \"\\(.*\\)\".*/\\1/p')/internal/aws/cfn/schemas\" -out handlers.txt -source \"github.com/aws-cloudformation/rain v1.24.4 (generated $(date -u +%F))\""

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// Step is a handler: what CloudFormation does to a resource.
type Step string

// The handlers a stack's lifecycle reaches: create, update and delete by
// deploy and destroy (a replacement is a create and a delete), read by
// drift detection.
const (
	Create Step = "create"
	Read   Step = "read"
	Update Step = "update"
	Delete Step = "delete"
)

// Steps are the handlers in lifecycle order.
var Steps = []Step{Create, Update, Delete, Read}

//go:embed handlers.txt
var handlersTxt string

//go:embed gates.txt
var gatesTxt string

//go:embed legacy.txt
var legacyTxt string

// Type is one resource type's handler permissions.
type Type struct {
	Name string
	// Documented is false for a type whose schema lists no handlers.
	Documented bool
	// Legacy is true when the permissions come from legacy.txt.
	Legacy      bool
	Permissions map[Step][]string
	// Gates maps a permission to the top-level properties that make a
	// handler call it; a permission not in Gates is always called.
	Gates map[string]Gate
}

// Gate is one gated permission of a type.
type Gate struct {
	Properties []string
	Why        string
}

type table struct {
	types  map[string]*Type
	source string
}

var load = sync.OnceValue(func() *table {
	t := &table{types: map[string]*Type{}}
	t.source = parseHandlers(t.types, handlersTxt, false)
	parseHandlers(t.types, legacyTxt, true)
	for _, line := range strings.Split(gatesTxt, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue // TestGates holds every line to four fields
		}
		ty := t.types[f[0]]
		if ty == nil {
			continue
		}
		if ty.Gates == nil {
			ty.Gates = map[string]Gate{}
		}
		g := Gate{Properties: strings.Split(f[2], ",")}
		if len(f) > 3 {
			g.Why = f[3]
		}
		ty.Gates[strings.ToLower(f[1])] = g
	}
	return t
})

// parseHandlers reads lines of handlers.txt's form into types and returns
// the "# source:" header. A legacy line replaces an undocumented type.
func parseHandlers(types map[string]*Type, text string, legacy bool) string {
	var source string
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, "# source: "); ok {
			source = rest
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		ty := types[f[0]]
		if ty == nil || (legacy && !ty.Documented && !ty.Legacy) {
			ty = &Type{Name: f[0], Permissions: map[Step][]string{}, Legacy: legacy}
			types[f[0]] = ty
		}
		if len(f) < 3 {
			continue // "TYPE<TAB>-": no handlers documented
		}
		ty.Documented = true
		ty.Permissions[Step(f[1])] = strings.Split(f[2], ",")
	}
	return source
}

// Source names where handlers.txt comes from and when it was generated.
func Source() string { return load().source }

// Lookup returns a resource type's handler permissions, or nil for a type
// the registry does not have (a third-party or private type, a module, a
// misspelling).
func Lookup(typ string) *Type { return load().types[typ] }

// Types returns every type's name, sorted.
func Types() []string {
	var out []string
	for n := range load().types {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Needed returns the permissions a step's handler calls for a resource
// whose top-level properties are set as has reports.
func (t *Type) Needed(step Step, has func(prop string) bool) []string {
	var out []string
	for _, p := range t.Permissions[step] {
		if g, ok := t.Gates[strings.ToLower(p)]; ok && !slices.ContainsFunc(g.Properties, has) {
			continue
		}
		out = append(out, p)
	}
	return out
}
