package config

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// Schema is a compiled JSON Schema together with its source document, which
// findings consult to suggest the field a user probably meant.
type Schema struct {
	url      string
	doc      map[string]any
	compiled *jsonschema.Schema
}

// CompileSchema compiles a JSON Schema document (as decoded by encoding/json)
// under the given URL. A failure is a bug in landform's assets or in a user's
// --assets override, so it is an error, not a finding.
func CompileSchema(url string, doc map[string]any) (*Schema, error) {
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(compileRegexp)
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("loading schema %s: %w", url, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("compiling schema %s: %w", url, err)
	}
	return &Schema{url: url, doc: doc, compiled: s}, nil
}

// regexps are the schemas' patterns, once per process: the kinds' schemas
// share most of theirs (an account id, a name), and jsonschema asks for
// each pattern twice, to check the schema and to compile it.
var regexps sync.Map // pattern -> *lazyRegexp

// compileRegexp checks a pattern's syntax and compiles it when a value is
// first matched against it: compiling counted repetitions ({1,1000}) is
// slow in Go's regexp (the bundled schemas' 45 patterns took 5 ms, in
// every run), and most patterns are of fields a given config does not
// have.
func compileRegexp(pattern string) (jsonschema.Regexp, error) {
	if re, ok := regexps.Load(pattern); ok {
		return re.(*lazyRegexp), nil
	}
	if _, err := syntax.Parse(pattern, syntax.Perl); err != nil {
		return nil, err // regexp.Compile's error: only parsing can fail
	}
	re, _ := regexps.LoadOrStore(pattern, &lazyRegexp{pattern: pattern})
	return re.(*lazyRegexp), nil
}

// lazyRegexp is a pattern compiled on its first match.
type lazyRegexp struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp
}

func (l *lazyRegexp) String() string { return l.pattern }

// MatchString compiles the pattern, once, and matches s against it. The
// pattern parsed, so it compiles.
func (l *lazyRegexp) MatchString(s string) bool {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re.MatchString(s)
}

var printer = message.NewPrinter(language.English)

// Validate checks the document against the schema and reports every
// violation at the YAML position of the offending node.
func (s *Schema) Validate(d *Document) finding.List {
	err := s.compiled.Validate(d.Value())
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return finding.List{{Rule: "LF-CFG-029", Severity: finding.Error, Pos: finding.Pos{File: d.File},
			Message: "schema validation failed: " + err.Error()}}
	}
	var fs finding.List
	seen := map[string]bool{}
	for _, leaf := range leaves(ve) {
		for _, f := range s.findings(d, leaf) {
			key := f.Rule + "\x00" + f.Path + "\x00" + f.Message
			if !seen[key] {
				seen[key] = true
				fs.Add(f)
			}
		}
	}
	return fs
}

// mappingOf turns the location of a propertyNames schema
// (…#/properties/organization/properties/accounts/propertyNames) into the
// field path of the mapping it constrains (organization.accounts).
func mappingOf(schemaURL string) string {
	_, frag, _ := strings.Cut(schemaURL, "#")
	parts := strings.Split(strings.Trim(frag, "/"), "/")
	path := ""
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "properties" {
			path = yamltree.ChildPath(path, parts[i+1])
			i++
		}
	}
	return path
}

func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if _, ok := ve.ErrorKind.(*kind.PropertyNames); ok || len(ve.Causes) == 0 {
		// A bad key is reported at the key itself, not as its causes,
		// which point at the whole mapping.
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// findings turns one schema violation into findings with positions, better
// words than the validator's and a hint where one can be given.
func (s *Schema) findings(d *Document, ve *jsonschema.ValidationError) finding.List {
	path := d.PathOf(ve.InstanceLocation)
	node := d.Lookup(path)
	pos := d.Pos(path)
	var fs finding.List
	switch k := ve.ErrorKind.(type) {
	case *kind.PropertyNames:
		// The validator checks the key alone, so the error has no
		// instance location; the schema's location says which mapping.
		child := yamltree.ChildPath(mappingOf(ve.SchemaURL), k.Property)
		fs.Errorf("LF-CFG-024", d.KeyPos(child), child, s.describeHint(ve.SchemaURL, "rename the key"),
			"key `%s` is not an allowed name here", k.Property)
	case *kind.AdditionalProperties:
		known := s.propertiesAt(ve.SchemaURL)
		for _, p := range k.Properties {
			child := yamltree.ChildPath(path, p)
			hint := "remove it"
			if m := finding.Suggest(p, known); m != "" {
				hint = fmt.Sprintf("did you mean `%s`?", m)
			} else if len(known) > 0 {
				hint = "remove it; allowed here: " + strings.Join(known, ", ")
			}
			fs.Errorf("LF-CFG-020", d.KeyPos(child), child, hint, "unknown field `%s`", p)
		}
	case *kind.Required:
		props, _ := s.schemaAt(ve.SchemaURL)["properties"].(map[string]any)
		for _, m := range k.Missing {
			hint := fmt.Sprintf("add `%s:` here", m)
			if p, ok := props[m].(map[string]any); ok {
				if d, ok := p["description"].(string); ok {
					hint += ": " + d
				}
			}
			fs.Errorf("LF-CFG-022", pos, yamltree.ChildPath(path, m), hint, "missing required field `%s`", m)
		}
	case *kind.Type:
		if node != nil && node.Kind != Scalar {
			pos = d.KeyPos(path) // a whole block of the wrong shape: point at its key
		}
		fs.Add(typeFinding(pos, path, node, k))
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		hint := "use one of: " + strings.Join(want, ", ")
		if str, ok := node.String(); ok {
			if m := finding.Suggest(str, want); m != "" {
				hint = fmt.Sprintf("did you mean `%s`? (one of: %s)", m, strings.Join(want, ", "))
			}
		}
		fs.Errorf("LF-CFG-023", pos, path, hint, "%s is not an allowed value", describe(node))
	case *kind.Const:
		fs.Errorf("LF-CFG-023", pos, path, fmt.Sprintf("write %v here, or use the schema that matches this value", k.Want),
			"%s is not allowed here; expected %v", describe(node), k.Want)
	case *kind.Pattern:
		fs.Errorf("LF-CFG-024", pos, path, s.describeHint(ve.SchemaURL, "match the pattern "+k.Want),
			"%s does not match the required format", describe(node))
	case *kind.MinLength:
		fs.Errorf("LF-CFG-024", pos, path, s.describeHint(ve.SchemaURL, ""), "%s is %d characters; the minimum is %d", describe(node), k.Got, k.Want)
	case *kind.MaxLength:
		fs.Errorf("LF-CFG-024", pos, path, s.describeHint(ve.SchemaURL, ""), "%s is %d characters; the maximum is %d", describe(node), k.Got, k.Want)
	case *kind.Minimum:
		fs.Errorf("LF-CFG-024", pos, path, s.describeHint(ve.SchemaURL, ""), "%s is below the minimum %s", describe(node), k.Want.RatString())
	case *kind.Maximum:
		fs.Errorf("LF-CFG-024", pos, path, s.describeHint(ve.SchemaURL, ""), "%s is above the maximum %s", describe(node), k.Want.RatString())
	case *kind.MaxItems:
		fs.Errorf("LF-CFG-025", d.KeyPos(path), path, s.describeHint(ve.SchemaURL, "remove entries, or move to a tier that allows more"),
			"%d entries; this tier allows at most %d", k.Got, k.Want)
	case *kind.MinItems:
		fs.Errorf("LF-CFG-025", d.KeyPos(path), path, s.describeHint(ve.SchemaURL, "add entries"),
			"%d entries; at least %d are needed", k.Got, k.Want)
	case *kind.UniqueItems:
		fs.Errorf("LF-CFG-025", pos, path, "remove the duplicate", "items %d and %d are the same", k.Duplicates[0], k.Duplicates[1])
	default:
		fs.Errorf("LF-CFG-029", pos, path, s.describeHint(ve.SchemaURL, ""), "%s", ve.ErrorKind.LocalizedString(printer))
	}
	return fs
}

func typeFinding(pos finding.Pos, path string, node *Node, k *kind.Type) finding.Finding {
	f := finding.Finding{Rule: "LF-CFG-021", Severity: finding.Error, Pos: pos, Path: path,
		Message: fmt.Sprintf("expected %s, got %s", strings.Join(k.Want, " or "), k.Got)}
	if node == nil {
		return f
	}
	switch {
	case slices.Contains(k.Want, "string") && node.Kind == Scalar && !node.Quoted && node.Value != nil:
		f.Hint = fmt.Sprintf(`quote it: "%s"`, node.Text)
		if strings.HasSuffix(path, "account_id") {
			f.Hint += "; an unquoted account ID is a number, and one that starts with 0 loses that digit"
		}
	case slices.Contains(k.Want, "array") && node.Kind != Seq:
		f.Hint = "write a list: one `- item` per line, or [a, b]"
	case slices.Contains(k.Want, "object") && node.Kind != Map:
		f.Hint = "write a mapping of `key: value` lines"
	case slices.Contains(k.Want, "boolean"):
		f.Hint = "write true or false"
	}
	return f
}

func describe(n *Node) string {
	if n == nil {
		return "value"
	}
	if n.Kind == Scalar {
		if s, ok := n.Value.(string); ok {
			return fmt.Sprintf("%q", s)
		}
		return n.Text
	}
	return n.TypeName()
}

// schemaAt follows the fragment of an absolute schema URL into the document.
func (s *Schema) schemaAt(url string) map[string]any {
	_, frag, _ := strings.Cut(url, "#")
	var cur any = s.doc
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch v := cur.(type) {
		case map[string]any:
			cur = v[tok]
		case []any:
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

// propertiesAt lists the property names the schema at url allows, sorted.
func (s *Schema) propertiesAt(url string) []string {
	props, _ := s.schemaAt(url)["properties"].(map[string]any)
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// describeHint uses the schema's own description of the field as the hint,
// since that is where the allowed shape is explained for editors too.
func (s *Schema) describeHint(url, fallback string) string {
	if d, ok := s.schemaAt(url)["description"].(string); ok && d != "" {
		return d
	}
	return fallback
}
