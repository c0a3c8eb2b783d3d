package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

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
	p, err := compileValue(v, kind, name)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	return p, nil
}

// CompileValue compiles a policy already decoded from JSON (objects as
// map[string]any).
func CompileValue(v any, kind Kind, name string) (*Policy, error) {
	p, err := compileValue(v, kind, name)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", name, err)
	}
	return p, nil
}

func compileValue(v any, kind Kind, name string) (*Policy, error) {
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a policy must be a JSON object")
	}
	p := &Policy{Name: name, Kind: kind}
	for k := range doc {
		switch k {
		case "Version", "Id", "Statement":
		default:
			return nil, fmt.Errorf("unknown policy element %q", k)
		}
	}
	if ver, ok := doc["Version"]; ok {
		s, ok := ver.(string)
		if !ok || (s != "2012-10-17" && s != "2008-10-17") {
			return nil, fmt.Errorf(`Version must be "2012-10-17" or "2008-10-17"`)
		}
		p.Version = s
	}
	if kind == RCP && p.Version != "2012-10-17" {
		return nil, fmt.Errorf(`Version must be "2012-10-17" in a resource control policy`)
	}
	var stmts []any
	switch s := doc["Statement"].(type) {
	case []any:
		stmts = s
	case map[string]any:
		stmts = []any{s}
	default:
		return nil, fmt.Errorf("Statement must be an object or a list of objects")
	}
	vars := p.Version == "2012-10-17" // policy variables need the 2012-10-17 language
	for i, sv := range stmts {
		m, ok := sv.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("statement %d must be an object", i)
		}
		st, err := compileStatement(m, i, kind, vars)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i, err)
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

// strings reads IAM's "string or list of strings".
func stringList(v any, elem string) ([]string, error) {
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s must be a string or a list of strings", elem)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s must be a string or a list of strings", elem)
}

// scalarList reads condition values, where JSON booleans and numbers are
// allowed and stand for their text.
func scalarList(v any, elem string) ([]string, error) {
	one := func(e any) (string, bool) {
		switch x := e.(type) {
		case string:
			return x, true
		case bool:
			if x {
				return "true", true
			}
			return "false", true
		case json.Number:
			return x.String(), true
		case float64:
			return fmt.Sprint(x), true
		}
		return "", false
	}
	if list, ok := v.([]any); ok {
		out := make([]string, 0, len(list))
		for _, e := range list {
			s, ok := one(e)
			if !ok {
				return nil, fmt.Errorf("%s: values must be strings, numbers or booleans", elem)
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, ok := one(v)
	if !ok {
		return nil, fmt.Errorf("%s: values must be strings, numbers or booleans", elem)
	}
	return []string{s}, nil
}

func compileStatement(m map[string]any, index int, kind Kind, vars bool) (Statement, error) {
	st := Statement{Index: index}
	has := func(k string) bool { _, ok := m[k]; return ok }
	for k := range m {
		switch k {
		case "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition":
		default:
			return st, fmt.Errorf("unknown element %q", k)
		}
	}
	if sid, ok := m["Sid"]; ok {
		s, ok := sid.(string)
		if !ok {
			return st, fmt.Errorf("Sid must be a string")
		}
		st.Sid = s
	}
	switch m["Effect"] {
	case "Allow":
		st.Effect = Allow
	case "Deny":
		st.Effect = Deny
	default:
		return st, fmt.Errorf(`Effect must be "Allow" or "Deny"`)
	}

	// Which elements each kind takes (IAM's and Organizations' grammar).
	switch {
	case has("Action") && has("NotAction"):
		return st, fmt.Errorf("a statement has Action or NotAction, not both")
	case !has("Action") && !has("NotAction"):
		return st, fmt.Errorf("a statement needs Action or NotAction")
	case has("Resource") && has("NotResource"):
		return st, fmt.Errorf("a statement has Resource or NotResource, not both")
	case has("Principal") && has("NotPrincipal"):
		return st, fmt.Errorf("a statement has Principal or NotPrincipal, not both")
	}
	hasRes := has("Resource") || has("NotResource")
	hasPrin := has("Principal") || has("NotPrincipal")
	switch kind {
	case Identity, Session, Boundary, SCP:
		if hasPrin {
			return st, fmt.Errorf("a %s policy takes no Principal or NotPrincipal", kind)
		}
		if !hasRes {
			return st, fmt.Errorf("a statement needs Resource or NotResource")
		}
	case RCP:
		if st.Effect != Deny {
			return st, fmt.Errorf(`Effect must be "Deny" in a resource control policy`)
		}
		if p, ok := m["Principal"].(string); !ok || p != "*" {
			return st, fmt.Errorf(`Principal must be "*" in a resource control policy`)
		}
		if has("NotAction") || has("NotPrincipal") {
			return st, fmt.Errorf("a resource control policy takes no NotAction or NotPrincipal")
		}
		if !hasRes {
			return st, fmt.Errorf("a statement needs Resource or NotResource")
		}
	case Resource:
		if !hasPrin {
			return st, fmt.Errorf("a resource-based policy statement needs Principal or NotPrincipal")
		}
	}

	actKey := "Action"
	if has("NotAction") {
		actKey, st.notAction = "NotAction", true
	}
	acts, err := stringList(m[actKey], actKey)
	if err != nil {
		return st, err
	}
	for _, a := range acts {
		if a == "*" {
			if kind == RCP {
				return st, fmt.Errorf(`Action cannot be "*" in a resource control policy`)
			}
			st.actions = append(st.actions, actionPattern{all: true})
			continue
		}
		svc, name, ok := strings.Cut(a, ":")
		if !ok || strings.Contains(name, ":") || svc == "" {
			return st, fmt.Errorf("%s %q: an action is * or service:action", actKey, a)
		}
		st.actions = append(st.actions, actionPattern{service: strings.ToLower(svc), name: compilePattern(name, true, false)})
	}

	if hasRes {
		st.hasResource = true
		resKey := "Resource"
		if has("NotResource") {
			resKey, st.notResource = "NotResource", true
		}
		res, err := stringList(m[resKey], resKey)
		if err != nil {
			return st, err
		}
		for _, r := range res {
			st.resources = append(st.resources, compileARN(r, vars, true))
		}
	}

	if hasPrin {
		st.hasPrincipal = true
		prinKey := "Principal"
		if has("NotPrincipal") {
			prinKey, st.notPrincipal = "NotPrincipal", true
		}
		if err := st.compilePrincipals(m[prinKey], prinKey); err != nil {
			return st, err
		}
	}

	if c, ok := m["Condition"]; ok {
		block, ok := c.(map[string]any)
		if !ok {
			return st, fmt.Errorf("Condition must be an object")
		}
		ops := make([]string, 0, len(block))
		for op := range block {
			ops = append(ops, op)
		}
		sort.Strings(ops) // deterministic order; evaluation is an AND anyway
		for _, op := range ops {
			keys, ok := block[op].(map[string]any)
			if !ok {
				return st, fmt.Errorf("Condition %s must be an object of keys", op)
			}
			names := make([]string, 0, len(keys))
			for k := range keys {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				vals, err := scalarList(keys[k], "Condition "+op+" "+k)
				if err != nil {
					return st, err
				}
				cond, err := compileCondition(op, k, vals, vars)
				if err != nil {
					return st, err
				}
				st.conditions = append(st.conditions, cond)
			}
		}
	}
	return st, nil
}

func (st *Statement) compilePrincipals(v any, elem string) error {
	if s, ok := v.(string); ok {
		if s != "*" {
			return fmt.Errorf(`%s must be "*" or an object`, elem)
		}
		st.principals = []principalPattern{{typ: ptWildcard}}
		st.wildcardPrin = true
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf(`%s must be "*" or an object`, elem)
	}
	types := make([]string, 0, len(m))
	for t := range m {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		vals, err := stringList(m[t], elem+" "+t)
		if err != nil {
			return err
		}
		for _, val := range vals {
			p := principalPattern{value: val}
			switch t {
			case "AWS":
				switch {
				case val != "" && strings.Trim(val, "*") == "":
					p.typ = ptWildcard
					st.wildcardPrin = true
				case isDigits12(val):
					p.typ = ptAccount
				case strings.HasPrefix(val, "arn:") && strings.HasSuffix(val, ":root") && accountRoot(val) != "":
					p.typ, p.value = ptAccount, accountRoot(val)
				case strings.HasPrefix(val, "arn:"):
					p.typ = ptARN
				default:
					p.typ = ptNever // a unique id (AIDA…, AROA…) names no ARN we are given
				}
			case "Service":
				p.typ = ptService
			case "Federated":
				p.typ = ptFederated
			case "CanonicalUser":
				p.typ = ptCanonical
			default:
				return fmt.Errorf("%s: unknown principal type %q", elem, t)
			}
			st.principals = append(st.principals, p)
		}
	}
	return nil
}

// accountRoot returns the account of "arn:PARTITION:iam::ACCOUNT:root".
func accountRoot(arn string) string {
	parts, ok := arnParts(arn)
	if !ok || parts[2] != "iam" || parts[3] != "" || parts[5] != "root" || !isDigits12(parts[4]) {
		return ""
	}
	return parts[4]
}
