package eval

import (
	"cmp"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// opFamily is a condition operator without its IfExists suffix and set
// qualifier, and without negation.
type opFamily uint8

const (
	opStringEquals opFamily = iota
	opStringEqualsIgnoreCase
	opStringLike
	opNumericEquals
	opNumericLessThan
	opNumericLessThanEquals
	opNumericGreaterThan
	opNumericGreaterThanEquals
	opDateEquals
	opDateLessThan
	opDateLessThanEquals
	opDateGreaterThan
	opDateGreaterThanEquals
	opBool
	opBinaryEquals
	opIPAddress
	opArnLike
	opNull
)

type opSpec struct {
	family  opFamily
	negated bool
}

// operators maps every documented operator (lower case) to its family.
var operators = map[string]opSpec{
	"stringequals":              {opStringEquals, false},
	"stringnotequals":           {opStringEquals, true},
	"stringequalsignorecase":    {opStringEqualsIgnoreCase, false},
	"stringnotequalsignorecase": {opStringEqualsIgnoreCase, true},
	"stringlike":                {opStringLike, false},
	"stringnotlike":             {opStringLike, true},
	"numericequals":             {opNumericEquals, false},
	"numericnotequals":          {opNumericEquals, true},
	"numericlessthan":           {opNumericLessThan, false},
	"numericlessthanequals":     {opNumericLessThanEquals, false},
	"numericgreaterthan":        {opNumericGreaterThan, false},
	"numericgreaterthanequals":  {opNumericGreaterThanEquals, false},
	"dateequals":                {opDateEquals, false},
	"datenotequals":             {opDateEquals, true},
	"datelessthan":              {opDateLessThan, false},
	"datelessthanequals":        {opDateLessThanEquals, false},
	"dategreaterthan":           {opDateGreaterThan, false},
	"dategreaterthanequals":     {opDateGreaterThanEquals, false},
	"bool":                      {opBool, false},
	"binaryequals":              {opBinaryEquals, false},
	"ipaddress":                 {opIPAddress, false},
	"notipaddress":              {opIPAddress, true},
	"arnequals":                 {opArnLike, false},
	"arnlike":                   {opArnLike, false},
	"arnnotequals":              {opArnLike, true},
	"arnnotlike":                {opArnLike, true},
	"null":                      {opNull, false},
}

type setOp uint8

const (
	setNone setOp = iota
	setAnyValue
	setAllValues
)

// condition is one (operator, key) pair of a Condition block, compiled.
type condition struct {
	op       opSpec
	ifExists bool
	set      setOp
	key      key // as the policy spells it; keys ignore case
	values   []condValue
}

// condValue is one policy value, pre-parsed for its operator family.
type condValue struct {
	raw    string
	ok     bool // parsed as its family requires
	pat    pattern
	arn    *arnPattern
	num    float64
	date   int64 // Unix nanoseconds
	prefix netip.Prefix
	truth  bool
}

// parsedOp is an operator read from its name.
type parsedOp struct {
	spec     opSpec
	set      setOp
	ifExists bool
}

// canonicalOps holds every valid operator name as AWS documents its
// spelling, with its qualifier and IfExists variants, so that the usual
// spelling is read with one lookup; other spellings take parseOperator's
// slower, case-insensitive path. Built on first use, not at start-up.
var canonicalOps = sync.OnceValue(func() map[string]parsedOp {
	names := []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
		"StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
		"NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan",
		"DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress",
		"NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null"}
	m := map[string]parsedOp{}
	for _, n := range names {
		for _, q := range []string{"", "ForAnyValue:", "ForAllValues:"} {
			for _, ie := range []string{"", "IfExists"} {
				name := q + n + ie
				if spec, set, ifExists, err := parseOperatorSlow(name); err == nil {
					m[name] = parsedOp{spec, set, ifExists}
				}
			}
		}
	}
	return m
})

// parseOperator splits "ForAnyValue:StringLikeIfExists" into its parts.
func parseOperator(name string) (opSpec, setOp, bool, error) {
	if p, ok := canonicalOps()[name]; ok {
		return p.spec, p.set, p.ifExists, nil
	}
	return parseOperatorSlow(name)
}

func parseOperatorSlow(name string) (opSpec, setOp, bool, error) {
	set := setNone
	base := name
	if q, rest, ok := strings.Cut(name, ":"); ok {
		switch strings.ToLower(q) {
		case "foranyvalue":
			set = setAnyValue
		case "forallvalues":
			set = setAllValues
		default:
			return opSpec{}, 0, false, fmt.Errorf("condition operator %q: the set qualifier must be ForAnyValue or ForAllValues", name)
		}
		base = rest
	}
	lower := strings.ToLower(base)
	ifExists := false
	if strings.HasSuffix(lower, "ifexists") {
		ifExists = true
		lower = strings.TrimSuffix(lower, "ifexists")
	}
	spec, ok := operators[lower]
	if !ok {
		return opSpec{}, 0, false, fmt.Errorf("unknown condition operator %q", name)
	}
	if spec.family == opNull && (ifExists || set != setNone) {
		return opSpec{}, 0, false, fmt.Errorf("condition operator %q: Null takes neither IfExists nor a set qualifier", name)
	}
	return spec, set, ifExists, nil
}

func (c *compiler) conditionValue(v *condValue, family opFamily, raw string, vars bool) {
	v.raw, v.ok = raw, true
	switch family {
	case opStringEquals, opStringEqualsIgnoreCase:
		c.pattern(&v.pat, raw, false, vars)
	case opStringLike:
		c.pattern(&v.pat, raw, true, vars)
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		v.num, v.ok = parseNumber(raw)
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		v.date, v.ok = parseDate(raw)
	case opBool, opNull:
		switch {
		case strings.EqualFold(raw, "true"):
			v.truth = true
		case strings.EqualFold(raw, "false"):
		default:
			v.ok = false
		}
	case opIPAddress:
		v.prefix, v.ok = parseCIDR(raw)
	case opArnLike:
		v.arn = &c.a.arns.take(1)[0]
		c.arn(v.arn, raw, vars, false)
	}
}

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// dateLayouts are the ISO 8601 forms AWS accepts for Date operators.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// parseDate reads an ISO 8601 date or an epoch time in seconds (AWS:
// "Date condition operators … support … epoch (UNIX) time").
func parseDate(s string) (int64, bool) {
	if allDigits(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n * int64(time.Second), true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UnixNano(), true
		}
	}
	return 0, false
}

// parseCIDR reads a CIDR block or a single address (as /32 or /128).
func parseCIDR(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// eval decides the condition against the request context.
func (c *condition) eval(ctx *Context) bool {
	v, exists := ctx.lookup(c.key)
	if c.op.family == opNull {
		for i := range c.values {
			if c.values[i].ok && c.values[i].truth == !exists {
				return true
			}
		}
		return false
	}
	switch c.set {
	case setAnyValue:
		if !exists {
			return c.ifExists
		}
		for _, s := range v.Values {
			if c.matchValue(s, ctx) {
				return true
			}
		}
		return false
	case setAllValues:
		if !exists {
			return true
		}
		for _, s := range v.Values {
			if !c.matchValue(s, ctx) {
				return false
			}
		}
		return true
	}
	if !exists {
		// Missing key: IfExists ignores the condition; a negated operator
		// matches (the value is not among the policy's).
		return c.ifExists || c.op.negated
	}
	if v.Multi || len(v.Values) != 1 {
		return false // a single-valued operator never matches a multivalued key
	}
	return c.matchValue(v.Values[0], ctx)
}

// matchValue applies the operator to one request value: any policy value
// matches for a positive operator, none may match for a negated one.
func (c *condition) matchValue(s string, ctx *Context) bool {
	if c.op.negated {
		for i := range c.values {
			m, ok := c.positive(&c.values[i], s, ctx)
			if !ok || m {
				return false
			}
		}
		return true
	}
	for i := range c.values {
		if m, ok := c.positive(&c.values[i], s, ctx); ok && m {
			return true
		}
	}
	return false
}

// positive is the un-negated comparison of one policy value with one
// request value. ok is false when either side cannot be read as the
// operator requires (then neither the operator nor its negation matches).
func (c *condition) positive(v *condValue, s string, ctx *Context) (matched, ok bool) {
	if !v.ok {
		return false, false
	}
	switch f := c.op.family; f {
	case opStringEquals, opStringLike:
		return v.pat.match(s, ctx, false)
	case opStringEqualsIgnoreCase:
		return v.pat.match(s, ctx, true)
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		n, nok := parseNumber(s)
		if !nok {
			return false, false
		}
		return compare(f-opNumericEquals, n, v.num), true
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		d, dok := parseDate(s)
		if !dok {
			return false, false
		}
		return compare(f-opDateEquals, d, v.date), true
	case opBool:
		switch {
		case strings.EqualFold(s, "true"):
			return v.truth, true
		case strings.EqualFold(s, "false"):
			return !v.truth, true
		}
		return false, false
	case opBinaryEquals:
		return s == v.raw, true
	case opIPAddress:
		a, err := netip.ParseAddr(s)
		if err != nil {
			return false, false
		}
		if a.Is4() != v.prefix.Addr().Is4() {
			return false, true // an IPv4 address is never in an IPv6 block, and back
		}
		return v.prefix.Contains(a), true
	case opArnLike:
		return v.arn.matchCondition(s, ctx)
	}
	return false, false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compare applies the relation of a Numeric or Date family, given as its
// offset from the family's Equals: Equals, LessThan, LessThanEquals,
// GreaterThan, GreaterThanEquals (the order of the op constants).
func compare[T cmp.Ordered](rel opFamily, a, b T) bool {
	switch rel {
	case 0:
		return a == b
	case 1:
		return a < b
	case 2:
		return a <= b
	case 3:
		return a > b
	default:
		return a >= b
	}
}
