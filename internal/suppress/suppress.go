// Package suppress reads landform.suppressions.yaml, the one reviewed place
// that lists the findings a team accepts: each entry names a rule and a
// target, says why, who answers for it and, optionally, until when. Applied
// to a command's findings, an entry turns those it matches into notes that
// say so; an entry past its date suppresses nothing and is an error, an
// entry that matched nothing a warning, both at their line.
package suppress

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// DefaultFile is the file's name when --suppressions does not give one.
const DefaultFile = "landform.suppressions.yaml"

// Rules are the ids reading and applying the file report.
var Rules = []finding.Rule{
	{ID: "LF-SUP-001", Severity: finding.Error, Summary: "a suppression past its expires date (it no longer suppresses), or a date that does not exist"},
	{ID: "LF-SUP-002", Severity: finding.Warning, Summary: "a suppression that matched no finding of the run"},
	{ID: "LF-SUP-003", Severity: finding.Error, Summary: "a suppression names a rule landform does not have"},
}

//go:embed schema.json
var schemaJSON []byte

// schema is compiled the first time a suppressions file is read: most
// runs have none, and every run would otherwise pay for it at start.
var schema = sync.OnceValue(func() *config.Schema {
	var doc map[string]any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		panic(err) // the embedded schema is part of the program
	}
	s, err := config.CompileSchema("https://landform.dev/schemas/suppressions.json", doc)
	if err != nil {
		panic(err)
	}
	return s
})

// Entry is one accepted finding.
type Entry struct {
	Rule    string   `json:"rule"`
	Target  string   `json:"target"`
	Files   []string `json:"files"`
	Reason  string   `json:"reason"`
	Owner   string   `json:"owner"`
	Expires string   `json:"expires"`

	pos     finding.Pos // of the entry
	path    string      // suppressions[i]
	expired bool
	unknown bool // its rule does not exist (reported once, by Load)
	used    bool // it suppressed a finding
	present bool // its target is in a file the run read
}

// Set is a loaded suppressions file. Its methods may be called from
// several goroutines (configs build in parallel), and on a nil Set, which
// suppresses nothing.
type Set struct {
	File    string
	Entries []*Entry
	mu      sync.Mutex
}

// Load reads a suppressions file. known says whether a rule id exists;
// today is the date expiries are judged against. Findings are the file's:
// YAML and shape errors (LF-CFG-…), unknown rules and expired entries.
// A nil Set comes with at least one error.
func Load(file string, data []byte, known func(rule string) bool, today time.Time) (*Set, finding.List) {
	doc, fs := config.Load(file, data)
	if doc == nil {
		return nil, fs
	}
	if vfs := schema().Validate(doc); len(vfs) > 0 {
		return nil, append(fs, vfs...)
	}
	var raw struct {
		Suppressions []*Entry `json:"suppressions"`
	}
	if err := config.Decode(doc, &raw); err != nil {
		fs.Errorf("LF-CFG-029", finding.Pos{File: file}, "", "", "%v", err)
		return nil, fs
	}
	set := &Set{File: file, Entries: raw.Suppressions}
	day := today.Format(time.DateOnly)
	for i, e := range set.Entries {
		e.path = fmt.Sprintf("suppressions[%d]", i)
		e.pos = doc.Pos(e.path)
		if !known(e.Rule) {
			e.unknown = true
			fs.Errorf("LF-SUP-003", doc.Pos(e.path+".rule"), e.path+".rule", "name a rule landform check --list-rules lists, or remove the entry",
				"rule %s does not exist", e.Rule)
		}
		if e.Expires == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, e.Expires); err != nil {
			fs.Errorf("LF-SUP-001", doc.Pos(e.path+".expires"), e.path+".expires", "give the last day as YYYY-MM-DD", "%s is not a date", e.Expires)
			e.expired = true
			continue
		}
		if e.Expires < day {
			e.expired = true
			fs.Errorf("LF-SUP-001", doc.Pos(e.path+".expires"), e.path+".expires",
				"review the finding again: fix it, or renew the entry with a new expires date and the reviewer's agreement",
				"the suppression of %s on %s expired on %s (owner %s); the finding is reported again", e.Rule, e.Target, e.Expires, e.Owner)
		}
	}
	return set, fs
}

// Apply suppresses the findings an entry in force matches, in place: each
// becomes a note that names the entry, its owner, its date and its reason.
// A finding already suppressed in its template's Metadata keeps that.
func (s *Set) Apply(fs finding.List) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range fs {
		f := &fs[i]
		if f.Suppressed != nil || strings.HasPrefix(f.Rule, "LF-SUP-") {
			continue
		}
		for _, e := range s.Entries {
			if e.expired || e.Rule != f.Rule || !onTarget(f.Path, e.Target) || !inFiles(f.Pos.File, e.Files) {
				continue
			}
			e.used = true
			f.Suppress(finding.Suppression{Kind: "external", By: fmt.Sprintf("%s:%d:%d", s.File, e.pos.Line, e.pos.Column),
				Reason: e.Reason, Owner: e.Owner, Expires: e.Expires})
			break
		}
	}
}

// See notes a file the run read, config or template: an entry whose
// target is in it (and whose files, if any, name it) is judged by Unused.
func (s *Set) See(t *yamltree.Tree) {
	if s == nil || t == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.Entries {
		if !e.present && t.Lookup(e.Target) != nil && inFiles(t.File, e.Files) {
			e.present = true
		}
	}
}

// Unused warns of each entry in force whose target was in a file the run
// read and that matched no finding there (LF-SUP-002): what it accepted was
// fixed, or its rule or files are wrong. An entry for files the run did not
// read is not judged.
func (s *Set) Unused() finding.List {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var fs finding.List
	for _, e := range s.Entries {
		if e.used || e.expired || e.unknown || !e.present {
			continue
		}
		fs.Warnf("LF-SUP-002", e.pos, e.path, "remove the entry if the finding was fixed, or correct its rule, target or files",
			"the suppression of %s on %s matched no finding", e.Rule, e.Target)
	}
	return fs
}

// onTarget: the finding is on the target or inside it.
func onTarget(p, target string) bool {
	if p == target {
		return true
	}
	rest, ok := strings.CutPrefix(p, target)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "["))
}

// inFiles: no files means every file; otherwise a glob matches the file
// as landform names it, or its base name.
func inFiles(file string, globs []string) bool {
	if len(globs) == 0 {
		return true
	}
	file = filepath.ToSlash(strings.TrimPrefix(file, "./"))
	for _, g := range globs {
		g = filepath.ToSlash(strings.TrimPrefix(g, "./"))
		if ok, _ := path.Match(g, file); ok {
			return true
		}
		if ok, _ := path.Match(g, path.Base(file)); ok && !strings.Contains(g, "/") {
			return true
		}
	}
	return false
}
