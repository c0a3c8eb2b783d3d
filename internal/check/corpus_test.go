package check_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/lintdiff"

	"github.com/landform/landform/internal/finding"
)

// corpus is testdata/check: bad/ templates each with one or two deliberate
// problems and a header naming the rule ids landform must report and the
// errors cfn-lint reports; good/ real-world-shaped templates that must check
// clean. A JSON template keeps its header in a sibling FILE.want.
type corpusFile struct {
	path    string
	want    []string // landform rule ids, errors and warnings
	cfnLint []string // cfn-lint error ids, from the header
}

// sets are the template rules of every kind, as landform check passes them.
var sets = all.Kinds.TemplateRules()

var (
	wantHeader    = regexp.MustCompile(`(?m)^# want: (\S+)\s*$`)
	cfnLintHeader = regexp.MustCompile(`(?m)^# cfn-lint: (.*)$`)
)

func readCorpus(t *testing.T, dir string) []corpusFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata/check", dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusFile
	for _, p := range paths {
		if strings.HasSuffix(p, ".want") {
			continue
		}
		header, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".json") {
			header, _ = os.ReadFile(p + ".want") // JSON has no comments
		}
		f := corpusFile{path: p}
		for _, m := range wantHeader.FindAllSubmatch(header, -1) {
			f.want = append(f.want, string(m[1]))
		}
		if m := cfnLintHeader.FindSubmatch(header); m != nil {
			for _, id := range strings.Fields(string(m[1])) {
				if id != "none" {
					f.cfnLint = append(f.cfnLint, id)
				}
			}
		}
		slices.Sort(f.want)
		slices.Sort(f.cfnLint)
		out = append(out, f)
	}
	return out
}

// reported returns the sorted, distinct rule ids of error and warning findings.
func reported(fs finding.List) []string {
	var ids []string
	for _, f := range fs {
		if f.Severity != finding.Note {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func TestCorpusBad(t *testing.T) {
	files := readCorpus(t, "bad")
	if len(files) < 50 {
		t.Fatalf("%d broken templates; the corpus keeps at least 50", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f.path), func(t *testing.T) {
			t.Parallel()
			if len(f.want) == 0 {
				t.Fatal("no # want: header")
			}
			data, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := reported(check.Bytes(f.path, data, sets...)); !slices.Equal(got, slices.Compact(f.want)) {
				t.Errorf("reported %v, want %v", got, f.want)
			}
		})
	}
}

func TestCorpusGood(t *testing.T) {
	files := readCorpus(t, "good")
	if len(files) < 10 {
		t.Fatalf("%d valid templates; the corpus keeps at least 10", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f.path), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			fs := check.Bytes(f.path, data, sets...)
			if got := reported(fs); len(got) > 0 {
				var b strings.Builder
				_ = finding.WriteText(&b, fs)
				t.Errorf("a valid template gets findings:\n%s", b.String())
			}
		})
	}
}

// TestAgreesWithCfnLint runs cfn-lint over the corpus and the example
// templates: wherever cfn-lint reports an error of a claimed class, landform
// must report an error on the same resource (or, outside Resources, in the
// same file). It also keeps each file's "# cfn-lint:" header true.
func TestAgreesWithCfnLint(t *testing.T) {
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatal("cfn-lint is not on PATH; it is part of the machine image")
	}
	files := append(readCorpus(t, "bad"), readCorpus(t, "good")...)
	goldens, _ := filepath.Glob("../kinds/sec/testdata/golden/*.template.yaml")
	for _, g := range goldens {
		files = append(files, corpusFile{path: g})
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.path)
	}
	lintErrs, err := lintdiff.CfnLint(context.Background(), lint, paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.path, func(t *testing.T) {
			var ids []string
			for _, e := range lintErrs[f.path] {
				if strings.HasPrefix(e.Rule, "E") {
					ids = append(ids, e.Rule)
				}
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			if strings.Contains(f.path, "testdata/check") && !slices.Equal(ids, slices.Compact(f.cfnLint)) {
				t.Errorf("cfn-lint reports %v; the header says %v", ids, f.cfnLint)
			}
			data, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			fs := check.Bytes(f.path, data, sets...)
			for _, d := range lintdiff.Compare(f.path, data, lintErrs[f.path], fs) {
				if d.Class == lintdiff.Missed {
					t.Errorf("cfn-lint %s at line %d (%s) in %s; landform reports no error there", d.Rule, d.Line, d.Message, orFile(d.Resource))
				}
			}
		})
	}
}

func orFile(res string) string {
	if res == "" {
		return "the file"
	}
	return "resource " + res
}
