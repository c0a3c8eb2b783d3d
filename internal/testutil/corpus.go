package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/landform/landform/internal/finding"
)

var wantLine = regexp.MustCompile(`(?m)^# want: (LF-[A-Z]+-\d{3}) (\d+):(\d+)$`)

// BadConfigs runs every file matching pattern through load: each file's
// "# want: RULE line:col" headers must be among the findings, the findings
// must include an error and name the file, and their text rendering must
// match the file's .findings golden. A corpus smaller than min fails, so
// the corpus cannot shrink unnoticed.
func BadConfigs(t *testing.T, pattern string, min int, load func(tb testing.TB, file string, data []byte) finding.List) {
	t.Helper()
	files := Glob(t, pattern)
	if len(files) < min {
		t.Fatalf("only %d bad configs match %s; the corpus should keep at least %d", len(files), pattern, min)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wants := wantLine.FindAllStringSubmatch(string(data), -1)
			if len(wants) == 0 {
				t.Fatalf("%s has no # want: RULE line:col header", file)
			}
			fs := load(t, file, data)
			fs.Sort()
			if !fs.HasErrors() {
				t.Fatalf("no error finding; got:\n%s", Text(fs))
			}
			for _, w := range wants {
				if !hasFinding(fs, w[1], w[2], w[3]) {
					t.Errorf("want %s at %s:%s; got:\n%s", w[1], w[2], w[3], Text(fs))
				}
			}
			for _, f := range fs {
				if f.Pos.File != file {
					t.Errorf("finding names file %q, want %q: %s", f.Pos.File, file, f.Message)
				}
			}
			Golden(t, strings.TrimSuffix(file, filepath.Ext(file))+".findings", []byte(Text(fs)))
		})
	}
}

// Text renders findings as the CLI prints them.
func Text(fs finding.List) string {
	var b strings.Builder
	_ = finding.WriteText(&b, fs)
	return b.String()
}

func hasFinding(fs finding.List, rule, line, col string) bool {
	for _, f := range fs {
		if f.Rule == rule && fmt.Sprint(f.Pos.Line) == line && fmt.Sprint(f.Pos.Column) == col {
			return true
		}
	}
	return false
}
