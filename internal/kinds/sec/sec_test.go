package sec_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/landform/landform/internal/kinds/kindtest"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/sec"
	"github.com/landform/landform/internal/testutil"
)

// load reads a config exactly as the CLI does (all.Load): parse, kind,
// schema, decode, rules. The spec is nil when loading stopped early.
func load(tb testing.TB, file string, data []byte) (kinds.Spec, finding.List) {
	tb.Helper()
	return kindtest.Load(tb, file, data, sec.Kind{}.Assets())
}

func loadFile(tb testing.TB, file string) (kinds.Spec, finding.List) {
	tb.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return load(tb, file, data)
}

var examples = []struct{ file, tier string }{
	{"../../../examples/sec/startup.yaml", "startup"},
	{"../../../examples/sec/medium.yaml", "medium"},
	{"../../../examples/sec/enterprise.yaml", "enterprise"},
}

func TestExamplesGolden(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.tier, func(t *testing.T) {
			t.Parallel()
			s, fs := loadFile(t, ex.file)
			if s == nil || len(fs) != 0 {
				t.Fatalf("example has findings:\n%s", testutil.Text(fs))
			}
			yaml1 := encode(t, s, cfn.YAML)
			s2, _ := loadFile(t, ex.file)
			if yaml2 := encode(t, s2, cfn.YAML); !bytes.Equal(yaml1, yaml2) {
				t.Fatal("two runs over the same config gave different bytes")
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", ex.tier+".template.yaml"), yaml1)
			testutil.Golden(t, filepath.Join("testdata", "golden", ex.tier+".template.json"), encode(t, s, cfn.JSON))
			testutil.Golden(t, filepath.Join("testdata", "golden", ex.tier+".exports.txt"), exports(t, s))
		})
	}
}

func encode(t *testing.T, s kinds.Spec, f cfn.Format) []byte {
	t.Helper()
	return kindtest.Encode(t, s, f)
}

// exports renders every export set into one text: "== dir/name" then the file.
func exports(t *testing.T, s kinds.Spec) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, set := range s.ExportSets() {
		files, err := s.Export(set, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			fmt.Fprintf(&b, "== %s/%s\n%s", f.Dir, f.Name, f.Data)
		}
	}
	return b.Bytes()
}

// TestBadConfigs runs every file of testdata/bad: its "# want: RULE line:col"
// header must be among the findings, and their text must match the
// .findings golden file.
func TestBadConfigs(t *testing.T) {
	testutil.BadConfigs(t, "testdata/bad/*.yaml", 20, func(tb testing.TB, file string, data []byte) finding.List {
		_, fs := load(tb, file, data)
		return fs
	})
}
