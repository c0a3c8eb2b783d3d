package artifact_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/kinds/kindtest"
)

// shardedOrg is an access config whose dev account has 200 engineers:
// more resources than one stack takes, so dev is a base and shards.
func shardedOrg() []byte {
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
  - {name: ReadData, actions: [s3:GetObject], resources: ["arn:aws:s3:::bigco-data/*"]}
policy_groups:
  base: {policies: [ReadData]}
teams:
  - {name: developers, description: Everyone, policy_groups: [base]}
terraform: {trusted_teams: [developers]}
planner: {trusted_teams: [developers]}
engineers:
`)
	for i := range 200 {
		fmt.Fprintf(&b, "  eng%03d: {policy_group: base}\n", i)
	}
	return []byte(b.String())
}

func unitNames(c *artifact.Config) []string {
	var out []string
	for _, a := range c.Artifacts {
		out = append(out, a.Unit.Name)
	}
	return out
}

// TestAccountSelectsShards: --account names an account's base and all its
// shards, a shard's full name that shard alone, and a wrong name lists the
// accounts without their shards.
func TestAccountSelectsShards(t *testing.T) {
	data := shardedOrg()
	build := func(account string) (*artifact.Config, error) {
		return (&artifact.Builder{Env: kindtest.Env(nil), Account: account}).Build("bigco.yaml", data)
	}
	all, err := build("")
	if err != nil || len(all.Artifacts) == 0 {
		t.Fatalf("%v %v", err, all.Findings)
	}
	var dev []string
	for _, name := range unitNames(all) {
		if name == "dev" || strings.HasPrefix(name, "dev/shard-") {
			dev = append(dev, name)
		}
	}
	if len(dev) < 2 {
		t.Fatalf("units %v: dev is not sharded", unitNames(all))
	}
	for account, want := range map[string][]string{"dev": dev, "dev/shard-00": {"dev/shard-00"}, "identity": {"identity"}} {
		c, err := build(account)
		if err != nil || !slices.Equal(unitNames(c), want) {
			t.Errorf("--account %s: %v %v, want %v", account, err, unitNames(c), want)
		}
	}
	_, err = build("de")
	var ae *artifact.AccountError
	if !errors.As(err, &ae) || !slices.Equal(ae.Have, []string{"dev", "identity", "root"}) {
		t.Errorf("--account de: %v (%#v)", err, ae)
	}
}
