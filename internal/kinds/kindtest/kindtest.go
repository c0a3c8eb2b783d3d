// Package kindtest is the test harness every kind's tests share: load a
// config exactly as the CLI does and encode a unit's template, so a kind's
// tests say what they check, not how to load.
package kindtest

import (
	"io/fs"
	"os"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/all"
)

// Env returns a loading environment over assets (nil: every kind's
// embedded assets) that reads named files from disk.
func Env(assets fs.FS) *kinds.Env {
	if assets == nil {
		assets = all.Kinds.Assets(nil)
	}
	return kinds.NewEnv(assets, os.ReadFile)
}

// Load reads a config as the CLI does (all.Load: parse, kind, schema,
// decode, rules). The spec is nil when loading stopped early; an error
// (broken assets) fails the test.
func Load(tb testing.TB, file string, data []byte, assets fs.FS) (kinds.Spec, finding.List) {
	tb.Helper()
	l, fs, err := all.Kinds.Load(file, data, Env(assets))
	if err != nil {
		tb.Fatalf("loading %s: %v", file, err)
	}
	return l.Spec, fs
}

// LoadFile is Load of a file on disk.
func LoadFile(tb testing.TB, file string, assets fs.FS) (kinds.Spec, finding.List) {
	tb.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return Load(tb, file, data, assets)
}

// Encode builds a unit's template and encodes it.
func Encode(tb testing.TB, u kinds.Unit, f cfn.Format) []byte {
	tb.Helper()
	t, err := u.Build()
	if err != nil {
		tb.Fatalf("building %s: %v", u.Stem(), err)
	}
	b, err := t.Encode(f)
	if err != nil {
		tb.Fatalf("encoding %s: %v", u.Stem(), err)
	}
	return b
}

// Findings builds a config as every command does (the artifact stage:
// load, build, check every unit's template with every kind's rules) and
// returns what validate shows: the findings about the config itself.
func Findings(tb testing.TB, file string, data []byte, assets fs.FS) finding.List {
	tb.Helper()
	b := &artifact.Builder{Env: Env(assets)}
	c, err := b.Build(file, data)
	if err != nil {
		tb.Fatalf("building %s: %v", file, err)
	}
	return c.OfConfig()
}

// Check checks an encoded template as landform check does: with every
// kind's template rules.
func Check(file string, body []byte) finding.List {
	return check.Bytes(file, body, all.Kinds.TemplateRules()...)
}

// Artifact builds a config with one stack through the artifact stage and
// returns that stack's artifact; findings of any severity fail the test.
func Artifact(tb testing.TB, file string, data []byte) *artifact.Artifact {
	tb.Helper()
	c, err := (&artifact.Builder{Env: Env(nil)}).Build(file, data)
	if err != nil {
		tb.Fatalf("building %s: %v", file, err)
	}
	if len(c.Findings) > 0 || len(c.Artifacts) != 1 {
		tb.Fatalf("%s: %d artifacts, findings:\n%v", file, len(c.Artifacts), c.Findings)
	}
	return c.Artifacts[0]
}
