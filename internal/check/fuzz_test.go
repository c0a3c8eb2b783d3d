package check

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCheckTemplate parses and checks any bytes as a template. Invariants:
// no panic, and every finding has a rule, a message and the file's name,
// with a line inside the input.
func FuzzCheckTemplate(f *testing.F) {
	files, err := filepath.Glob("testdata/fuzz-seeds/*")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/fuzz-seeds: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		fs := Bytes("fuzz.yaml", in)
		lines := bytes.Count(in, []byte("\n")) + bytes.Count(in, []byte("\r")) - bytes.Count(in, []byte("\r\n")) + 1
		for _, f := range fs {
			if f.Rule == "" || f.Message == "" || f.Pos.File != "fuzz.yaml" {
				t.Fatalf("malformed finding %+v", f)
			}
			if f.Pos.Line < 0 || f.Pos.Line > lines {
				t.Fatalf("finding at line %d of %d: %+v", f.Pos.Line, lines, f)
			}
		}
	})
}
