package eval

import (
	"fmt"
	"strings"
)

// The elements of a statement: Action, Resource, Principal and Condition,
// compiled into the compiler's arena. compile.go reads the statement.

// stringsOf is where the entries of IAM's "string or list of strings" are on
// the tape: [first, end). ok is false when v is neither; the entries' kinds
// are the caller's to check (stringAt).
func stringsOf(v Node) (d *Doc, first, end uint32, ok bool) {
	switch v.Kind() {
	case String:
		return v.doc, v.i, v.i + 1, true
	case Array:
		t := &v.doc.nodes[v.i]
		return v.doc, t.a, t.a + t.b, true
	}
	return nil, 0, 0, false
}

// stringAt is entry j's text, if it is a string.
func (d *Doc) stringAt(j uint32) (string, bool) {
	t := &d.nodes[j]
	return d.text[t.a : t.a+t.b], t.kind == String
}

func (c *compiler) actions(st *Statement, v Node, elem string, kind Kind) error {
	d, first, end, ok := stringsOf(v)
	if !ok {
		return fmt.Errorf("%s must be a string or a list of strings", elem)
	}
	st.actions = c.a.actions.take(int(end - first))
	for j := first; j < end; j++ {
		i := j - first
		a, ok := d.stringAt(j)
		if !ok {
			return fmt.Errorf("%s must be a string or a list of strings", elem)
		}
		if a == "*" {
			if kind == RCP {
				return fmt.Errorf(`Action cannot be "*" in a resource control policy`)
			}
			st.actions[i].all = true
			continue
		}
		svc, name, upper, ok := cutColon(a)
		if !ok || svc == "" {
			return fmt.Errorf("%s %q: an action is * or service:action", elem, a)
		}
		if upper {
			svc = strings.ToLower(svc)
		}
		st.actions[i].service = svc
		c.pattern(&st.actions[i].name, name, true, false)
	}
	return nil
}

func (c *compiler) resources(st *Statement, v Node, elem string, vars bool) error {
	d, first, end, ok := stringsOf(v)
	if !ok {
		return fmt.Errorf("%s must be a string or a list of strings", elem)
	}
	st.resources = c.a.arns.take(int(end - first))
	for j := first; j < end; j++ {
		r, ok := d.stringAt(j)
		if !ok {
			return fmt.Errorf("%s must be a string or a list of strings", elem)
		}
		c.arn(&st.resources[j-first], r, vars, true)
	}
	return nil
}

func (c *compiler) principals(st *Statement, v Node, elem string) error {
	if v.Kind() == String {
		if v.Text() != "*" {
			return fmt.Errorf(`%s must be "*" or an object`, elem)
		}
		st.principals = c.a.principals.take(1)
		st.principals[0].typ = ptWildcard
		st.wildcardPrin = true
		return nil
	}
	if v.Kind() != Object {
		return fmt.Errorf(`%s must be "*" or an object`, elem)
	}
	total := 0
	for i := range v.Len() {
		_, first, end, ok := stringsOf(v.Value(i))
		if !ok {
			return fmt.Errorf("%s must be a string or a list of strings", elem+" "+v.Key(i))
		}
		total += int(end - first)
	}
	st.principals = c.a.principals.take(total)
	next := 0
	for i := range v.Len() {
		t := v.Key(i)
		var typ principalType
		switch t {
		case "AWS":
		case "Service":
			typ = ptService
		case "Federated":
			typ = ptFederated
		case "CanonicalUser":
			typ = ptCanonical
		default:
			return fmt.Errorf("%s: unknown principal type %q", elem, t)
		}
		d, first, end, _ := stringsOf(v.Value(i))
		for j := first; j < end; j++ {
			val, ok := d.stringAt(j)
			if !ok {
				return fmt.Errorf("%s must be a string or a list of strings", elem+" "+t)
			}
			p := &st.principals[next]
			next++
			p.typ, p.value = typ, val
			if t == "AWS" {
				st.classifyAWS(p)
			}
		}
	}
	return nil
}

// classifyAWS types an AWS principal: anyone, an account, or an ARN.
func (st *Statement) classifyAWS(p *principalPattern) {
	val := p.value
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
}

// accountRoot returns the account of "arn:PARTITION:iam::ACCOUNT:root".
func accountRoot(arn string) string {
	parts, ok := arnParts(arn)
	if !ok || parts[2] != "iam" || parts[3] != "" || parts[5] != "root" || !isDigits12(parts[4]) {
		return ""
	}
	return parts[4]
}

func (c *compiler) conditions(st *Statement, v Node, vars bool) error {
	if v.Kind() != Object {
		return fmt.Errorf("Condition must be an object")
	}
	total := 0
	for i := range v.Len() {
		keys := v.Value(i)
		if keys.Kind() != Object {
			return fmt.Errorf("Condition %s must be an object of keys", v.Key(i))
		}
		total += keys.Len()
	}
	st.conditions = c.a.conditions.take(total)
	next := 0
	for i := range v.Len() {
		op, keys := v.Key(i), v.Value(i)
		for j := range keys.Len() {
			if err := c.condition(&st.conditions[next], op, keys.Key(j), keys.Value(j), vars); err != nil {
				return err
			}
			next++
		}
	}
	return nil
}

func (c *compiler) condition(cd *condition, op, key string, v Node, vars bool) error {
	// The values: one scalar, or a list of them, entries [first, end).
	d, first, end := v.doc, v.i, v.i+1
	if v.Kind() == Array {
		t := &d.nodes[v.i]
		first, end = t.a, t.a+t.b
	}
	for j := first; j < end; j++ {
		switch d.nodes[j].kind {
		case String, Bool, Number:
		default:
			return fmt.Errorf("Condition %s %s: values must be strings, numbers or booleans", op, key)
		}
	}
	spec, set, ifExists, err := parseOperator(op)
	if err != nil {
		return err
	}
	cd.op, cd.set, cd.ifExists, cd.key = spec, set, ifExists, newKey(key)
	cd.values = c.a.values.take(int(end - first))
	for j := first; j < end; j++ {
		c.conditionValue(&cd.values[j-first], spec.family, d.str(j), vars)
	}
	return nil
}
