package eval

import (
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
	n, err := DecodeNode(doc)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	return CompileNode(n, kind, name)
}

// CompileValue compiles a policy already decoded from JSON (objects as
// map[string]any, numbers as json.Number or float64).
func CompileValue(v any, kind Kind, name string) (*Policy, error) {
	return CompileNode(NodeOf(v), kind, name)
}

// CompileNode compiles a decoded policy document.
func CompileNode(n Node, kind Kind, name string) (*Policy, error) {
	c := compiler{a: &arena{}}
	return c.compile(n, kind, name)
}

// compiler compiles decoded documents into its arena.
type compiler struct {
	a *arena
}

func (c *compiler) compile(v Node, kind Kind, name string) (*Policy, error) {
	p, err := c.policy(v, kind, name)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	return p, nil
}

func (c *compiler) policy(doc Node, kind Kind, name string) (*Policy, error) {
	if doc.Kind() != Object {
		return nil, fmt.Errorf("a policy must be a JSON object")
	}
	p := &c.a.policies.take(1)[0]
	p.Name, p.Kind = name, kind
	var stmts Node
	hasStmts := false
	d, first, end := doc.members()
	for j := first; j < end; j += 2 {
		switch k := d.str(j); k {
		case "Version":
			v := Node{d, j + 1}
			if v.Kind() != String || (v.Text() != "2012-10-17" && v.Text() != "2008-10-17") {
				return nil, fmt.Errorf(`Version must be "2012-10-17" or "2008-10-17"`)
			}
			p.Version = v.Text()
		case "Id":
		case "Statement":
			stmts, hasStmts = Node{d, j + 1}, true
		default:
			return nil, fmt.Errorf("unknown policy element %q", k)
		}
	}
	if kind == RCP && p.Version != "2012-10-17" {
		return nil, fmt.Errorf(`Version must be "2012-10-17" in a resource control policy`)
	}
	sk := stmts.Kind()
	if !hasStmts || (sk != Array && sk != Object) {
		return nil, fmt.Errorf("Statement must be an object or a list of objects")
	}
	n := 1 // an object is a list of one
	if sk == Array {
		n = stmts.Len()
	}
	p.Statements = c.a.statements.take(n)
	vars := p.Version == "2012-10-17" // policy variables need the 2012-10-17 language
	for i := range n {
		m := stmts
		if sk == Array {
			m = stmts.Index(i)
		}
		if m.Kind() != Object {
			return nil, fmt.Errorf("statement %d must be an object", i)
		}
		if err := c.statement(&p.Statements[i], m, i, kind, vars); err != nil {
			return nil, fmt.Errorf("statement %d: %w", i, err)
		}
	}
	return p, nil
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

func (c *compiler) statement(st *Statement, m Node, index int, kind Kind, vars bool) error {
	st.Index = index
	var has int
	var sidV, effV, prinV, actV, resV, condV Node
	d, first, end := m.members()
	for j := first; j < end; j += 2 {
		v := Node{d, j + 1}
		switch k := d.str(j); k {
		case "Effect":
			has, effV = has|eEffect, v
		case "Action":
			has, actV = has|eAction, v
		case "Resource":
			has, resV = has|eResource, v
		case "Condition":
			has, condV = has|eCondition, v
		case "Principal":
			has, prinV = has|ePrincipal, v
		case "Sid":
			has, sidV = has|eSid, v
		case "NotAction":
			has, actV = has|eNotAction, v
		case "NotResource":
			has, resV = has|eNotResource, v
		case "NotPrincipal":
			has, prinV = has|eNotPrincipal, v
		default:
			return fmt.Errorf("unknown element %q", k)
		}
	}
	if has&eSid != 0 {
		if sidV.Kind() != String {
			return fmt.Errorf("Sid must be a string")
		}
		st.Sid = sidV.Text()
	}
	switch {
	case effV.Kind() == String && effV.Text() == "Allow":
		st.Effect = Allow
	case effV.Kind() == String && effV.Text() == "Deny":
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
		if has&ePrincipal == 0 || prinV.Kind() != String || prinV.Text() != "*" {
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
