package eval

import "strings"

// ContextValue is one request context key's value: a single value, or a
// multivalued key (Multi) with zero or more values.
type ContextValue struct {
	Values []string
	Multi  bool
}

// Context is a request's context keys. Keys are case-insensitive. A
// request has a handful of keys, so they are kept in a list: looking one up
// compares a few strings, and building a context allocates once.
type Context struct {
	keys []contextKey
}

type contextKey struct {
	key
	val ContextValue
}

// key is a context key's name, and whether it is ASCII (then two names of
// different lengths are different, whatever their case).
type key struct {
	name  string
	ascii bool
}

func newKey(name string) key { return key{name, ascii(name)} }

func (k key) is(o key) bool {
	if len(k.name) != len(o.name) && k.ascii && o.ascii {
		return false
	}
	return strings.EqualFold(k.name, o.name)
}

// Set gives key a single value.
func (c *Context) Set(key, value string) {
	c.put(key, ContextValue{Values: []string{value}})
}

// SetMulti gives key a multivalued value (ForAnyValue/ForAllValues keys
// such as aws:TagKeys).
func (c *Context) SetMulti(key string, values ...string) {
	c.put(key, ContextValue{Values: values, Multi: true})
}

func (c *Context) put(name string, v ContextValue) {
	// A later value of the same key (in any case) wins: lookup reads the
	// list from its end.
	c.keys = append(c.keys, contextKey{newKey(name), v})
}

// Reset removes every key, keeping the list's room.
func (c *Context) Reset() {
	clear(c.keys)
	c.keys = c.keys[:0]
}

// Get returns the value of key (any case) and whether the request has it.
func (c *Context) Get(name string) (ContextValue, bool) {
	return c.lookup(newKey(name))
}

func (c *Context) lookup(k key) (ContextValue, bool) {
	if c == nil {
		return ContextValue{}, false
	}
	for i := len(c.keys) - 1; i >= 0; i-- {
		if c.keys[i].is(k) {
			return c.keys[i].val, true
		}
	}
	return ContextValue{}, false
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// variable resolves a ${…} token: the key's single, non-empty value, or the
// default. A missing or multivalued key without default does not resolve.
func (c *Context) variable(t *token) (string, bool) {
	if v, ok := c.lookup(t.key); ok && !v.Multi && len(v.Values) == 1 && v.Values[0] != "" {
		return v.Values[0], true
	}
	if t.hasDef {
		return t.lit, true
	}
	return "", false
}

// Request is one API call to decide: who, what, on which resource, with
// which context.
type Request struct {
	// Principal is an IAM user, role, assumed-role session or federated
	// user ARN, a service principal (lambda.amazonaws.com) or a federated
	// identity provider ARN.
	Principal string
	// Action is "service:Action"; case does not matter.
	Action string
	// Resource is the resource's ARN, or "*" for actions without
	// resource-level permissions.
	Resource string
	// ResourceAccount is the account that owns the resource; same- or
	// cross-account is Principal's account against this one.
	ResourceAccount string
	// Context holds the request's condition keys.
	Context Context

	service   string // lower case
	name      string // action name, as given
	res       [6]string
	resARN    bool
	principal principalInfo
}

type principalKind uint8

const (
	pkOther principalKind = iota
	pkService
	pkUser
	pkRole
	pkAssumedRole
	pkFederatedUser
)

type principalInfo struct {
	kind      principalKind
	account   string
	partition string
	// roleName is the role of an assumed-role session; userName the user
	// of a federated-user session.
	roleName, userName string
}

// prepare derives what every statement needs from the request, once.
func (r *Request) prepare() {
	svc, name, upper, ok := cutColon(r.Action)
	if !ok { // no colon, or several: the first one splits
		svc, name, _ = strings.Cut(r.Action, ":")
		upper = true
	}
	if upper {
		svc = strings.ToLower(svc)
	}
	r.service, r.name = svc, name
	if r.Resource != "*" {
		r.res, r.resARN = arnParts(r.Resource)
	}
	r.principal = classifyPrincipal(r.Principal)
}

func isDigits12(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func classifyPrincipal(p string) principalInfo {
	parts, ok := arnParts(p)
	if !ok {
		if strings.HasSuffix(p, ".amazonaws.com") || strings.HasSuffix(p, ".amazonaws.com.cn") || strings.HasSuffix(p, ".amazon.com") {
			return principalInfo{kind: pkService}
		}
		return principalInfo{}
	}
	info := principalInfo{account: parts[4], partition: parts[1]}
	if !isDigits12(parts[4]) {
		return info
	}
	switch {
	case parts[2] == "iam" && strings.HasPrefix(parts[5], "user/"):
		info.kind = pkUser
	case parts[2] == "iam" && strings.HasPrefix(parts[5], "role/"):
		info.kind = pkRole
	case parts[2] == "sts" && strings.HasPrefix(parts[5], "assumed-role/"):
		info.kind = pkAssumedRole
		rest := strings.TrimPrefix(parts[5], "assumed-role/")
		info.roleName, _, _ = strings.Cut(rest, "/")
	case parts[2] == "sts" && strings.HasPrefix(parts[5], "federated-user/"):
		info.kind = pkFederatedUser
		info.userName = strings.TrimPrefix(parts[5], "federated-user/")
	}
	return info
}
