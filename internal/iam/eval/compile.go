package eval

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/landform/landform/internal/iam"
)

// Kind is where a policy is attached; it decides which elements a policy
// may (or must) have and how its statements take part in a decision.
type Kind uint8

const (
	Identity Kind = iota // inline or managed policy of a user, group or role
	Session              // session policy passed to AssumeRole* / GetFederationToken
	Boundary             // permissions boundary
	Resource             // resource-based policy: bucket, key or role trust policy
	SCP                  // service control policy
	RCP                  // resource control policy
)

func (k Kind) String() string {
	return [...]string{"identity", "session", "boundary", "resource", "scp", "rcp"}[k]
}

// Effect is a statement's effect.
type Effect uint8

const (
	Allow Effect = iota
	Deny
)

func (e Effect) String() string {
	if e == Deny {
		return "Deny"
	}
	return "Allow"
}

// Policy is a compiled policy document.
type Policy struct {
	Name       string // how decisions name it; free text
	Kind       Kind
	Version    string // "2012-10-17", "2008-10-17" or ""
	Statements []Statement
}

// Statement is one compiled statement.
type Statement struct {
	Sid    string
	Index  int // position in the policy, from 0
	Effect Effect

	notAction    bool
	actions      []actionPattern
	hasResource  bool
	notResource  bool
	resources    []arnPattern
	hasPrincipal bool // Principal or NotPrincipal present
	notPrincipal bool
	principals   []principalPattern
	wildcardPrin bool // Principal holds "*" (used by the boundary rule)
	conditions   []condition
}

// actionPattern is "*" or "service:pattern".
type actionPattern struct {
	all     bool
	service string // lower case
	name    pattern
}

type principalType uint8

const (
	ptWildcard principalType = iota
	ptAccount
	ptARN
	ptService
	ptFederated
	ptCanonical
	ptNever // unique ids and anything else that names no request principal
)

type principalPattern struct {
	typ   principalType
	value string // account id for ptAccount
}

// FromIAM compiles a landform policy document.
func FromIAM(p iam.Policy, kind Kind, name string) (*Policy, error) {
	raw, err := p.JSON()
	if err != nil {
		return nil, err
	}
	return Compile(raw, kind, name)
}

// Compile parses and validates a raw IAM policy document (JSON) for kind
// and compiles it. An invalid policy is an error, never a policy that
// silently allows or denies.
func Compile(doc []byte, kind Kind, name string) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	return CompileValue(v, kind, name)
}

// CompileValue compiles a policy already decoded from JSON (objects as
// map[string]any, numbers as json.Number or float64).
func CompileValue(v any, kind Kind, name string) (*Policy, error) {
	c := compiler{a: &arena{}}
	return c.compile(v, kind, name)
}

// compiler compiles decoded documents into its arena.
type compiler struct {
	a *arena
}

func (c *compiler) compile(v any, kind Kind, name string) (*Policy, error) {
	p, err := c.policy(v, kind, name)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	return p, nil
}

// keyedErr keeps the error of the smallest key while a map is visited, so
// that a document with several faults reports the same one every time,
// whatever order Go visits the map in.
type keyedErr struct {
	key string
	err error
}

func (e *keyedErr) add(key string, err error) {
	if e.err == nil || key < e.key {
		e.key, e.err = key, err
	}
}

func (c *compiler) policy(v any, kind Kind, name string) (*Policy, error) {
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a policy must be a JSON object")
	}
	p := &c.a.policies.take(1)[0]
	p.Name, p.Kind = name, kind
	stmtV, hasStmt := doc["Statement"]
	ver, hasVer := doc["Version"]
	_, hasID := doc["Id"]
	if n := b2i(hasStmt) + b2i(hasVer) + b2i(hasID); n < len(doc) {
		var ke keyedErr
		for k := range doc {
			if k != "Statement" && k != "Version" && k != "Id" {
				ke.add(k, fmt.Errorf("unknown policy element %q", k))
			}
		}
		return nil, ke.err
	}
	if hasVer {
		s, ok := ver.(string)
		if !ok || (s != "2012-10-17" && s != "2008-10-17") {
			return nil, fmt.Errorf(`Version must be "2012-10-17" or "2008-10-17"`)
		}
		p.Version = s
	}
	if kind == RCP && p.Version != "2012-10-17" {
		return nil, fmt.Errorf(`Version must be "2012-10-17" in a resource control policy`)
	}
	var list []any
	one, isOne := stmtV.(map[string]any)
	switch s := stmtV.(type) {
	case []any:
		list = s
	case map[string]any:
	default:
		return nil, fmt.Errorf("Statement must be an object or a list of objects")
	}
	n := len(list)
	if isOne {
		n = 1
	}
	p.Statements = c.a.statements.take(n)
	vars := p.Version == "2012-10-17" // policy variables need the 2012-10-17 language
	for i := range n {
		m := one
		if !isOne {
			if m, ok = list[i].(map[string]any); !ok {
				return nil, fmt.Errorf("statement %d must be an object", i)
			}
		}
		if err := c.statement(&p.Statements[i], m, i, kind, vars); err != nil {
			return nil, fmt.Errorf("statement %d: %w", i, err)
		}
	}
	return p, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The elements of a statement, as bits.
const (
	eSid = 1 << iota
	eEffect
	ePrincipal
	eNotPrincipal
	eAction
	eNotAction
	eResource
	eNotResource
	eCondition
)

var statementElements = []struct {
	name string
	bit  int
}{
	{"Effect", eEffect}, {"Action", eAction}, {"Resource", eResource}, {"Condition", eCondition},
	{"Principal", ePrincipal}, {"Sid", eSid}, {"NotAction", eNotAction}, {"NotResource", eNotResource},
	{"NotPrincipal", eNotPrincipal},
}

func isStatementElement(k string) bool {
	for _, e := range statementElements {
		if e.name == k {
			return true
		}
	}
	return false
}

func (c *compiler) statement(st *Statement, m map[string]any, index int, kind Kind, vars bool) error {
	st.Index = index
	var has int
	var sidV, effV, prinV, actV, resV, condV any
	// Look the elements up, most common first, until every key of the
	// statement is accounted for; a key left over is an unknown element.
	// (Cheaper than visiting the map.)
	found := 0
	for _, e := range statementElements {
		if found == len(m) {
			break
		}
		v, ok := m[e.name]
		if !ok {
			continue
		}
		found++
		has |= e.bit
		switch e.bit {
		case eSid:
			sidV = v
		case eEffect:
			effV = v
		case ePrincipal, eNotPrincipal:
			prinV = v
		case eAction, eNotAction:
			actV = v
		case eResource, eNotResource:
			resV = v
		case eCondition:
			condV = v
		}
	}
	if found < len(m) {
		var ke keyedErr
		for k := range m {
			if !isStatementElement(k) {
				ke.add(k, fmt.Errorf("unknown element %q", k))
			}
		}
		return ke.err
	}
	if has&eSid != 0 {
		s, ok := sidV.(string)
		if !ok {
			return fmt.Errorf("Sid must be a string")
		}
		st.Sid = s
	}
	switch effV {
	case "Allow":
		st.Effect = Allow
	case "Deny":
		st.Effect = Deny
	default:
		return fmt.Errorf(`Effect must be "Allow" or "Deny"`)
	}

	// Which elements each kind takes (IAM's and Organizations' grammar).
	both := func(a, b int) bool { return has&a != 0 && has&b != 0 }
	switch {
	case both(eAction, eNotAction):
		return fmt.Errorf("a statement has Action or NotAction, not both")
	case has&(eAction|eNotAction) == 0:
		return fmt.Errorf("a statement needs Action or NotAction")
	case both(eResource, eNotResource):
		return fmt.Errorf("a statement has Resource or NotResource, not both")
	case both(ePrincipal, eNotPrincipal):
		return fmt.Errorf("a statement has Principal or NotPrincipal, not both")
	}
	hasRes := has&(eResource|eNotResource) != 0
	hasPrin := has&(ePrincipal|eNotPrincipal) != 0
	switch kind {
	case Identity, Session, Boundary, SCP:
		if hasPrin {
			return fmt.Errorf("a %s policy takes no Principal or NotPrincipal", kind)
		}
		if !hasRes {
			return fmt.Errorf("a statement needs Resource or NotResource")
		}
	case RCP:
		if st.Effect != Deny {
			return fmt.Errorf(`Effect must be "Deny" in a resource control policy`)
		}
		if p, ok := prinV.(string); !ok || p != "*" || has&ePrincipal == 0 {
			return fmt.Errorf(`Principal must be "*" in a resource control policy`)
		}
		if has&(eNotAction|eNotPrincipal) != 0 {
			return fmt.Errorf("a resource control policy takes no NotAction or NotPrincipal")
		}
		if !hasRes {
			return fmt.Errorf("a statement needs Resource or NotResource")
		}
	case Resource:
		if !hasPrin {
			return fmt.Errorf("a resource-based policy statement needs Principal or NotPrincipal")
		}
	}

	actKey := "Action"
	if has&eNotAction != 0 {
		actKey, st.notAction = "NotAction", true
	}
	if err := c.actions(st, actV, actKey, kind); err != nil {
		return err
	}
	if hasRes {
		st.hasResource = true
		resKey := "Resource"
		if has&eNotResource != 0 {
			resKey, st.notResource = "NotResource", true
		}
		if err := c.resources(st, resV, resKey, vars); err != nil {
			return err
		}
	}
	if hasPrin {
		st.hasPrincipal = true
		prinKey := "Principal"
		if has&eNotPrincipal != 0 {
			prinKey, st.notPrincipal = "NotPrincipal", true
		}
		if err := c.principals(st, prinV, prinKey); err != nil {
			return err
		}
	}
	if has&eCondition != 0 {
		return c.conditions(st, condV, vars)
	}
	return nil
}
