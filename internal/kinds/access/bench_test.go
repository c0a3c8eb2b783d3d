package access_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/access"
	"github.com/landform/landform/internal/kinds/kindtest"
)

// bigOrganization is an access config of 500 engineers and 2,000 atomic
// policies in 100 policy groups (each engineer's group includes a team
// group, which includes a base group).
func bigOrganization() []byte {
	var b strings.Builder
	b.WriteString(`kind: access
organization:
  name: bigco
  region: us-east-1
  identity: identity
  root: root
  engineers_account: dev
  accounts:
    identity: {id: "111111111111"}
    root: {id: "222222222222"}
    dev: {id: "333333333333"}
policies:
`)
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "  - {name: P%04d, actions: [s3:GetObject, s3:ListBucket], resources: [\"arn:aws:s3:::bigco-data/p%04d\", \"arn:aws:s3:::bigco-data/p%04d/*\"]}\n", i, i, i)
	}
	b.WriteString("policy_groups:\n  base: {policies: [P0000, P0001, P0002, P0003, P0004]}\n")
	for g := 0; g < 100; g++ {
		var ps []string
		for i := 0; i < 20; i++ {
			ps = append(ps, fmt.Sprintf("P%04d", g*20+i))
		}
		fmt.Fprintf(&b, "  team%02d: {policies: [%s], groups: [base]}\n", g, strings.Join(ps, ", "))
	}
	b.WriteString("engineers:\n")
	for e := 0; e < 500; e++ {
		fmt.Fprintf(&b, "  eng%03d: {policy_group: team%02d, extra_policies: [P%04d]}\n", e, e%100, (e*7)%2000)
	}
	return []byte(b.String())
}

// BenchmarkFlattenAndSplit loads the organization and builds the engineers'
// account: every flatten, render and split of 500 personal roles, with the
// YAML parse of the 2,600-line config.
func BenchmarkFlattenAndSplit(b *testing.B) {
	data := bigOrganization()
	for i := 0; i < b.N; i++ {
		s, fs := load(b, "big.yaml", data)
		if s == nil || fs.HasErrors() {
			b.Fatalf("%v", fs)
		}
		buildEngineers(b, s)
	}
}

// BenchmarkFlattenAndSplitParsed is the same work from the parsed config:
// the schema check and decoding, then every flatten, render and split.
func BenchmarkFlattenAndSplitParsed(b *testing.B) {
	doc, fs := config.Load("big.yaml", bigOrganization())
	if doc == nil || fs.HasErrors() {
		b.Fatalf("%v", fs)
	}
	env := kindtest.Env(nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, fs, err := access.Kind{}.Load(doc, env)
		if err != nil || s == nil || fs.HasErrors() {
			b.Fatalf("%v %v", err, fs)
		}
		if fs := s.Validate(); fs.HasErrors() {
			b.Fatalf("%v", fs)
		}
		buildEngineers(b, s)
	}
}

// buildEngineers builds the engineers' account: its base and its shards.
func buildEngineers(b *testing.B, s kinds.Spec) {
	b.Helper()
	for _, u := range kinds.UnitsOf(s) {
		if u.Name != "dev" && !strings.HasPrefix(u.Name, "dev/") {
			continue
		}
		if _, err := u.Build(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseOrganization is the YAML parse of the same organization
// alone: the share of BenchmarkFlattenAndSplit that is reading the file.
func BenchmarkParseOrganization(b *testing.B) {
	data := bigOrganization()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if doc, fs := config.Load("big.yaml", data); doc == nil || fs.HasErrors() {
			b.Fatalf("%v", fs)
		}
	}
}
