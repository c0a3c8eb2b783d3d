package artifact_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/kindtest"
	"github.com/landform/landform/internal/yamltree"
)

func examples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../examples/*/*.yaml")
	// An estate file is not a config: it says how configs fit together.
	files = slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == "estate.yaml" })
	if err != nil || len(files) < 8 {
		t.Fatalf("examples: %v %v", files, err)
	}
	return files
}

// counting returns a parser that counts its calls, per file parsed.
func counting() (func(string, []byte) (*yamltree.Tree, finding.List), map[string]*atomic.Int32) {
	calls := map[string]*atomic.Int32{}
	return func(file string, data []byte) (*yamltree.Tree, finding.List) {
		if calls[file] == nil {
			calls[file] = &atomic.Int32{}
		}
		calls[file].Add(1)
		return cfn.Parse(file, data)
	}, calls
}

// TestOneParsePerTemplate: building every example parses each unit's
// template exactly once, and every artifact carries the parse.
func TestOneParsePerTemplate(t *testing.T) {
	parse, calls := counting()
	b := &artifact.Builder{Env: kindtest.Env(nil), Parse: parse}
	units := 0
	for _, file := range examples(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c, err := b.Build(file, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Artifacts) == 0 {
			t.Fatalf("%s built no artifact: %v", file, c.Findings)
		}
		for _, a := range c.Artifacts {
			units++
			if n := calls[a.Path]; n == nil || n.Load() != 1 {
				t.Errorf("%s: template parsed %v times, want 1", a.Path, n)
			}
			if a.Tree == nil || a.Doc() == nil || len(a.Body) == 0 || a.Send.Method == "" {
				t.Errorf("%s: artifact incomplete: tree %v, send %q", a.Path, a.Tree != nil, a.Send.Method)
			}
		}
	}
	if len(calls) != units {
		t.Errorf("%d files parsed for %d units", len(calls), units)
	}
}

// TestSchemasCompileOnce: however many configs a command loads, each
// schema (per kind and tier) is compiled once.
func TestSchemasCompileOnce(t *testing.T) {
	env := kindtest.Env(nil)
	b := &artifact.Builder{Env: env}
	files := examples(t)
	build := func() {
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.Build(file, data); err != nil {
				t.Fatal(err)
			}
		}
	}
	build()
	first := env.Compiles()
	// sec: 3 tiers; sg: config + scenario; ml: 3 tiers; access: 1. The
	// examples use at most all of them.
	if first == 0 || first > 9 {
		t.Fatalf("%d schema compiles for %d configs, want one per kind and tier (at most 9)", first, len(files))
	}
	build()
	build()
	if got := env.Compiles(); got != first {
		t.Errorf("loading the configs twice more compiled %d more schemas", got-first)
	}
}

// TestTestCopies: a builder with a suffix makes test copies: the suffix on
// the stack, the stem, every physical name and the SSM output path, and a
// tag that marks the copy; the parse is still the copy's one.
func TestTestCopies(t *testing.T) {
	parse, calls := counting()
	b := &artifact.Builder{Env: kindtest.Env(nil), Parse: parse, Suffix: func() string { return "a1b2c3" }}
	data, err := os.ReadFile("../../examples/sec/startup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := b.Build("startup.yaml", data)
	if err != nil || len(c.Artifacts) != 1 {
		t.Fatalf("%v %v", err, c.Findings)
	}
	a := c.Artifacts[0]
	if !strings.HasSuffix(a.StackName, "-test-a1b2c3") || !strings.HasSuffix(a.Stem, "-test-a1b2c3") ||
		a.Target.Tags["landform:test-deploy"] != "a1b2c3" || !strings.HasSuffix(a.Target.OutputsPath, "/test-a1b2c3") {
		t.Errorf("not a test copy: stack %s stem %s tags %v outputs %s", a.StackName, a.Stem, a.Target.Tags, a.Target.OutputsPath)
	}
	if !strings.Contains(string(a.Body), "a1b2c3") || calls[a.Path].Load() != 1 {
		t.Errorf("the body does not carry the suffix, or was parsed %d times", calls[a.Path].Load())
	}
}

// TestAccount: --account narrows an access config to one account, and
// names the config's accounts when it names none of them.
func TestAccount(t *testing.T) {
	data, err := os.ReadFile("../../examples/access/organization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	all, err := (&artifact.Builder{Env: kindtest.Env(nil)}).Build("../../examples/access/organization.yaml", data)
	if err != nil || len(all.Artifacts) < 2 {
		t.Fatalf("%v: %d artifacts", err, len(all.Artifacts))
	}
	name := all.Artifacts[1].Unit.Name
	one, err := (&artifact.Builder{Env: kindtest.Env(nil), Account: name}).Build("../../examples/access/organization.yaml", data)
	if err != nil || len(one.Artifacts) != 1 || one.Artifacts[0].Unit.Name != name {
		t.Fatalf("--account %s: %v %d artifacts", name, err, len(one.Artifacts))
	}
	_, err = (&artifact.Builder{Env: kindtest.Env(nil), Account: "nope"}).Build("../../examples/access/organization.yaml", data)
	var ae *artifact.AccountError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), name) {
		t.Fatalf("--account nope: %v", err)
	}
}

// TestWiring: sg writes its group ids to SSM and reads the VPC id from
// it; ml in sg-provisioner mode reads what sg writes.
func TestWiring(t *testing.T) {
	build := func(file string) *artifact.Artifact {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c, err := (&artifact.Builder{Env: kindtest.Env(nil)}).Build(file, data)
		if err != nil || len(c.Artifacts) != 1 {
			t.Fatalf("%s: %v %v", file, err, c.Findings)
		}
		return c.Artifacts[0]
	}
	sg := build("../../examples/sg/three-tier-postgresql.yaml")
	if len(sg.Wiring.WritesSSM) == 0 || len(sg.Wiring.ReadsSSM) != 1 || !strings.HasPrefix(sg.Wiring.ReadsSSM[0], "/vpc/") {
		t.Errorf("sg wiring: %+v", sg.Wiring)
	}
	sec := build("../../examples/sec/startup.yaml")
	if len(sec.Wiring.WritesSSM) == 0 || !strings.HasPrefix(sec.Wiring.WritesSSM[0], "/security/") {
		t.Errorf("sec wiring: %+v", sec.Wiring)
	}
}

// TestUseGenerated: a generated template in either format is taken as it
// is when it is what the config builds; one changed byte is refused with
// LF-STK-002 and leaves the artifact as it was.
func TestUseGenerated(t *testing.T) {
	data, err := os.ReadFile("../../examples/sec/startup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	build := func() *artifact.Artifact {
		c, err := (&artifact.Builder{Env: kindtest.Env(nil)}).Build("startup.yaml", data)
		if err != nil || len(c.Artifacts) != 1 {
			t.Fatalf("%v %v", err, c.Findings)
		}
		return c.Artifacts[0]
	}
	a := build()
	asJSON, err := a.Template.Encode(cfn.JSON)
	if err != nil {
		t.Fatal(err)
	}
	if fs, err := a.UseGenerated("templates/x.json", asJSON); err != nil || len(fs) != 0 {
		t.Fatalf("the JSON generate writes was refused: %v %v", err, fs)
	}
	if a.Format != cfn.JSON || string(a.Body) != string(asJSON) || a.Send.Method != "TemplateBody" || a.Path != "templates/x.json" {
		t.Errorf("artifact not pointed at the JSON file: format %s, path %s, send %s", a.Format, a.Path, a.Send.Method)
	}
	b := build()
	edited := []byte(strings.Replace(string(b.Body), "viewers", "viewerz", 1))
	before := b.Digest()
	fs, err := b.UseGenerated("templates/x.yaml", edited)
	if err != nil || len(fs) != 1 || fs[0].Rule != "LF-STK-002" || fs[0].Severity != finding.Error {
		t.Fatalf("an edited template: %v %v", err, fs)
	}
	if b.Digest() != before {
		t.Error("a refused template changed the artifact")
	}
}

// TestBuildConcurrently: one Builder building every example from several
// goroutines at once (as generate's read-ahead does) gives each config the
// bytes and findings a build on its own gives. Under -race (scripts/test.sh
// runs it so) it also shows the build shares no unguarded state.
func TestBuildConcurrently(t *testing.T) {
	files := examples(t)
	type built struct {
		bodies   [][]byte
		findings string
	}
	result := func(c *artifact.Config) built {
		var out built
		for _, a := range c.Artifacts {
			out.bodies = append(out.bodies, a.Body)
		}
		out.findings = fmt.Sprint(c.Findings)
		return out
	}
	data := map[string][]byte{}
	want := map[string]built{}
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data[f] = d
		c, err := (&artifact.Builder{Env: kindtest.Env(nil)}).Build(f, d)
		if err != nil {
			t.Fatal(err)
		}
		want[f] = result(c)
	}
	b := &artifact.Builder{Env: kindtest.Env(nil)}
	got := make([]built, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := b.Build(f, data[f])
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = result(c)
		}()
	}
	wg.Wait()
	for i, f := range files {
		if !reflect.DeepEqual(got[i], want[f]) {
			t.Errorf("%s: a concurrent build differs from a build on its own", f)
		}
	}
}
