package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/landform/landform/internal/finding"
)

// Decode fills v (a pointer to a kind's config struct with json tags) from the
// document. Call it after schema validation passed: the schema reports shape
// errors with positions, so a failure here means schema and struct disagree.
func Decode(d *Document, v any) error {
	raw, err := json.Marshal(d.Root.Interface())
	if err != nil {
		return fmt.Errorf("encoding %s: %w", d.File, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decoding %s (schema and config type disagree): %w", d.File, err)
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
