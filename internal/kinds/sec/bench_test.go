package sec_test

import (
	"os"
	"testing"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
)

// BenchmarkGenerate measures the whole offline path of `landform generate`
// for each example: parse, schema, rules, build, encode and check.
func BenchmarkGenerate(b *testing.B) {
	for _, ex := range examples {
		data, err := os.ReadFile(ex.file)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("sec/"+ex.tier, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, fs := load(b, ex.file, data)
				if s == nil || fs.HasErrors() {
					b.Fatal("example does not validate")
				}
				tpl, err := s.Build()
				if err != nil {
					b.Fatal(err)
				}
				body, err := tpl.Encode(cfn.YAML)
				if err != nil {
					b.Fatal(err)
				}
				if cfs := check.Bytes(ex.file, body); cfs.Count(finding.Error)+cfs.Count(finding.Warning) > 0 {
					b.Fatal("template does not check")
				}
			}
		})
	}
}
