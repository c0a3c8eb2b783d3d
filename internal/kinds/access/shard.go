package access

import (
	"fmt"
	"hash/fnv"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/parallel"
)

// The most resources, outputs and bytes landform puts in one access stack
// before it spreads the account over shards. Resources and outputs: 450
// and 180, not CloudFormation's hard 500 and 200, so that a resource a
// later landform adds to every principal, or one an operator adds to a
// generated template, does not make a stack built near the limit fail to
// deploy. Bytes are of the template as compact JSON, which is cheap to
// measure: the body generate writes is about 1.4 times that in YAML and
// 1.9 in indented JSON, so 450,000 keeps either under the 1,000,000
// CloudFormation reads from S3 (cfn.MaxTemplateURL). They matter for
// engineers whose permissions fill several managed policies; at about 700
// bytes a resource, the count is what binds.
const (
	maxStackResources = cfn.MaxResources - 50
	maxStackOutputs   = cfn.MaxOutputs - 20
	maxStackBytes     = 450_000
)

// member is a principal a shard holds: a personal role or a service user.
// Exactly one of role and user is set.
type member struct {
	role *role
	user *user
}

// iamName is what decides the member's shard: unique in the account, and
// the same for as long as the principal exists.
func (m member) iamName() string {
	if m.role != nil {
		return m.role.IAMName
	}
	return m.user.IAMName
}

// members are the personal roles, then the service users, of an account,
// in the order a template holds them; with one stack per engineer, only
// the service users (each personal role is then a unit of its own).
func (s *spec) members(account string) []member {
	var out []member
	for _, r := range s.rolesIn(account) {
		if r.Kind == kindPersonal && s.cfg.PersonalRoles.Stacks != "engineer" {
			out = append(out, member{role: r})
		}
	}
	for _, u := range s.model.users {
		if u.Account == account {
			out = append(out, member{user: u})
		}
	}
	return out
}

// addMember adds a member and everything only it needs: its managed
// policies, its instance profile or group, its output.
func (s *spec) addMember(t *cfn.Template, m member) error {
	if m.role != nil {
		return s.addRole(t, m.role)
	}
	return s.addUser(t, m.user)
}

// holds reports whether the unit's template has the member: every unit of
// an unsharded account does (it is the only one), a base none, a shard
// those the hash assigns to it.
func (u *unit) holds(m member) bool {
	switch {
	case u.shards == 0:
		return true
	case u.shard == baseShard:
		return false
	}
	return shardOf(memberHash(m), u.shards) == u.shard
}

// memberHash is FNV-1a (64 bits) of the member's IAM name, its high half
// folded into the low one: FNV's low bits depend only on the low bits of
// the input's bytes, and the shard is taken from the low bits.
func memberHash(m member) uint64 {
	h := fnv.New64a()
	h.Write([]byte(m.iamName()))
	x := h.Sum64()
	return x ^ x>>32
}

// shardOf is the shard of n a hash goes to. With n a power of two,
// doubling n sends each member of shard i to shard i or i+n: new shards
// only gain members and old ones only lose them.
func shardOf(hash uint64, n int) int { return int(hash % uint64(n)) }

// footprint is what a template, or one member, counts against the limits.
type footprint struct{ resources, outputs, bytes int }

func footprintOf(t *cfn.Template) (footprint, error) {
	// Compact, as deploy's JSON is. Past the limit the count is capped,
	// which still does not fit.
	size := cfn.CompactSize(t.Document(), maxStackBytes)
	if size < 0 {
		return footprint{}, fmt.Errorf("measuring a template: it does not encode as JSON")
	}
	return footprint{len(t.Resources), len(t.Outputs), size}, nil
}

func (f footprint) plus(g footprint) footprint {
	return footprint{f.resources + g.resources, f.outputs + g.outputs, f.bytes + g.bytes}
}

func (f footprint) fits() bool {
	return f.resources <= maxStackResources && f.outputs <= maxStackOutputs && f.bytes <= maxStackBytes
}

// shardCount is how many shards an account's members are spread over: 0
// when the whole account fits one stack, which it then keeps, byte for
// byte; otherwise the smallest power of two that leaves every shard
// within the limits. Each member is measured by building it alone, so the
// count follows addRole and addUser exactly. A config with errors has one
// stack per account (its Build says why).
func (s *spec) shardCount(account string) (int, error) {
	if s.found.HasErrors() {
		return 0, nil
	}
	base := &cfn.Template{}
	if err := s.addBase(base, account); err != nil {
		return 0, err
	}
	total, err := footprintOf(base)
	if err != nil {
		return 0, err
	}
	members := s.members(account)
	sizes := make([]footprint, len(members))
	hashes := make([]uint64, len(members))
	errs := make([]error, len(members))
	// Members are measured on every core at once: building one reads
	// the spec only, as the units' builds do (artifact.Builder builds
	// them at once).
	parallel.Each(len(members), func(i int) {
		t := &cfn.Template{}
		if errs[i] = s.addMember(t, members[i]); errs[i] == nil {
			sizes[i], errs[i] = footprintOf(t)
		}
		hashes[i] = memberHash(members[i])
	})
	for i, err := range errs {
		if err != nil {
			return 0, err
		}
		total = total.plus(sizes[i])
	}
	if total.fits() || len(members) == 0 {
		return 0, nil
	}
	for n := 1; ; n *= 2 {
		shards := make([]footprint, n)
		for i := range members {
			j := shardOf(hashes[i], n)
			shards[j] = shards[j].plus(sizes[i])
		}
		fit := true
		for _, f := range shards {
			fit = fit && f.fits()
		}
		// With as many shards as members, another doubling would only
		// chase a hash collision; check reports a shard that is still too big.
		if fit || n >= len(members) {
			return n, nil
		}
	}
}
