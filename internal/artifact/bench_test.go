package artifact_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/iam/principals"
	"github.com/landform/landform/internal/kinds/kindtest"
)

// bundled are the 34 bundled configs of every kind (examples/{sec,sg,ml,
// access}), read once.
func bundled(b *testing.B) map[string][]byte {
	b.Helper()
	files, err := filepath.Glob("../../examples/[asm]*/*.yaml")
	if err != nil {
		b.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if filepath.Base(filepath.Dir(f)) == "estate" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out[f] = data
	}
	if len(out) != 34 {
		b.Fatalf("%d bundled configs, want 34", len(out))
	}
	return out
}

// BenchmarkBuildExamples is what `landform generate` does for every
// bundled config in one process, the files' writing aside: one Builder
// (so one Env) loads each config, builds, encodes, parses and checks each
// of its templates. The target is 150 ms for all 34 on the project's
// 2-core machine.
func BenchmarkBuildExamples(b *testing.B) {
	configs := bundled(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bl := &artifact.Builder{Env: kindtest.Env(nil)}
		for file, data := range configs {
			c, err := bl.Build(file, data)
			if err != nil || len(c.Artifacts) == 0 {
				b.Fatalf("%s: %v %v", file, err, c.Findings)
			}
		}
	}
}

// BenchmarkEscalationExamples is `landform escalation` on each bundled
// config, its stacks as one workspace, the configs built beforehand: the
// search for privilege-escalation paths alone, the assume-role graph made
// anew each run.
func BenchmarkEscalationExamples(b *testing.B) {
	bl := &artifact.Builder{Env: kindtest.Env(nil)}
	var models []*principals.Model
	for file, data := range bundled(b) {
		c, err := bl.Build(file, data)
		if err != nil || len(c.Artifacts) == 0 {
			b.Fatalf("%s: %v %v", file, err, c.Findings)
		}
		w := principals.New()
		for _, a := range c.Artifacts {
			src := principals.Source{File: a.Path, Account: a.Target.Account, AccountName: a.Unit.Account(), Region: a.Target.Region, Template: a.Doc()}
			if err := w.Add(src); err != nil {
				b.Fatal(err)
			}
		}
		w.Finish()
		models = append(models, w)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, w := range models {
			w.Escalations(principals.Context{"bench:run": fmt.Sprint(i)})
		}
	}
}
