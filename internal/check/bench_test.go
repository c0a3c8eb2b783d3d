package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCheck parses and checks each landform example template and each
// template of the valid corpus, one sub-benchmark per file.
func BenchmarkCheck(b *testing.B) {
	files, _ := filepath.Glob("../kinds/sec/testdata/golden/*.template.yaml")
	good, _ := filepath.Glob("testdata/check/good/*")
	files = append(files, good...)
	if len(files) == 0 {
		b.Fatal("no templates to benchmark")
	}
	for _, file := range files {
		if strings.HasSuffix(file, ".want") {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(file), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if fs := Bytes(file, data); fs.HasErrors() {
					b.Fatalf("%s does not check: %v", file, fs[0])
				}
			}
		})
	}
}
