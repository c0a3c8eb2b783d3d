package eval

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
)

// Case is one line of the `landform access eval` format: the policies that
// apply to a request and the request. Policies are decoded JSON (Node), the
// way any JSON reader hands a document over; Compile validates and
// compiles them.
type Case struct {
	ID                   string      `json:"id"`
	IdentityPolicies     []Node      `json:"identityPolicies,omitempty"`
	ResourcePolicy       Node        `json:"resourcePolicy,omitempty"`
	PermissionBoundaries []Node      `json:"permissionBoundaries,omitempty"`
	SessionPolicy        Node        `json:"sessionPolicy,omitempty"`
	SCPs                 []Node      `json:"scps,omitempty"`
	SCPLevels            [][]Node    `json:"scpLevels,omitempty"`
	RCPs                 []Node      `json:"rcps,omitempty"`
	RCPLevels            [][]Node    `json:"rcpLevels,omitempty"`
	Request              CaseRequest `json:"request"`
}

// CaseRequest is the request of a Case.
type CaseRequest struct {
	Principal string `json:"principal"`
	Action    string `json:"action"`
	Resource  struct {
		Resource  string `json:"resource"`
		AccountID string `json:"accountId"`
	} `json:"resource"`
	ContextVariables Node `json:"contextVariables,omitempty"`
}

// DecodeCase reads one line. Each of its documents is laid out on its own;
// PackCases lays a whole file's cases out for deciding them in order.
func DecodeCase(line []byte) (*Case, error) {
	var c Case
	if err := json.Unmarshal(line, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// NewRequest builds the engine's request.
func (c *Case) NewRequest() (*Request, error) {
	r := &Request{}
	if err := c.fillRequest(r, &slab[string]{}); err != nil {
		return nil, err
	}
	return r, nil
}

// fillRequest builds the request in r, cutting multivalued keys' lists
// from strs.
func (c *Case) fillRequest(r *Request, strs *slab[string]) error {
	r.Principal = c.Request.Principal
	r.Action = c.Request.Action
	r.Resource = c.Request.Resource.Resource
	r.ResourceAccount = c.Request.Resource.AccountID
	r.Context.Reset()
	cv := c.Request.ContextVariables
	switch cv.Kind() {
	case Null:
		return nil
	case Object:
	default:
		return fmt.Errorf("contextVariables must be an object")
	}
	for i := range cv.Len() {
		k, v := cv.Key(i), cv.Value(i)
		switch v.Kind() {
		case String, Bool, Number:
			r.Context.put(k, ContextValue{Values: strs.take1(v.Text())})
		case Array:
			vals := strs.take(v.Len())
			for j := range vals {
				e := v.Index(j)
				if e.Kind() != String {
					return fmt.Errorf("context key %s: values must be strings", k)
				}
				vals[j] = e.Text()
			}
			r.Context.put(k, ContextValue{Values: vals, Multi: true})
		default:
			return fmt.Errorf("context key %s: a value is a string or a list of strings", k)
		}
	}
	return nil
}

// Compile validates and compiles every policy of the case into a Set.
func (c *Case) Compile() (*Set, error) {
	s := &Set{}
	if err := c.compileInto(&compiler{a: &arena{}}, s); err != nil {
		return nil, err
	}
	return s, nil
}

// compileInto compiles the case's policies with comp into s, reusing s's
// lists.
func (c *Case) compileInto(comp *compiler, s *Set) error {
	s.Identity, s.Boundaries, s.Resource, s.Session = s.Identity[:0], s.Boundaries[:0], nil, nil
	for i := range c.IdentityPolicies {
		p, err := comp.compile(c.IdentityPolicies[i], Identity, policyName(Identity, 0, i))
		if err != nil {
			return err
		}
		s.Identity = append(s.Identity, p)
	}
	if c.ResourcePolicy.Kind() != Null {
		p, err := comp.compile(c.ResourcePolicy, Resource, "resource")
		if err != nil {
			return err
		}
		s.Resource = p
	}
	for i := range c.PermissionBoundaries {
		p, err := comp.compile(c.PermissionBoundaries[i], Boundary, policyName(Boundary, 0, i))
		if err != nil {
			return err
		}
		s.Boundaries = append(s.Boundaries, p)
	}
	if c.SessionPolicy.Kind() != Null {
		p, err := comp.compile(c.SessionPolicy, Session, "session")
		if err != nil {
			return err
		}
		s.Session = p
	}
	var err error
	if s.SCPs, err = compileLevels(comp, SCP, c.SCPs, c.SCPLevels, s.SCPs); err != nil {
		return err
	}
	s.RCPs, err = compileLevels(comp, RCP, c.RCPs, c.RCPLevels, s.RCPs)
	return err
}

// compileLevels compiles "scps" (one level) and "scpLevels" (root first),
// or their RCP twins, into out's room.
func compileLevels(comp *compiler, kind Kind, one []Node, many [][]Node, out [][]*Policy) ([][]*Policy, error) {
	out = out[:0]
	n := len(many)
	if one != nil {
		n++
	}
	for l := range n {
		level := one
		switch {
		case one == nil:
			level = many[l]
		case l > 0:
			level = many[l-1]
		}
		var ps []*Policy
		if l < cap(out) {
			ps = out[:l+1][l][:0]
		}
		for i := range level {
			p, err := comp.compile(level[i], kind, policyName(kind, l, i))
			if err != nil {
				return nil, err
			}
			ps = append(ps, p)
		}
		out = append(out, ps)
	}
	return out, nil
}

// policyNames names the first few policies of each kind without building
// the name each time (built on first use).
var policyNames = sync.OnceValue(func() (t *[RCP + 1][8][8]string) {
	t = new([RCP + 1][8][8]string)
	for k := range t {
		for l := range 8 {
			for i := range 8 {
				t[k][l][i] = buildPolicyName(Kind(k), l, i)
			}
		}
	}
	return t
})

func policyName(k Kind, level, i int) string {
	if k <= RCP && level < 8 && i < 8 {
		return policyNames()[k][level][i]
	}
	return buildPolicyName(k, level, i)
}

func buildPolicyName(k Kind, level, i int) string {
	if k == SCP || k == RCP {
		return k.String() + "[" + strconv.Itoa(level) + "][" + strconv.Itoa(i) + "]"
	}
	return k.String() + "[" + strconv.Itoa(i) + "]"
}

// caseScratch is what Decide reuses from one case to the next: the arena
// the case's policies are compiled into, the set and the request.
type caseScratch struct {
	arena *arena
	set   Set
	req   Request
	strs  slab[string]
}

// Decide validates and compiles the case's policies, builds its request and
// evaluates it with ev. Nothing is kept from earlier cases but memory: the
// policies are compiled into ev's arena, which Decide resets first, so the
// Decision (like the compiled policies) is valid until ev's next use.
func (c *Case) Decide(ev *Evaluator) (*Decision, error) {
	if ev.scratch == nil {
		ev.scratch = &caseScratch{arena: newReusableArena()}
		ev.scratch.strs.min = 256
	}
	sc := ev.scratch
	sc.arena.reset()
	sc.strs.reset()
	if err := c.compileInto(&compiler{a: sc.arena}, &sc.set); err != nil {
		return nil, err
	}
	if err := c.fillRequest(&sc.req, &sc.strs); err != nil {
		return nil, err
	}
	return ev.Evaluate(&sc.set, &sc.req), nil
}

// Outcome is one output line of `landform access eval`.
type Outcome struct {
	ID     string `json:"id"`
	Result string `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}
