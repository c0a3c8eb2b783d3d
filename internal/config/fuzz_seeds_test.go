package config

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds reads the malformed-input corpus in testdata/fuzz-seeds.
func fuzzSeeds(f *testing.F) [][]byte {
	files, err := filepath.Glob("testdata/fuzz-seeds/*")
	if err != nil || len(files) == 0 {
		f.Fatalf("no fuzz seeds in testdata/fuzz-seeds: %v", err)
	}
	var out [][]byte
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
