package sec_test

import (
	"os"
	"testing"

	"github.com/landform/landform/internal/cfn"
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
				if _, err := tpl.Encode(cfn.YAML); err != nil {
					b.Fatal(err)
				}
				if cfs, err := cfn.CheckTemplate(ex.file, tpl); err != nil || len(cfs) > 0 {
					b.Fatal("template does not check", err)
				}
			}
		})
	}
}
