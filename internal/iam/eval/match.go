package eval

import (
	"strings"
	"unicode/utf8"
)

// tokKind is one piece of a compiled pattern.
type tokKind uint8

const (
	tLit  tokKind = iota // literal text
	tStar                // * : any run of characters, possibly empty
	tOne                 // ? : exactly one character
	tVar                 // ${key} or ${key, 'default'}: the request's single value
)

type token struct {
	kind   tokKind
	lit    string // tLit: the text; tVar: the default value
	key    key    // tVar: the context key
	hasDef bool
}

// pattern is a compiled string with wildcards and policy variables.
type pattern struct {
	// toks is nil when the pattern is one literal, lit, or (prefix) lit
	// followed by a lone trailing *, the usual shape of a wildcard in IAM
	// (s3:Get*, bucket/*): matching it is a comparison.
	toks   []token
	lit    string
	prefix bool
}

// hasPrefixFold reports whether s starts with prefix, ignoring case if fold.
func hasPrefixFold(s, prefix string, fold bool) bool {
	if len(s) < len(prefix) {
		return false
	}
	if fold {
		return strings.EqualFold(s[:len(prefix)], prefix)
	}
	return s[:len(prefix)] == prefix
}

// match reports whether s matches p, resolving variables from ctx. ok is
// false when a variable has no single value in ctx and no default: such a
// pattern matches nothing (AWS: "the policy variable … is not resolved").
func (p *pattern) match(s string, ctx *Context, fold bool) (matched, ok bool) {
	if p.toks == nil {
		if p.prefix {
			return hasPrefixFold(s, p.lit, fold), true
		}
		if fold {
			return strings.EqualFold(s, p.lit), true
		}
		return s == p.lit, true
	}
	toks := p.toks
	ti, si := 0, 0
	starTi, starSi := -1, 0
	for si < len(s) || ti < len(toks) {
		if ti < len(toks) {
			t := &toks[ti]
			switch t.kind {
			case tStar:
				if ti == len(toks)-1 {
					return true, true // a trailing * takes whatever is left
				}
				starTi, starSi = ti, si
				ti++
				continue
			case tOne:
				if si < len(s) {
					_, w := utf8.DecodeRuneInString(s[si:])
					si += w
					ti++
					continue
				}
			case tLit:
				if hasPrefixFold(s[si:], t.lit, fold) {
					si += len(t.lit)
					ti++
					continue
				}
			case tVar:
				v, vok := ctx.variable(t)
				if !vok {
					return false, false
				}
				if hasPrefixFold(s[si:], v, fold) {
					si += len(v)
					ti++
					continue
				}
			}
		}
		if starTi >= 0 && starSi < len(s) {
			_, w := utf8.DecodeRuneInString(s[starSi:])
			starSi += w
			si = starSi
			ti = starTi + 1
			continue
		}
		// A variable later in the pattern may still be unresolvable; the
		// whole pattern is then unresolvable, whatever the text.
		for _, t := range toks[ti:] {
			if t.kind == tVar {
				if _, vok := ctx.variable(&t); !vok {
					return false, false
				}
			}
		}
		return false, true
	}
	return true, true
}

// arnParts splits an ARN into its five fixed segments and the resource
// part (which may itself hold colons). ok is false with fewer than six parts.
func arnParts(s string) (parts [6]string, ok bool) {
	n, start := 0, 0
	for i := 0; i < len(s) && n < 5; i++ {
		if s[i] == ':' {
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < 5 {
		return parts, false
	}
	parts[5] = s[start:]
	return parts, parts[0] == "arn"
}

// arnPattern is a compiled ARN. Most ARNs of a policy hold no wildcard
// and no variable: those keep their text and are split while matching; the
// others keep their six compiled segments.
type arnPattern struct {
	all   bool // "*"
	valid bool // has six parts, the first "arn"
	raw   string
	segs  *[6]pattern // nil for a plain ARN
}

// matchResource matches a resource ARN the way the Resource element does:
// partition, service, region and account ignore case, the resource part
// does not.
func (a *arnPattern) matchResource(parts *[6]string, ctx *Context) (matched, ok bool) {
	if a.all {
		return true, true
	}
	if !a.valid {
		return false, true
	}
	if a.segs == nil {
		return plainARN(a.raw, parts, true), true
	}
	for i := 0; i < 6; i++ {
		m, vok := a.segs[i].match(parts[i], ctx, i < 5)
		if !vok {
			return false, false
		}
		if !m {
			return false, true
		}
	}
	return true, true
}

// plainARN compares a valid ARN without wildcards or variables with the
// parts of another, the first five segments ignoring case if fold.
func plainARN(raw string, parts *[6]string, fold bool) bool {
	n, start := 0, 0
	for i := 0; i < len(raw) && n < 5; i++ {
		if raw[i] == ':' {
			if seg := raw[start:i]; !(seg == parts[n] || fold && strings.EqualFold(seg, parts[n])) {
				return false
			}
			n++
			start = i + 1
		}
	}
	return n == 5 && raw[start:] == parts[5]
}

// matchCondition matches an ARN the way ArnLike and ArnEquals do: every
// segment case-sensitive; a value that is not an ARN matches nothing.
func (a *arnPattern) matchCondition(value string, ctx *Context) (matched, ok bool) {
	if !a.valid {
		return false, false
	}
	parts, pok := arnParts(value)
	if !pok {
		return false, false
	}
	if a.segs == nil {
		if _, ok := arnParts(a.raw); !ok {
			return false, false
		}
		return plainARN(a.raw, &parts, false), true
	}
	for i := 0; i < 6; i++ {
		m, vok := a.segs[i].match(parts[i], ctx, false)
		if !vok {
			return false, false
		}
		if !m {
			return false, true
		}
	}
	return true, true
}
