package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/jsonenc"
)

// Decode fills v (a pointer to a kind's config struct with json tags) from the
// document. Call it after schema validation passed: the schema reports shape
// errors with positions, so a failure here means schema and struct disagree.
func Decode(d *Document, v any) error {
	var raw bytes.Buffer
	if err := appendJSON(&raw, d.Root); err != nil {
		return fmt.Errorf("encoding %s: %w", d.File, err)
	}
	dec := json.NewDecoder(&raw)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decoding %s (schema and config type disagree): %w", d.File, err)
	}
	return nil
}

// appendJSON writes n as JSON for Decode, a map's entries in the order
// they were written: encoding/json would first need the tree as maps, and
// sort every map's keys (a parse has already refused duplicate keys).
func appendJSON(b *bytes.Buffer, n *Node) error {
	switch n.Kind {
	case Map:
		b.WriteByte('{')
		for i, e := range n.Entries {
			if i > 0 {
				b.WriteByte(',')
			}
			jsonenc.String(b, e.Key, false)
			b.WriteByte(':')
			if err := appendJSON(b, e.Value); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case Seq:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendJSON(b, it); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	}
	switch v := n.Value.(type) {
	case string:
		jsonenc.String(b, v, false)
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case nil:
		b.WriteString("null")
	default: // json.Number, which encoding/json checks is a JSON number
		return jsonenc.Value(b, v)
	}
	return nil
}

// DetectKind returns the config's kind: the value of `kind:`, or, when that is
// missing, the one kind whose own section the file has. sections maps a
// section name to its kind. note says how the kind was inferred, for -v.
func DetectKind(d *Document, sections map[string]string) (kind, note string, fs finding.List) {
	known := make([]string, 0, len(sections))
	for _, k := range sections {
		known = append(known, k)
	}
	slices.Sort(known)
	if n := d.Root.Get("kind"); n != nil {
		k, ok := n.String()
		if !ok || !slices.Contains(known, k) {
			hint := "use one of: " + strings.Join(known, ", ")
			if m := finding.Suggest(k, known); m != "" {
				hint = fmt.Sprintf("did you mean `%s`? (one of: %s)", m, strings.Join(known, ", "))
			}
			fs.Errorf("LF-CFG-011", n.Pos, "kind", hint, "unknown kind %s", describe(n))
			return "", "", fs
		}
		return k, "", nil
	}
	var found []string
	for _, e := range d.Root.Entries {
		if k, ok := sections[e.Key]; ok {
			found = append(found, e.Key)
			kind = k
		}
	}
	switch len(found) {
	case 1:
		return kind, fmt.Sprintf("%s: no kind: field; inferred kind %s from section %s", d.File, kind, found[0]), nil
	case 0:
		fs.Errorf("LF-CFG-011", d.Root.Pos, "kind", "add `kind:` with one of: "+strings.Join(known, ", "),
			"the config has no kind: field and no section that names its kind")
	default:
		fs.Errorf("LF-CFG-011", d.Root.Pos, "kind", "add `kind:` to say which one this file is",
			"the config has no kind: field and sections of several kinds: %s", strings.Join(found, ", "))
	}
	return "", "", fs
}
