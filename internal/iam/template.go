package iam

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"

	"github.com/landform/landform/internal/yamltree"
)

// Placeholders are the names a policy template may use as ${name}.
var Placeholders = []string{"company_prefix", "env", "tenant_id", "account_id", "region"}

// TemplateDir is where policy templates live in an asset tree:
// policy-templates/<service>/<level>.yaml.
const TemplateDir = "policy-templates"

// Template is a least-privilege policy with placeholders, for one service at
// one level ("s3/level2").
type Template struct {
	ID          string // "s3/level2"
	File        string // where it was read from, for messages
	Description string `yaml:"description"`
	Policy      Policy `yaml:"policy"`
}

// Service returns the part of the id before the slash: "s3".
func (t *Template) Service() string { s, _, _ := strings.Cut(t.ID, "/"); return s }

// Level returns the part of the id after the slash: "level2".
func (t *Template) Level() string { _, l, _ := strings.Cut(t.ID, "/"); return l }

var placeholder = regexp.MustCompile(`\$\{([^}]*)\}`)

// ParseTemplate reads one policy template. Errors name the file and, for
// YAML and field errors, the line and column.
func ParseTemplate(id, file string, data []byte) (*Template, error) {
	t := &Template{ID: id, File: file}
	raw, ok := readTemplate(file, data) // bounds the depth too
	if !ok {
		if line, col, deep := yamltree.TooDeep(data); deep {
			return nil, fmt.Errorf("policy template %s:%d:%d: nesting is deeper than %d levels: flatten the structure", file, line, col, yamltree.MaxDepth)
		}
		if err := yaml.UnmarshalWithOptions(data, &raw, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("policy template %s: %s", file, yaml.FormatError(err, false, false))
		}
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if strings.TrimSpace(raw.Description) == "" {
		fail("policy template %s: description is empty: say in one sentence what the policy grants", file)
	}
	if raw.Policy.Version != Version {
		fail("policy template %s: policy.Version is %q: write \"%s\"", file, raw.Policy.Version, Version)
	}
	if len(raw.Policy.Statement) == 0 {
		fail("policy template %s: policy.Statement is empty: add at least one statement", file)
	}
	t.Description = raw.Description
	t.Policy.Version = raw.Policy.Version
	for i, s := range raw.Policy.Statement {
		where := fmt.Sprintf("policy template %s: policy.Statement[%d]", file, i)
		if s.Effect != "Allow" && s.Effect != "Deny" {
			fail("%s: Effect is %q: write Allow or Deny", where, s.Effect)
		}
		act, err := toValue(s.Action)
		if err != nil || len(act) == 0 {
			fail("%s: Action must be a string or a list of strings", where)
		}
		res, err := toValue(s.Resource)
		if err != nil || len(res) == 0 {
			fail("%s: Resource must be a string or a list of strings", where)
		}
		st := Statement{Sid: s.Sid, Effect: s.Effect, Action: act, Resource: res}
		if len(s.Condition) > 0 {
			st.Condition = map[string]Condition{}
			for op, kv := range s.Condition {
				st.Condition[op] = Condition{}
				for k, v := range kv {
					cv, err := toValue(v)
					if err != nil {
						fail("%s: Condition.%s.%s must be a string or a list of strings", where, op, k)
					}
					st.Condition[op][k] = cv
				}
			}
		}
		t.Policy.Statement = append(t.Policy.Statement, st)
	}
	for _, name := range t.placeholders() {
		if !slices.Contains(Placeholders, name) {
			fail("policy template %s: unknown placeholder ${%s}: use one of ${%s}", file, name, strings.Join(Placeholders, "}, ${"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return t, nil
}

// rawTemplate is a policy template file as written.
type rawTemplate struct {
	Description string `yaml:"description"`
	Policy      struct {
		Version   string         `yaml:"Version"`
		Statement []rawStatement `yaml:"Statement"`
	} `yaml:"policy"`
}

type rawStatement struct {
	Sid       string                    `yaml:"Sid"`
	Effect    string                    `yaml:"Effect"`
	Action    any                       `yaml:"Action"`
	Resource  any                       `yaml:"Resource"`
	Condition map[string]map[string]any `yaml:"Condition"`
}

// readTemplate reads a template from its YAML tree when the file has
// exactly the shape ParseTemplate accepts: known fields only, every value
// a string or a list of strings where the template allows one. Anything
// else (ok false) goes to goccy's strict decoder, whose messages, with
// the source line, are what the author of a broken template sees. On the
// files readTemplate takes, the decoder gives the same values, except
// where it refuses valid YAML that the tree reads as YAML defines it (a
// colon inside a plain scalar in a flow collection: {aws:SourceVpc: x}),
// as landform reads configs and CloudFormation templates
// (TestReadTemplateIsDecoded). It is several times faster than the
// decoder, and a config of the sec kind reads a dozen templates.
func readTemplate(file string, data []byte) (raw rawTemplate, ok bool) {
	tree, fs := yamltree.Parse(file, data, templateYAML)
	if tree == nil || len(fs) > 0 || !onlyKeys(tree.Root, "description", "policy") {
		return raw, false
	}
	if raw.Description, ok = text(tree.Root.Get("description")); !ok {
		return raw, false
	}
	p := tree.Root.Get("policy")
	if !onlyKeys(p, "Version", "Statement") {
		return raw, false
	}
	if raw.Policy.Version, ok = text(p.Get("Version")); !ok {
		return raw, false
	}
	sts := p.Get("Statement")
	if sts == nil || sts.Kind != yamltree.Seq {
		return raw, false
	}
	raw.Policy.Statement = make([]rawStatement, 0, len(sts.Items))
	for _, n := range sts.Items {
		var st rawStatement
		if !onlyKeys(n, "Sid", "Effect", "Action", "Resource", "Condition") {
			return raw, false
		}
		if st.Sid, ok = text(n.Get("Sid")); !ok {
			return raw, false
		}
		if st.Effect, ok = text(n.Get("Effect")); !ok {
			return raw, false
		}
		if st.Action, ok = textOrList(n.Get("Action")); !ok {
			return raw, false
		}
		if st.Resource, ok = textOrList(n.Get("Resource")); !ok {
			return raw, false
		}
		if c := n.Get("Condition"); c != nil {
			if c.Kind != yamltree.Map || len(c.Entries) == 0 {
				return raw, false
			}
			st.Condition = make(map[string]map[string]any, len(c.Entries))
			for _, op := range c.Entries {
				if op.Value.Kind != yamltree.Map || len(op.Value.Entries) == 0 {
					return raw, false
				}
				kv := make(map[string]any, len(op.Value.Entries))
				for _, e := range op.Value.Entries {
					if kv[e.Key], ok = textOrList(e.Value); !ok {
						return raw, false
					}
				}
				st.Condition[op.Key] = kv
			}
		}
		raw.Policy.Statement = append(raw.Policy.Statement, st)
	}
	return raw, true
}

// templateYAML reads a template as plain YAML: any finding sends the file
// to the decoder, so the findings' rules are never shown.
var templateYAML = yamltree.Options{What: "policy template", Rule: func(int) string { return "" }}

// onlyKeys says n is a mapping whose keys are all among keys.
func onlyKeys(n *yamltree.Node, keys ...string) bool {
	if n == nil || n.Kind != yamltree.Map {
		return false
	}
	for _, e := range n.Entries {
		if !slices.Contains(keys, e.Key) {
			return false
		}
	}
	return true
}

// text is a string scalar's value; an absent field is "".
func text(n *yamltree.Node) (string, bool) {
	if n == nil {
		return "", true
	}
	s, ok := n.Value.(string)
	return s, ok && n.Kind == yamltree.Scalar
}

// textOrList is a string, or a list of strings as []any, as the decoder
// gives them; an absent field is nil.
func textOrList(n *yamltree.Node) (any, bool) {
	switch {
	case n == nil:
		return nil, true
	case n.Kind == yamltree.Seq:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			s, ok := text(it)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	}
	return text(n)
}

func toValue(v any) (Value, error) {
	switch x := v.(type) {
	case string:
		return Value{x}, nil
	case []any:
		out := make(Value, 0, len(x))
		for _, it := range x {
			s, ok := it.(string)
			if !ok {
				return nil, fmt.Errorf("not a string: %v", it)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("not a string or list: %v", v)
}

// placeholders lists the ${names} the template uses, sorted.
func (t *Template) placeholders() []string {
	raw, _ := t.Policy.JSON()
	var out []string
	for _, m := range placeholder.FindAllSubmatch(raw, -1) {
		out = append(out, string(m[1]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Render returns the template's policy with every placeholder replaced.
// vars must hold a value for each name in Placeholders.
func (t *Template) Render(vars map[string]string) (Policy, error) {
	for _, name := range Placeholders {
		if vars[name] == "" {
			return Policy{}, fmt.Errorf("rendering policy template %s: no value for ${%s}", t.ID, name)
		}
	}
	sub := func(v Value) Value {
		out := make(Value, len(v))
		for i, x := range v {
			if s, ok := x.(string); ok {
				x = placeholder.ReplaceAllStringFunc(s, func(m string) string { return vars[m[2:len(m)-1]] })
			}
			out[i] = x
		}
		return out
	}
	p := Policy{Version: t.Policy.Version}
	for _, s := range t.Policy.Statement {
		n := s
		n.Action, n.Resource = sub(s.Action), sub(s.Resource)
		if s.Condition != nil {
			n.Condition = map[string]Condition{}
			for op, kv := range s.Condition {
				n.Condition[op] = Condition{}
				for k, v := range kv {
					n.Condition[op][sub(Value{k}).Strings()[0]] = sub(v)
				}
			}
		}
		p.Statement = append(p.Statement, n)
	}
	return p, nil
}

// TemplateSet reads the policy templates of an asset tree on demand:
// listing them is a directory read, and only the templates a config uses
// are parsed. It is not safe for concurrent use.
type TemplateSet struct {
	fsys   fs.FS
	ids    []string
	mu     sync.Mutex // Get may be called from several builds at once
	parsed map[string]*parsedTemplate
}

// parsedTemplate is one template read once: builds that ask for
// different templates at the same time read them at the same time.
type parsedTemplate struct {
	once sync.Once
	t    *Template
	err  error
}

// OpenTemplates lists policy-templates/<service>/<level>.yaml of fsys.
func OpenTemplates(fsys fs.FS) (*TemplateSet, error) {
	files, err := fs.Glob(fsys, TemplateDir+"/*/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("listing policy templates: %w", err)
	}
	s := &TemplateSet{fsys: fsys, parsed: map[string]*parsedTemplate{}}
	for _, f := range files {
		s.ids = append(s.ids, strings.TrimSuffix(strings.TrimPrefix(f, TemplateDir+"/"), path.Ext(f)))
	}
	slices.Sort(s.ids)
	return s, nil
}

// IDs returns every template id, sorted.
func (s *TemplateSet) IDs() []string { return s.ids }

// Has reports whether a template with the id exists.
func (s *TemplateSet) Has(id string) bool {
	_, ok := slices.BinarySearch(s.ids, id)
	return ok
}

// Get parses (once) and returns the template with the id. The error names
// the template's file; asking for an id that Has denies is an error too.
func (s *TemplateSet) Get(id string) (*Template, error) {
	if !s.Has(id) {
		return nil, fmt.Errorf("no policy template %q", id)
	}
	s.mu.Lock()
	p := s.parsed[id]
	if p == nil {
		p = &parsedTemplate{}
		s.parsed[id] = p
	}
	s.mu.Unlock()
	p.once.Do(func() {
		file := TemplateDir + "/" + id + ".yaml"
		data, err := fs.ReadFile(s.fsys, file)
		if err != nil {
			p.err = fmt.Errorf("reading policy template %s: %w", file, err)
			return
		}
		p.t, p.err = ParseTemplate(id, file, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	})
	return p.t, p.err
}

// LoadTemplates parses every template of fsys, reporting every broken one.
func LoadTemplates(fsys fs.FS) (map[string]*Template, error) {
	set, err := OpenTemplates(fsys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Template, len(set.ids))
	var errs []error
	for _, id := range set.ids {
		t, err := set.Get(id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[id] = t
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// SortedIDs returns the ids of a template set in order.
func SortedIDs(ts map[string]*Template) []string {
	ids := make([]string, 0, len(ts))
	for id := range ts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Substitute replaces the placeholders in one string, reporting any name
// that is not a placeholder.
func Substitute(s string, vars map[string]string) (string, error) {
	var bad []string
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		if v, ok := vars[name]; ok && slices.Contains(Placeholders, name) {
			return v
		}
		bad = append(bad, m)
		return m
	})
	if len(bad) > 0 {
		return out, fmt.Errorf("unknown placeholder %s", strings.Join(bad, ", "))
	}
	return out, nil
}
