package sg_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/landform/landform/internal/kinds/kindtest"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/kinds/sg"
	"github.com/landform/landform/internal/testutil"
	"github.com/landform/landform/internal/yamltree"
)

func load(tb testing.TB, file string, data []byte, assets fs.FS) (kinds.Spec, finding.List) {
	tb.Helper()
	return kindtest.Load(tb, file, data, assets)
}

func build(t *testing.T, s kinds.Spec) []byte {
	t.Helper()
	return kindtest.Encode(t, s, cfn.YAML)
}

// TestExamplesGolden: every example generates the same template, review
// and operator policy as its golden files, with no error or warning, and
// its template passes check with no dependency cycle.
func TestExamplesGolden(t *testing.T) {
	for _, file := range testutil.Glob(t, "../../../examples/sg/*.yaml") {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, found := load(t, file, data, all.Kinds.Assets(nil))
			if s == nil || len(found) > 0 {
				t.Fatalf("example has findings:\n%s", testutil.Text(found))
			}
			body := build(t, s)
			if again := build(t, s); string(again) != string(body) {
				t.Fatal("two builds of the same config differ")
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", name+".template.yaml"), body)
			review, err := s.(kinds.Reviewer).Review(kindtest.Artifact(t, file, data).Built())
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", name+".review.yaml"), review.Files[0].Data)
			policy, err := s.Export("operator-policy", nil)
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", name+".operator-policy.json"), policy[0].Data)
			for _, f := range kindtest.Check(name+".yaml", body) {
				if f.Severity != finding.Note {
					t.Errorf("check: %s", testutil.Text(finding.List{f}))
				}
			}
		})
	}
}

// TestBadConfigs runs the validation corpus of testdata/bad.
func TestBadConfigs(t *testing.T) {
	testutil.BadConfigs(t, "testdata/bad/*.yaml", 20, func(tb testing.TB, file string, data []byte) finding.List {
		_, found := load(tb, file, data, all.Kinds.Assets(nil))
		return found
	})
}

const base = `kind: sg
client: {company_prefix: acme, tenant_id: t001, account_id: "012345678901"}
environment: {env: dev, region: us-east-1}
vpc: {vpc_source: parameter-store}
`

// TestNoScenarioCanMakeACycle adds, to every tier of every scenario, rules
// from and to every other tier and itself, in both directions, and checks
// the template: it must have no dependency cycle (check's LF-CFN-013) and
// no error at all. Inline cross-tier references would make a cycle here.
func TestNoScenarioCanMakeACycle(t *testing.T) {
	scs, found, err := sg.LoadScenarios(kindtest.Env(nil))
	if err != nil || len(found) > 0 {
		t.Fatalf("scenarios: %v\n%s", err, testutil.Text(found))
	}
	if len(scs) != 9 {
		t.Errorf("%d scenarios, want 9", len(scs))
	}
	for _, name := range sg.ScenarioNames(scs) {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			fmt.Fprintf(&b, "%sscenario: %s\noverrides:\n", base, name)
			tiers := scs[name].Describe()
			for i, tr := range tiers {
				fmt.Fprintf(&b, "  %s:\n    ingress:\n", tr.Name)
				for j, peer := range tiers {
					fmt.Fprintf(&b, "      - {description: Mesh from %s, port: %d, source_tier: %s}\n", peer.Name, 20000+i*10+j, peer.Name)
				}
				fmt.Fprintf(&b, "    egress:\n")
				for j, peer := range tiers {
					fmt.Fprintf(&b, "      - {description: Mesh to %s, port: %d, destination_tier: %s}\n", peer.Name, 30000+i*10+j, peer.Name)
				}
			}
			s, found := load(t, "mesh.yaml", []byte(b.String()), all.Kinds.Assets(nil))
			if s == nil || found.HasErrors() {
				t.Fatalf("mesh config:\n%s\n%s", testutil.Text(found), b.String())
			}
			body := build(t, s)
			cross := strings.Count(string(body), "Type: AWS::EC2::SecurityGroupIngress") + strings.Count(string(body), "Type: AWS::EC2::SecurityGroupEgress")
			if want := 4 * len(tiers) * len(tiers); cross < want {
				t.Errorf("%d standalone cross-tier resources, want at least %d", cross, want)
			}
			for _, f := range check.Bytes("mesh.yaml", body) {
				if f.Rule == "LF-CFN-013" || f.Severity == finding.Error {
					t.Errorf("check: %s", testutil.Text(finding.List{f}))
				}
			}
		})
	}
}

// TestScenariosFollowTheRules: every built-in scenario, as it is, is valid
// with no warning; its public tier (the one with internet ingress) takes
// only 80 and 443 from 0.0.0.0/0 and ::/0, and every other tier takes
// traffic only from another tier.
func TestScenariosFollowTheRules(t *testing.T) {
	scs, _, _ := sg.LoadScenarios(kindtest.Env(nil))
	for _, name := range sg.ScenarioNames(scs) {
		s, found := load(t, name+".yaml", []byte(base+"scenario: "+name+"\n"), all.Kinds.Assets(nil))
		if s == nil || len(found) > 0 {
			t.Errorf("%s: %s", name, testutil.Text(found))
			continue
		}
		public := 0
		for _, tr := range scs[name].Describe() {
			world := 0
			for _, r := range tr.Rules {
				if r.Direction != "ingress" {
					continue
				}
				switch {
				case r.Peer == "0.0.0.0/0" || r.Peer == "::/0":
					world++
					if r.Ports != "443" && r.Ports != "80" {
						t.Errorf("%s: tier %s opens %s to %s", name, tr.Name, r.Ports, r.Peer)
					}
				case !strings.HasPrefix(r.Peer, "tier "):
					t.Errorf("%s: tier %s takes %s from %s, not from a tier", name, tr.Name, r.Ports, r.Peer)
				}
			}
			if world > 0 {
				public++
				if world != 4 {
					t.Errorf("%s: public tier %s has %d internet rules, want 443 and 80 on IPv4 and IPv6", name, tr.Name, world)
				}
			}
		}
		if public != 1 {
			t.Errorf("%s: %d public tiers, want 1", name, public)
		}
	}
}

// TestWarnings: SSH and RDP open to the world are warnings, not errors.
func TestWarnings(t *testing.T) {
	cfg := base + `scenario: two-tier-web
overrides:
  app:
    ingress:
      - {description: SSH for the vendor, port: 22, cidr: 0.0.0.0/0}
      - {description: RDP for the vendor, port: 3389, cidr_ipv6: "::/0"}
`
	s, found := load(t, "w.yaml", []byte(cfg), all.Kinds.Assets(nil))
	if s == nil || found.HasErrors() {
		t.Fatalf("findings:\n%s", testutil.Text(found))
	}
	got := testutil.Text(found)
	for _, want := range []string{"w.yaml:9:10: warning LF-SG-102", "port 22 (SSH) is open to 0.0.0.0/0", "w.yaml:10:10: warning LF-SG-102", "port 3389 (RDP) is open to ::/0"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// The template check agrees: the same rule, the same id.
	var checked []string
	for _, f := range kindtest.Check("w.template.yaml", build(t, s)) {
		checked = append(checked, f.Rule)
	}
	if strings.Count(strings.Join(checked, " "), "LF-SG-102") != 2 {
		t.Errorf("check of the template reports %v, want LF-SG-102 twice", checked)
	}
}

// TestDropInScenario: a scenario file in --assets is usable without code
// changes; a broken one is reported at its own file and line.
func TestDropInScenario(t *testing.T) {
	good := `name: edge-proxy
description: "One tier: an internet-facing proxy."
tiers:
  - name: proxy
    description: Reverse proxy
    ingress:
      - {name: https, description: HTTPS from the internet, port: 443, cidr: 0.0.0.0/0}
`
	bad := "name: broken\ndescription: x\ntiers:\n  - name: a\n    descriptoin: typo\n"
	user := fstest.MapFS{"scenarios/edge-proxy.yaml": {Data: []byte(good)}, "scenarios/broken.yaml": {Data: []byte(bad)}}
	fsys := all.Kinds.Assets(user)
	scs, found, err := sg.LoadScenarios(kindtest.Env(fsys))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := scs["edge-proxy"]; !ok || len(scs) != 10 {
		t.Errorf("drop-in not loaded: %v", sg.ScenarioNames(scs))
	}
	if !strings.Contains(testutil.Text(found), "scenarios/broken.yaml:5:5: error LF-CFG-020 tiers[0].descriptoin: unknown field `descriptoin`") {
		t.Errorf("broken scenario findings:\n%s", testutil.Text(found))
	}
	s, lfs := load(t, "p.yaml", []byte(base+"scenario: edge-proxy\n"), fsys)
	if s == nil || len(lfs) > 0 {
		t.Fatalf("config on the drop-in: %s", testutil.Text(lfs))
	}
	if body := string(build(t, s)); !strings.Contains(body, "GroupName: acme-dev-t001-us-east-1-sg-proxy") {
		t.Errorf("template of the drop-in scenario:\n%s", body)
	}
}

// TestOperatorPolicyLintClean holds every example's operator policy to the
// IAM lint check uses on templates: no errors, no warnings.
func TestOperatorPolicyLintClean(t *testing.T) {
	lint := iam.Linter{Catalog: catalog.Default()}
	opts := yamltree.Options{Rule: func(n int) string { return fmt.Sprintf("LF-CFN-%03d", 100+n) }, What: "policy"}
	for _, file := range testutil.Glob(t, "../../../examples/sg/*.yaml") {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := load(t, file, data, all.Kinds.Assets(nil))
		files, err := s.Export("operator-policy", nil)
		if err != nil {
			t.Fatal(err)
		}
		tree, found := yamltree.Parse(files[0].Name, files[0].Data, opts)
		if tree == nil {
			t.Fatalf("%s: %v", files[0].Name, found)
		}
		found = append(found, lint.Lint(tree.Root, "", iam.Identity)...)
		if found.Count(finding.Error)+found.Count(finding.Warning) > 0 {
			t.Errorf("%s:\n%s", files[0].Name, testutil.Text(found))
		}
	}
}
