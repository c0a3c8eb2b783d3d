package estate_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/estate"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/kindtest"
	"github.com/landform/landform/internal/report"
)

// edit is one change to a file of the example estate: old replaced by new
// (old "" writes new as the whole file; new "" with old "" deletes it).
type edit struct{ file, old, new string }

// example builds examples/estate, copied into a temporary directory with
// the edits applied, as validate and graph build it.
func example(t *testing.T, edits ...edit) (*estate.Estate, string) {
	t.Helper()
	dir := t.TempDir()
	src := "../../examples/estate"
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	for _, ed := range edits {
		switch {
		case ed.old == "" && ed.new == "":
			delete(files, ed.file)
		case ed.old == "":
			files[ed.file] = ed.new
		default:
			if !strings.Contains(files[ed.file], ed.old) {
				t.Fatalf("%s has no %q", ed.file, ed.old)
			}
			files[ed.file] = strings.Replace(files[ed.file], ed.old, ed.new, 1)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "saml"), os.DirFS(filepath.Join(src, "saml"))); err != nil {
		t.Fatal(err)
	}
	b := &artifact.Builder{Env: kindtest.Env(nil)}
	var configs []*artifact.Config
	var spec *estate.Spec
	for _, name := range sortedKeys(files) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		if name == estate.FileName {
			s, fs, err := estate.LoadSpec(path, []byte(files[name]))
			if err != nil || s == nil {
				t.Fatalf("estate.yaml: %v %v", err, fs)
			}
			spec = s
			continue
		}
		c, err := b.Build(path, []byte(files[name]))
		if err != nil {
			t.Fatal(err)
		}
		if c.Findings.HasErrors() {
			t.Fatalf("%s: %v", name, c.Findings)
		}
		configs = append(configs, c)
	}
	return estate.Build(configs, spec), dir
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slicesSort(out)
	return out
}

// one returns the only finding of rule, failing on any other error.
func one(t *testing.T, e *estate.Estate, rule string) finding.Finding {
	t.Helper()
	var got []finding.Finding
	for _, f := range e.Findings {
		if f.Rule == rule {
			got = append(got, f)
		} else if f.Severity == finding.Error {
			t.Errorf("unexpected %v", f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one %s, got %v (all: %v)", rule, got, e.Findings)
	}
	return got[0]
}

// lineOf is the 1-based line and column where text starts in file.
func lineOf(t *testing.T, file, text string) (int, int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if c := strings.Index(l, text); c >= 0 {
			return i + 1, c + 1
		}
	}
	t.Fatalf("%s has no %q", file, text)
	return 0, 0
}

// at checks f is at file, on the value that follows key.
func at(t *testing.T, f finding.Finding, file, key, value string) {
	t.Helper()
	line, col := lineOf(t, file, key+": "+value)
	col += len(key) + 2
	if f.Pos.File != file || f.Pos.Line != line || f.Pos.Column != col {
		t.Errorf("%s is at %s, want %s:%d:%d", f.Rule, f.Pos, file, line, col)
	}
}

func TestExampleEstate(t *testing.T) {
	e, _ := example(t)
	if len(e.Findings) != 0 {
		t.Fatalf("findings: %v", e.Findings)
	}
	levels := e.Levels()
	if len(e.Nodes) != 8 || len(levels) != 2 {
		t.Fatalf("%d stacks in %d levels, want 8 in 2", len(e.Nodes), len(levels))
	}
	var second []string
	for _, n := range levels[1] {
		second = append(second, n.Label)
		if len(n.Needs) != 1 || n.Needs[0].Label != "sg-app" {
			t.Errorf("%s needs %v, want sg-app", n.Label, n.Needs)
		}
	}
	if strings.Join(second, " ") != "ml-churn ml-forecast" {
		t.Errorf("level 1 is %v, want the two ml products", second)
	}
}

func TestUnresolvedRead(t *testing.T) {
	typo := "/sg/orbit-prod-o001-us-west-2-app-sg/ap/SecurityGroupId"
	e, dir := example(t, edit{"ml-churn.yaml", "app-sg/app/SecurityGroupId", "app-sg/ap/SecurityGroupId"})
	f := one(t, e, "LF-EST-001")
	at(t, f, filepath.Join(dir, "ml-churn.yaml"), "sg_parameter_store_path", typo)
	if f.Path != "vpc_integration.sg_parameter_store_path" || !strings.Contains(f.Hint, "did you mean /sg/orbit-prod-o001-us-west-2-app-sg/app/SecurityGroupId?") {
		t.Errorf("path %q hint %q", f.Path, f.Hint)
	}
}

func TestExternalNotDeclared(t *testing.T) {
	e, dir := example(t, edit{"estate.yaml", "  - /vpc/orbit-prod-o001-us-west-2-vpc/VPCId\n", ""})
	var found []finding.Finding
	for _, f := range e.Findings {
		if f.Rule == "LF-EST-001" {
			found = append(found, f)
		}
	}
	// Both sg sets and both ml products read the VPC id.
	if len(found) != 4 {
		t.Fatalf("want 4 unresolved reads of the VPC id, got %v", found)
	}
	for _, f := range found {
		if filepath.Base(f.Pos.File) == "sg-app.yaml" {
			at(t, f, filepath.Join(dir, "sg-app.yaml"), "vpc_parameter_store_path", "/vpc/orbit-prod-o001-us-west-2-vpc/VPCId")
			return
		}
	}
	t.Errorf("no finding in sg-app.yaml: %v", found)
}

func TestTwoWriters(t *testing.T) {
	e, dir := example(t, edit{"sg-edge.yaml", "scenario: two-tier-web\nworkload: edge", "scenario: three-tier-postgresql\nworkload: app"})
	var got []finding.Finding
	for _, f := range e.Findings {
		if f.Rule == "LF-EST-002" {
			got = append(got, f)
		}
	}
	if len(got) == 0 {
		t.Fatalf("no LF-EST-002: %v", e.Findings)
	}
	at(t, got[0], filepath.Join(dir, "sg-edge.yaml"), "workload", "app")
	if !strings.Contains(got[0].Message, "sg-app.yaml") {
		t.Errorf("message does not name the first writer: %s", got[0].Message)
	}
}

func TestCycle(t *testing.T) {
	// sg-app reads what ml-churn writes, and ml-churn reads sg-app's group.
	e, dir := example(t, edit{"sg-app.yaml", "vpc_parameter_store_path: /vpc/orbit-prod-o001-us-west-2-vpc/VPCId", "vpc_parameter_store_path: /ml/orbit-prod-o001-churn-ml/VpcEndpointIdS3"})
	f := one(t, e, "LF-EST-003")
	if !strings.Contains(f.Message, "ml-churn reads /sg/orbit-prod-o001-us-west-2-app-sg/app/SecurityGroupId from sg-app") ||
		!strings.Contains(f.Message, "sg-app reads /ml/orbit-prod-o001-churn-ml/VpcEndpointIdS3 from ml-churn") {
		t.Errorf("the cycle's path is not in the message: %s", f.Message)
	}
	file := filepath.Join(dir, filepath.Base(f.Pos.File))
	switch filepath.Base(f.Pos.File) {
	case "sg-app.yaml":
		at(t, f, file, "vpc_parameter_store_path", "/ml/orbit-prod-o001-churn-ml/VpcEndpointIdS3")
	case "ml-churn.yaml":
		at(t, f, file, "sg_parameter_store_path", "/sg/orbit-prod-o001-us-west-2-app-sg/app/SecurityGroupId")
	default:
		t.Errorf("cycle reported at %s", f.Pos)
	}
}

func TestReaderInAnotherRegion(t *testing.T) {
	e, dir := example(t, edit{"ml-forecast.yaml", "region: us-west-2", "region: eu-west-1"})
	f := one(t, e, "LF-EST-004")
	at(t, f, filepath.Join(dir, "ml-forecast.yaml"), "sg_parameter_store_path", "/sg/orbit-prod-o001-us-west-2-app-sg/app/SecurityGroupId")
	if !strings.Contains(f.Message, "us-west-2") || !strings.Contains(f.Hint, "eu-west-1") {
		t.Errorf("message %q hint %q", f.Message, f.Hint)
	}
}

func TestReaderInAnotherAccount(t *testing.T) {
	e, _ := example(t, edit{"ml-churn.yaml", `account_id: "111122223333"`, `account_id: "999988887777"`})
	f := one(t, e, "LF-EST-004")
	if !strings.Contains(f.Message, "account 111122223333") {
		t.Errorf("message %q", f.Message)
	}
}

func TestEstateFile(t *testing.T) {
	t.Run("shape", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, estate.FileName)
		_, fs, err := estate.LoadSpec(path, []byte("external:\n  - /a\nparalel: 3\n"))
		if err != nil || len(fs) == 0 || fs[0].Pos.Line != 3 || !strings.Contains(fs[0].Hint+fs[0].Message, "parallel") {
			t.Fatalf("want an error at line 3 suggesting parallel: %v %v", fs, err)
		}
	})
	t.Run("unknown config", func(t *testing.T) {
		e, dir := example(t, edit{"estate.yaml", "external:", "configs:\n  ml-chrun.yaml:\n    after: [sec.yaml]\nexternal:"})
		f := one(t, e, "LF-EST-005")
		line, col := lineOf(t, filepath.Join(dir, "estate.yaml"), "ml-chrun.yaml")
		if f.Pos.Line != line || f.Pos.Column != col || f.Hint != "did you mean ml-churn.yaml?" {
			t.Errorf("%s: %s (want line %d col %d)", f.Pos, f.Hint, line, col)
		}
	})
	t.Run("after", func(t *testing.T) {
		e, _ := example(t, edit{"estate.yaml", "external:", "configs:\n  sg-edge.yaml:\n    after: [sec.yaml]\nexternal:"})
		if len(e.Findings) != 0 {
			t.Fatal(e.Findings)
		}
		for _, n := range e.Nodes {
			if n.Label == "sg-edge" && (len(n.Needs) != 1 || n.Needs[0].Label != "sec" || n.Level != 1) {
				t.Errorf("sg-edge needs %v at level %d, want sec at 1", n.Needs, n.Level)
			}
		}
	})
	t.Run("external written", func(t *testing.T) {
		e, _ := example(t, edit{"estate.yaml", "external:", "external:\n  - /sg/orbit-prod-o001-us-west-2-app-sg/app/SecurityGroupId"})
		f := one(t, e, "LF-EST-006")
		if f.Severity != finding.Warning || f.Pos.Line == 0 {
			t.Errorf("%v", f)
		}
	})
}

func TestStackSetOfNamedIAMInRegions(t *testing.T) {
	e, dir := example(t, edit{"estate.yaml", "external:",
		"configs:\n  sec.yaml:\n    stack_set:\n      accounts: [\"111122223333\", \"222233334444\"]\n      regions: [us-west-2, eu-west-1]\nexternal:"})
	f := one(t, e, "LF-EST-007")
	line, _ := lineOf(t, filepath.Join(dir, "estate.yaml"), "regions: [us-west-2")
	if f.Pos.Line != line {
		t.Errorf("at %s, want line %d", f.Pos, line)
	}
	// One region is fine: IAM is global.
	e, _ = example(t, edit{"estate.yaml", "external:",
		"configs:\n  sec.yaml:\n    stack_set:\n      accounts: [\"111122223333\", \"222233334444\"]\n      regions: [us-west-2]\nexternal:"})
	if len(e.Findings) != 0 {
		t.Fatal(e.Findings)
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := example(t)
	b, _ := example(t)
	var x, y strings.Builder
	if err := a.WriteDOT(&x); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteDOT(&y); err != nil {
		t.Fatal(err)
	}
	// The two temporary directories differ; the graphs must not otherwise.
	if strings.Count(x.String(), "->") != 2 || strings.Count(x.String(), "\n") != strings.Count(y.String(), "\n") {
		t.Errorf("graphs differ:\n%s\n%s", x.String(), y.String())
	}
}

func slicesSort(s []string) { sort.Strings(s) }

// The estate page lists every stack once, by level, and highlights the
// rows whose outcome is bad.
func TestPage(t *testing.T) {
	e, _ := example(t)
	page := e.Page("landform estate x", "sub", func(n *estate.Node) (string, bool) {
		return "failed", n.Label == "sg-app"
	})
	if len(page.Sections) != 2 || page.Sections[1].Name != "Level 1" {
		t.Fatalf("sections: %+v", page.Sections)
	}
	rows, bad := 0, 0
	for _, s := range page.Sections {
		for _, tb := range s.Tables {
			for _, r := range tb.Rows {
				rows++
				if r.Highlight {
					bad++
					if r.Cells[0] != "sg-app" {
						t.Errorf("%s highlighted", r.Cells[0])
					}
				}
			}
		}
	}
	if rows != len(e.Nodes) || bad != 1 {
		t.Errorf("%d rows (want %d), %d highlighted (want 1)", rows, len(e.Nodes), bad)
	}
	html, err := report.ReviewHTML(page)
	if err != nil || !strings.Contains(string(html), `after</th><th>outcome</th>`) {
		t.Errorf("%v\n%s", err, html)
	}
}

// TestDataLakeParameterIsWiring: an ml product's data lake bucket comes
// from the S3 provisioner's SSM parameter; in an estate nobody writes it, so
// it is an unresolved read at the config's bucket_parameter line until
// estate.yaml declares it external.
func TestDataLakeParameterIsWiring(t *testing.T) {
	const param = "/s3/orbit-prod-o001-us-west-2-s3/DataLakeBucketName"
	lake := edit{"ml-churn.yaml", "\ntags:", "\ndata_lake:\n  bucket_parameter: " + param + "\ntags:"}
	e, dir := example(t, lake)
	f := one(t, e, "LF-EST-001")
	at(t, f, filepath.Join(dir, "ml-churn.yaml"), "bucket_parameter", param)
	e, _ = example(t, lake, edit{"estate.yaml", "external:\n", "external:\n  - " + param + "\n"})
	for _, f := range e.Findings {
		if f.Rule == "LF-EST-001" {
			t.Errorf("declared external, still unresolved: %v", f)
		}
	}
}
