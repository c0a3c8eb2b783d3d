package eval

import (
	"bytes"
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

// MaxCaseDepth bounds how deeply a line nests. A case nests about 9 levels
// (case, scpLevels, a level, a policy, Statement, a statement, Condition,
// an operator, a key's values); the bound stops hostile input before
// encoding/json reads it, with an error that says where.
const MaxCaseDepth = 64

// checkDepth finds the first array or object deeper than MaxCaseDepth, in
// one pass and constant memory: brackets count outside strings. On JSON,
// the only text encoding/json accepts, that is its nesting exactly.
func checkDepth(line []byte) error {
	depth, col, inString, escaped := 0, 0, false, false
	for _, b := range line {
		if b&0xC0 != 0x80 { // not a UTF-8 continuation byte
			col++
		}
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = b == '\\'
			inString = b != '"'
		case b == '"':
			inString = true
		case b == '[' || b == '{':
			if depth++; depth > MaxCaseDepth {
				return &CaseError{Column: col, Msg: fmt.Sprintf("JSON nests deeper than %d levels: a case needs about 9", MaxCaseDepth)}
			}
		case b == ']' || b == '}':
			depth--
		}
	}
	return nil
}

// DecodeCase reads one line. Each of its documents is laid out on its own;
// PackCases lays a whole file's cases out for deciding them in order.
func DecodeCase(line []byte) (*Case, error) {
	if err := checkDepth(line); err != nil {
		return nil, err
	}
	var c Case
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, explain(line, err)
	}
	end := int(dec.InputOffset())
	if rest := bytes.TrimLeft(line[end:], " \t\r\n"); len(rest) > 0 {
		return nil, &CaseError{Column: column(line, len(line)-len(rest)), Msg: "text after the case's JSON object: write one case per line"}
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
