package access_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/kindtest"
	"github.com/landform/landform/internal/testutil"
)

// engineersOrg is an access config of three accounts whose dev account
// holds the personal roles of the named engineers and 40 service users,
// with a team, a team role, Terraform, the planner and the state roles
// around them. Engineers get one of eight policy groups; every fifth also
// an extra policy. Each atomic policy names arns buckets (two ARNs each).
func engineersOrg(names []string, arns int) []byte {
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
	for i := range 20 {
		var res []string
		for j := range arns {
			res = append(res, fmt.Sprintf(`"arn:aws:s3:::${org}-${account_name}-d%02d-%03d", "arn:aws:s3:::${org}-${account_name}-d%02d-%03d/*"`, i, j, i, j))
		}
		fmt.Fprintf(&b, "  - {name: P%02d, actions: [s3:GetObject, s3:ListBucket], resources: [%s]}\n", i, strings.Join(res, ", "))
	}
	b.WriteString("policy_groups:\n  base: {policies: [P00, P01, P02, P03]}\n")
	for g := range 8 {
		fmt.Fprintf(&b, "  team%d: {policies: [P%02d, P%02d], groups: [base]}\n", g, 4+2*g, 5+2*g)
	}
	b.WriteString(`teams:
  - {name: developers, description: Everyone, policy_groups: [base]}
team_roles:
  - {name: reader, description: Read-only view, managed_policies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], trusted_teams: [developers]}
terraform: {trusted_teams: [developers]}
planner: {trusted_teams: [developers]}
tfstate_backend: {bucket: bigco-tfstate, lock_table: bigco-tfstate-lock, read_write: [terraform], read_only: [planner]}
engineers:
`)
	for i, n := range names {
		extra := ""
		if i%5 == 0 {
			extra = fmt.Sprintf(", extra_policies: [P%02d]", 4+i%16)
		}
		fmt.Fprintf(&b, "  %s: {policy_group: team%d%s}\n", n, i%8, extra)
	}
	b.WriteString("service_users:\n")
	for i := range 40 {
		fmt.Fprintf(&b, "  svc%02d: {policy_group: team%d}\n", i, i%8)
	}
	return []byte(b.String())
}

func engineerNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("eng%04d", i)
	}
	return out
}

// buildOrg builds a config through the artifact stage, as generate does,
// and fails on any error finding (check's included).
func buildOrg(tb testing.TB, data []byte) *artifact.Config {
	tb.Helper()
	return buildAs(tb, data, cfn.YAML)
}

func buildAs(tb testing.TB, data []byte, f cfn.Format) *artifact.Config {
	tb.Helper()
	c, err := (&artifact.Builder{Env: kindtest.Env(nil), Format: f}).Build("bigco.yaml", data)
	if err != nil {
		tb.Fatal(err)
	}
	if c.Findings.HasErrors() || len(c.Artifacts) == 0 {
		tb.Fatalf("%d artifacts, findings:\n%s", len(c.Artifacts), testutil.Text(c.Findings))
	}
	return c
}

// bodies maps each unit's name to its template's bytes.
func bodies(c *artifact.Config) map[string][]byte {
	out := map[string][]byte{}
	for _, a := range c.Artifacts {
		out[a.Unit.Name] = a.Body
	}
	return out
}

// TestShards2000Engineers: an account of 2,000 engineers is spread over a
// base and shards, each under the threshold and passing check, with no
// reference across stacks, every principal in exactly one of them, each
// shard after the base. Adding an engineer changes one shard; building
// twice gives the same bytes.
func TestShards2000Engineers(t *testing.T) {
	t.Parallel()
	names := engineerNames(2000)
	data := engineersOrg(names, 1)
	if _, fs := load(t, "bigco.yaml", data); fs.HasErrors() {
		t.Fatalf("config has errors:\n%s", testutil.Text(fs))
	}
	c := buildOrg(t, data)
	var shards, maxResources, maxOutputs, maxBytes int
	principals := map[string][]string{} // account:IAM name → units holding it
	for _, a := range c.Artifacts {
		n := len(a.Template.Resources)
		if n >= cfn.MaxResources || len(a.Template.Outputs) >= cfn.MaxOutputs {
			t.Errorf("%s: %d resources, %d outputs", a.Unit.Name, n, len(a.Template.Outputs))
		}
		if account, _, sharded := strings.Cut(a.Unit.Name, "/"); sharded {
			shards++
			maxResources, maxOutputs, maxBytes = max(maxResources, n), max(maxOutputs, len(a.Template.Outputs)), max(maxBytes, len(a.Body))
			if account != "dev" || a.Stem != "bigco-dev-access-shard-"+a.Unit.Name[len("dev/shard-"):] || a.StackName != a.Stem+"-stack" {
				t.Errorf("shard %s: stem %s, stack %s", a.Unit.Name, a.Stem, a.StackName)
			}
		}
		for _, r := range a.Template.Resources {
			for _, key := range []string{"RoleName", "UserName"} {
				if v, ok := r.Properties.Get(key); ok {
					key := a.Target.Account + ":" + v.(string)
					principals[key] = append(principals[key], a.Unit.Name)
				}
			}
		}
		for _, ref := range foreignRefs(a.Doc()) {
			t.Errorf("%s refers to %s, which it does not define", a.Unit.Name, ref)
		}
		for _, f := range a.Findings {
			if f.Severity == finding.Error {
				t.Errorf("check %s: %s", a.Unit.Name, testutil.Text(finding.List{f}))
			}
		}
	}
	t.Logf("2,000 engineers and 40 service users: %d shards, at most %d resources, %d outputs and %d bytes a shard; %d units in all",
		shards, maxResources, maxOutputs, maxBytes, len(c.Artifacts))
	if shards < 2 || shards&(shards-1) != 0 {
		t.Errorf("%d shards, want a power of two of at least 2", shards)
	}
	personal, users := 0, 0
	for key, units := range principals {
		_, name, _ := strings.Cut(key, ":")
		if len(units) != 1 {
			t.Errorf("%s is in %d units: %v", name, len(units), units)
		}
		personal += b2i(strings.HasPrefix(name, "bigco-personal-"))
		users += b2i(strings.HasPrefix(name, "bigco-svc-"))
		if sharded := strings.Contains(units[0], "/shard-"); sharded != (strings.HasPrefix(name, "bigco-personal-") || strings.HasPrefix(name, "bigco-svc-")) {
			t.Errorf("%s is in %s", name, units[0])
		}
	}
	if personal != 2000 || users != 40 {
		t.Errorf("%d personal roles and %d service users in the templates, want 2000 and 40", personal, users)
	}
	checkOrder(t, c)
	t.Run("churn", func(t *testing.T) {
		checkChurn(t, bodies(c), bodies(buildOrg(t, engineersOrg(append(names, "zoe-newcomer"), 1))))
	})
	t.Run("deterministic", func(t *testing.T) {
		again := bodies(buildOrg(t, data))
		for name, body := range bodies(c) {
			if !bytes.Equal(body, again[name]) {
				t.Errorf("%s: a second build gives other bytes", name)
			}
		}
	})
}

// TestShardsBoundByBytes: engineers whose permissions fill several
// managed policies make a shard too big in bytes long before it has 450
// resources; the shards stay under what CloudFormation reads from S3, in
// YAML and in JSON.
func TestShardsBoundByBytes(t *testing.T) {
	t.Parallel()
	data := engineersOrg(engineerNames(150), 40)
	for _, f := range []cfn.Format{cfn.YAML, cfn.JSON} {
		shards, maxResources, maxBytes := 0, 0, 0
		for _, a := range buildAs(t, data, f).Artifacts {
			if len(a.Body) > cfn.MaxTemplateURL {
				t.Errorf("%s (%s) is %d bytes", a.Unit.Name, f, len(a.Body))
			}
			if strings.Contains(a.Unit.Name, "/shard-") {
				shards++
				maxResources, maxBytes = max(maxResources, len(a.Template.Resources)), max(maxBytes, len(a.Body))
			}
		}
		t.Logf("150 engineers with large policies, %s: %d shards, at most %d resources and %d bytes a shard", f, shards, maxResources, maxBytes)
		if maxResources*2 > 450 {
			t.Errorf("%d resources in a shard: the bytes did not bind", maxResources)
		}
	}
}

// checkOrder: every shard is Ordered after its account's base, and the
// upper half of the shards after the shard each was split from; the base
// and the other accounts need nothing.
func checkOrder(t *testing.T, c *artifact.Config) {
	t.Helper()
	n := 0
	for _, a := range c.Artifacts {
		n += b2i(strings.Contains(a.Unit.Name, "/shard-"))
	}
	for _, a := range c.Artifacts {
		var after []string
		if o, ok := a.Unit.Unit.(kinds.Ordered); ok {
			after = o.After()
		}
		var want []string
		var i int
		if _, err := fmt.Sscanf(a.Unit.Name, "dev/shard-%d", &i); err == nil {
			want = []string{"dev"}
			if i >= n/2 {
				want = append(want, fmt.Sprintf("dev/shard-%02d", i-n/2))
			}
		}
		if !slices.Equal(after, want) {
			t.Errorf("%s is after %v, want %v", a.Unit.Name, after, want)
		}
	}
}

// checkChurn: adding an engineer to the 2,000 changes the template of one
// shard of the account and no other unit of it; the other accounts'
// templates differ only in the config's hash, as for any edit.
func checkChurn(t *testing.T, before, after map[string][]byte) {
	if len(after) != len(before) {
		t.Fatalf("%d units, then %d: the engineer crossed a doubling; pick another name", len(before), len(after))
	}
	configHash := regexp.MustCompile(`ConfigSHA256: [0-9a-f]{64}`)
	var changed, hashOnly []string
	for name, body := range after {
		switch {
		case bytes.Equal(body, before[name]):
		case bytes.Equal(configHash.ReplaceAll(body, nil), configHash.ReplaceAll(before[name], nil)) && !strings.HasPrefix(name, "dev"):
			hashOnly = append(hashOnly, name)
		default:
			changed = append(changed, name)
		}
	}
	slices.Sort(hashOnly)
	t.Logf("adding one engineer, of %d units: %d changed (%v), %d only in ConfigSHA256 (%v)", len(after), len(changed), changed, len(hashOnly), hashOnly)
	if len(changed) != 1 || !strings.HasPrefix(changed[0], "dev/shard-") {
		t.Errorf("units changed: %v, want exactly one shard of dev", changed)
	}
}

// foreignRefs are the logical ids a template's Ref, Fn::GetAtt and Fn::Sub
// name but does not define (pseudo parameters aside), and every
// Fn::ImportValue: a stack of a sharded account reaches another only by
// literal names.
func foreignRefs(doc map[string]any) []string {
	res, _ := doc["Resources"].(map[string]any)
	params, _ := doc["Parameters"].(map[string]any)
	var out []string
	name := func(id string) {
		id, _, _ = strings.Cut(id, ".")
		if _, ok := res[id]; !ok && params[id] == nil && !strings.HasPrefix(id, "AWS::") {
			out = append(out, id)
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				switch k {
				case "Ref":
					name(fmt.Sprint(x))
				case "Fn::GetAtt":
					if l, ok := x.([]any); ok && len(l) > 0 {
						name(fmt.Sprint(l[0]))
					} else {
						name(fmt.Sprint(x))
					}
				case "Fn::Sub":
					s := fmt.Sprint(x)
					if l, ok := x.([]any); ok && len(l) > 0 {
						s = fmt.Sprint(l[0])
					}
					for _, m := range subVar.FindAllStringSubmatch(s, -1) {
						name(m[1])
					}
				case "Fn::ImportValue":
					out = append(out, "Fn::ImportValue "+fmt.Sprint(x))
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return out
}

var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BenchmarkBuild2000Engineers is generate's build stage for the 2,000
// engineers: load, lay out the shards, build, encode, parse and check
// every unit.
func BenchmarkBuild2000Engineers(b *testing.B) {
	data := engineersOrg(engineerNames(2000), 1)
	b.ReportAllocs()
	for b.Loop() {
		buildOrg(b, data)
	}
}

// TestOneStackPerEngineer: personal_roles.stacks: engineer gives every
// engineer a stack of their own in the engineers account: their role, its
// managed policies, its instance profile and its output, nothing else;
// the account's base keeps the service users and every other role and is
// deployed first. Changing one engineer changes that engineer's stack
// only, and the operator may manage stacks of engineers added later.
func TestOneStackPerEngineer(t *testing.T) {
	t.Parallel()
	names := engineerNames(12)
	perEngineer := func(data []byte) []byte {
		return append(data, "personal_roles: {stacks: engineer}\n"...)
	}
	data := perEngineer(engineersOrg(names, 1))
	c := buildOrg(t, data)
	got := bodies(c)
	for _, n := range names {
		unit := "dev/engineer-" + n
		var a *artifact.Artifact
		for _, x := range c.Artifacts {
			if x.Unit.Name == unit {
				a = x
			}
		}
		if a == nil {
			t.Fatalf("no unit %s; units: %v", unit, slices.Sorted(maps.Keys(got)))
		}
		if a.StackName != "bigco-dev-access-engineer-"+n+"-stack" {
			t.Errorf("%s: stack %s", unit, a.StackName)
		}
		if after := a.Unit.Unit.(kinds.Ordered).After(); !slices.Equal(after, []string{"dev"}) {
			t.Errorf("%s: after %v, want the account's base", unit, after)
		}
		for _, r := range a.Template.Resources {
			switch r.Type {
			case "AWS::IAM::Role":
				if v, _ := r.Properties.Get("RoleName"); v != "bigco-personal-"+n {
					t.Errorf("%s holds role %v", unit, v)
				}
			case "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile":
			default:
				t.Errorf("%s holds %s (%s)", unit, r.LogicalID, r.Type)
			}
		}
	}
	for _, a := range c.Artifacts {
		if a.Unit.Name != "dev" {
			continue
		}
		for _, r := range a.Template.Resources {
			if strings.HasPrefix(r.LogicalID, "PersonalRole") {
				t.Errorf("the base of dev still holds %s (%s)", r.LogicalID, r.Type)
			}
		}
		if !strings.Contains(string(a.Body), "ServiceUserSvc00") {
			t.Errorf("the base of dev lost the service users")
		}
	}

	// One engineer's change is one stack's change (the other accounts'
	// stacks differ only in Metadata's ConfigSHA256, which CloudFormation
	// does not update a stack for).
	changed := perEngineer(bytes.Replace(engineersOrg(names, 1), []byte("eng0003: {policy_group: team3}"), []byte("eng0003: {policy_group: team4}"), 1))
	after := bodies(buildOrg(t, changed))
	configHash := regexp.MustCompile(`ConfigSHA256: [0-9a-f]{64}`)
	var differ []string
	for unit, body := range got {
		if !bytes.Equal(configHash.ReplaceAll(after[unit], nil), configHash.ReplaceAll(body, nil)) {
			differ = append(differ, unit)
		}
	}
	if !slices.Equal(differ, []string{"dev/engineer-eng0003"}) {
		t.Errorf("changing eng0003 changed %v", differ)
	}

	s, _ := load(t, "bigco.yaml", data)
	op, _ := json.Marshal(s.OperatorPolicy())
	if !strings.Contains(string(op), "stack/bigco-dev-access-engineer-*/*") {
		t.Errorf("the operator policy cannot manage engineer stacks:\n%s", op)
	}
}
