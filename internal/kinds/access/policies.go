package access

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/parallel"
)

// newDAG turns the config's policies and groups into the DAG.
func newDAG(c Config) *iam.DAG {
	d := &iam.DAG{Policies: map[string]*iam.Atomic{}, Groups: map[string]*iam.Group{}}
	for _, p := range c.Policies {
		st := iam.Statement{Effect: p.Effect, Action: iam.Strings(p.Actions...), Resource: iam.Strings(p.Resources...)}
		if st.Effect == "" {
			st.Effect = "Allow"
		}
		if len(p.Conditions) > 0 {
			st.Condition = map[string]iam.Condition{}
			for op, keys := range p.Conditions {
				cond := iam.Condition{}
				for k, vals := range keys {
					cond[k] = iam.Strings(vals...)
				}
				st.Condition[op] = cond
			}
		}
		d.Policies[p.Name] = &iam.Atomic{Name: p.Name, Statement: st}
	}
	for name, g := range c.PolicyGroups {
		d.Groups[name] = &iam.Group{Name: name, Policies: g.Policies, Groups: g.Groups}
	}
	return d
}

// atoms are the atomic policies of a role or user: its groups flattened
// and its extra policies, by name, each once.
func (s *spec) atoms(groups, extra []string) []*iam.Atomic {
	var out []*iam.Atomic
	for _, g := range groups {
		out = append(out, s.flatten(g)...)
	}
	for _, p := range extra {
		if a, ok := s.dag.Policies[p]; ok {
			out = append(out, a)
		}
	}
	// A name is one atomic policy of the DAG: sorted, its copies are
	// neighbours.
	slices.SortFunc(out, func(a, b *iam.Atomic) int { return strings.Compare(a.Name, b.Name) })
	return slices.CompactFunc(out, func(a, b *iam.Atomic) bool { return a.Name == b.Name })
}

// flatten is s.dag.Flatten(group), computed once per group: hundreds of
// engineers share a few dozen groups. The slice is shared: read it only.
func (s *spec) flatten(group string) []*iam.Atomic {
	return s.flat.get(group, func() []*iam.Atomic { return s.dag.Flatten(group) })
}

var placeholder = regexp.MustCompile(`\$\{(account_id|account_name|region|org)\}`)

// render fills the placeholders of the statements for one account. IAM's
// own policy variables (${aws:username} …) are left alone.
func (s *spec) render(stmts []iam.Statement, account string) []iam.Statement {
	vars := map[string]string{"account_id": s.cfg.Organization.Accounts[account].ID, "account_name": account,
		"region": s.cfg.Organization.Region, "org": s.org()}
	fill := func(v iam.Value) iam.Value {
		out := make(iam.Value, len(v))
		for i, x := range v {
			if str, ok := x.(string); ok && strings.Contains(str, "${") {
				x = placeholder.ReplaceAllStringFunc(str, func(m string) string { return vars[m[2:len(m)-1]] })
			}
			out[i] = x
		}
		return out
	}
	out := make([]iam.Statement, len(stmts))
	for i, st := range stmts {
		st.Action, st.Resource = fill(st.Action), fill(st.Resource)
		if len(st.Condition) > 0 {
			cond := map[string]iam.Condition{}
			for op, keys := range st.Condition {
				c := iam.Condition{}
				for k, v := range keys {
					c[k] = fill(v)
				}
				cond[op] = c
			}
			st.Condition = cond
		}
		out[i] = st
	}
	return out
}

// split is a role's or user's managed policies in one account, with each
// document's hash.
type split struct {
	docs   []iam.Doc
	hashes []string
	err    error
}

// documents is the split of the atomic policies of groups and extra in
// account, computed once per spec: validating, sharding and building each
// ask for it, and on an organization of hundreds of engineers rendering
// and splitting is most of the work. It is safe from several goroutines
// (prefetchDocuments splits many at once); two that ask for the same split
// at once both compute it, and the first one stored is kept: a split
// depends only on its inputs.
func (s *spec) documents(groups, extra []string, account string) split {
	key := strings.Join(groups, "\x00") + "\x01" + strings.Join(extra, "\x00") + "\x01" + account
	return s.splits.get(key, func() split { return s.split(groups, extra, account) })
}

// cache holds values computed once per key and asked for from several
// goroutines. get computes a missing value outside the lock: two
// goroutines that miss at once both compute it, and the first one stored
// is what both return, as the value depends only on its key.
type cache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (c *cache[K, V]) get(key K, compute func() V) V {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[key]; ok {
		return prev
	}
	if c.m == nil {
		c.m = map[K]V{}
	}
	c.m[key] = v
	return v
}

// split renders and splits the atomic policies of groups and extra in
// account. As iam.Statements does, a statement identical to an earlier
// one but for its Sid is written once.
func (s *spec) split(groups, extra []string, account string) split {
	atoms := s.atoms(groups, extra)
	seen := make(map[string]bool, len(atoms))
	stmts := make([]iam.Measured, 0, len(atoms))
	for _, a := range atoms {
		r := s.renderedAtom(a, account)
		if r.err != nil {
			return split{err: r.err}
		}
		if !seen[r.same] {
			seen[r.same] = true
			stmts = append(stmts, r.Measured)
		}
	}
	docs, err := iam.SplitMeasured(stmts, iam.MaxManagedPolicySize)
	sp := split{docs: docs, err: err}
	for _, d := range docs {
		sp.hashes = append(sp.hashes, docHash(d))
	}
	return sp
}

// prefetchDocuments computes the splits of every role and service user
// on as many goroutines as the machine has cores, so that the checks and
// builds after it find them made.
func (s *spec) prefetchDocuments() {
	type ask struct {
		groups, extra []string
		account       string
	}
	var asks []ask
	for _, r := range s.model.roles {
		asks = append(asks, ask{r.Groups, r.Extra, r.Account})
	}
	for _, u := range s.model.users {
		asks = append(asks, ask{[]string{u.Group}, nil, u.Account})
	}
	parallel.Each(len(asks), func(i int) { s.documents(asks[i].groups, asks[i].extra, asks[i].account) })
}

// atomIn names an atomic policy in an account.
type atomIn struct{ account, name string }

// atomJSON is an atomic policy's statement rendered for one account and
// measured, with the key iam.Statements dedupes by.
type atomJSON struct {
	iam.Measured
	same string
	err  error
}

// renderedAtom is a's statement in account, rendered and measured once
// however many roles hold it (twice at most when two goroutines ask at
// once; the first stored is kept).
func (s *spec) renderedAtom(a *iam.Atomic, account string) atomJSON {
	return s.rendered.get(atomIn{account, a.Name}, func() (r atomJSON) {
		r.same, r.err = iam.SameStatement(a)
		if r.err == nil {
			r.Measured, r.err = iam.Measure(s.render(iam.Statements([]*iam.Atomic{a}), account)[0])
		}
		return r
	})
}

// docHash is a short hash of a document: its policy's name and logical id
// change whenever its content does, so CloudFormation creates the new
// document (attached to the role) before it deletes the old one, and no
// permission is ever missing mid-deploy.
func docHash(d iam.Doc) string {
	h := sha256.New()
	_ = d.WriteJSON(h) // a hash takes every write
	return hex.EncodeToString(h.Sum(nil))[:6]
}

func sizeFinding(fs *finding.List, pos finding.Pos, path string, err error) {
	fs.Errorf("LF-ACC-009", pos, path, "split the atomic policy into smaller ones", "%v", err)
}
