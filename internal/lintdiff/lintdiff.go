// Package lintdiff compares landform check with cfn-lint on the same
// templates and sorts their disagreements by class: errors cfn-lint finds in
// a class landform claims that landform misses on that resource, and errors
// landform reports where cfn-lint sees none. The corpus test holds landform
// to it; cmd/landform-lintdiff points it at any directory of templates.
package lintdiff

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// Claimed matches the cfn-lint error rules in the classes landform claims:
// template structure, references and intrinsic functions, resource types and
// properties, IAM policy grammar, outputs and conditions. Not claimed: string
// patterns and lengths, number ranges and other value constraints (E3031,
// E3033, E3034, …), which landform leaves to CloudFormation.
var Claimed = regexp.MustCompile(`^E(0000|1001|1010|1011|1017|1019|1020|1022|1028|2001|2002|300[1-6]|3010|3012|3015|3030|3510|3512|3530|6\d{3}|8004)$`)

// Lint is one cfn-lint finding.
type Lint struct {
	File, Rule, Message string
	Line                int
}

// CfnLint runs cfn-lint once over files and returns its findings by file.
// cfn-lint's exit status is a mask of what it found, so only a run that
// printed nothing parseable and failed is an error.
func CfnLint(ctx context.Context, bin string, files []string) (map[string][]Lint, error) {
	args := append([]string{"--format", "parseable", "--"}, files...)
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	byFile := map[string][]Lint{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		l, ok := parseLine(sc.Text())
		if ok {
			byFile[l.File] = append(byFile[l.File], l)
		}
	}
	if err != nil && len(byFile) == 0 && len(bytes.TrimSpace(out)) == 0 {
		return nil, fmt.Errorf("cfn-lint: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return byFile, nil
}

// parseLine reads cfn-lint's parseable format:
// file:line:column:endline:endcolumn:rule:message.
func parseLine(s string) (Lint, bool) {
	parts := strings.SplitN(s, ":", 7)
	if len(parts) < 7 {
		return Lint{}, false
	}
	line, err := strconv.Atoi(parts[1])
	if err != nil || parts[5] == "" {
		return Lint{}, false
	}
	return Lint{File: parts[0], Line: line, Rule: parts[5], Message: parts[6]}, true
}

// Spans maps each resource of a template to the lines it occupies.
type Spans struct {
	ids         []string
	first, last []int // last is 0 for "to the end of the file"
}

// ResourceSpans reads the resources' lines from a template; a template that
// does not parse has none, and everything in it is outside any resource.
func ResourceSpans(file string, data []byte) Spans {
	var s Spans
	t, _ := yamltree.Parse(file, data, cfn.Options())
	if t == nil || t.Root == nil {
		return s
	}
	var sectionStarts []int
	for _, e := range t.Root.Fields() {
		sectionStarts = append(sectionStarts, e.Value.KeyPos.Line)
	}
	resources := t.Root.Get("Resources")
	end := 0 // the line the section after Resources starts at, if below it
	if resources != nil {
		for _, l := range sectionStarts {
			if l > resources.KeyPos.Line && (end == 0 || l < end) {
				end = l
			}
		}
	}
	fields := resources.Fields()
	for i, e := range fields {
		s.ids = append(s.ids, e.Key)
		s.first = append(s.first, e.Value.KeyPos.Line)
		last := end - 1
		if i+1 < len(fields) {
			last = fields[i+1].Value.KeyPos.Line - 1
		}
		if end == 0 && i+1 == len(fields) {
			last = 0
		}
		s.last = append(s.last, last)
	}
	return s
}

// At returns the resource whose lines hold line, or "".
func (s Spans) At(line int) string {
	for i, first := range s.first {
		if first > 0 && first <= line && (s.last[i] <= 0 || line <= s.last[i]) {
			return s.ids[i]
		}
	}
	return ""
}

// ResourceOf returns the resource a landform finding is on: by its path
// where it names one, else by its line.
func (s Spans) ResourceOf(f finding.Finding) string {
	if rest, ok := strings.CutPrefix(f.Path, "Resources."); ok {
		id, _, _ := strings.Cut(rest, ".")
		if i := strings.IndexAny(id, "[\""); i >= 0 {
			id = id[:i]
		}
		if id != "" && slices.Contains(s.ids, id) {
			return id
		}
	}
	return s.At(f.Pos.Line)
}

// HasErrorIn says whether fs holds an error on resource res, or, for res "",
// anywhere in the file.
func (s Spans) HasErrorIn(fs finding.List, res string) bool {
	for _, f := range fs {
		if f.Severity == finding.Error && (res == "" || s.ResourceOf(f) == res) {
			return true
		}
	}
	return false
}

// A Disagreement is one finding one tool reports and the other does not.
type Disagreement struct {
	Class    Class
	Rule     string // the reporting tool's rule
	File     string
	Line     int
	Resource string // "" outside Resources
	Message  string
}

// Class sorts disagreements.
type Class int

const (
	// Missed: cfn-lint reports an error of a claimed class on a resource
	// (or outside Resources) where landform reports no error.
	Missed Class = iota
	// LandformOnly: landform reports an error on a resource (or outside
	// Resources) where cfn-lint reports no error at all.
	LandformOnly
	// NotClaimed: cfn-lint errors of classes landform leaves to
	// CloudFormation, listed for completeness.
	NotClaimed
)

func (c Class) String() string {
	return [...]string{"missed by landform", "reported by landform only", "not claimed by landform"}[c]
}

// Compare returns the disagreements on one file, in line order.
func Compare(file string, data []byte, lint []Lint, fs finding.List) []Disagreement {
	s := ResourceSpans(file, data)
	var out []Disagreement
	lintIn := map[string]bool{} // resources cfn-lint reports an error on; "" for outside
	for _, l := range lint {
		if !strings.HasPrefix(l.Rule, "E") {
			continue
		}
		res := s.At(l.Line)
		lintIn[res] = true
		d := Disagreement{Rule: l.Rule, File: file, Line: l.Line, Resource: res, Message: l.Message}
		switch {
		case !Claimed.MatchString(l.Rule):
			d.Class = NotClaimed
		case s.HasErrorIn(fs, res):
			continue
		default:
			d.Class = Missed
		}
		out = append(out, d)
	}
	anyLint := len(lintIn) > 0
	unparsed := slices.ContainsFunc(lint, func(l Lint) bool { return l.Rule == "E0000" })
	for _, f := range fs {
		if f.Severity != finding.Error {
			continue
		}
		res := s.ResourceOf(f)
		if unparsed || lintIn[res] || (res == "" && anyLint) {
			continue
		}
		out = append(out, Disagreement{Class: LandformOnly, Rule: f.Rule, File: file, Line: f.Pos.Line, Resource: res, Message: f.Message})
	}
	slices.SortStableFunc(out, func(a, b Disagreement) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}
