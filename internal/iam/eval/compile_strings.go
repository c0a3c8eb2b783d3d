package eval

import "strings"

// Compiling the strings of a policy: actions (cutColon), ARNs (arn) and
// patterns with wildcards and variables (pattern, tokenize). Each is one
// scan of its string, by byte table or eight bytes at a time; most strings
// hold no wildcard or variable and keep their text.

// cutColon splits an action at its one colon; ok is false unless there is
// exactly one. upper reports a service prefix that is not all lower-case
// ASCII (it needs strings.ToLower).
func cutColon(a string) (svc, name string, upper, ok bool) {
	at := -1
scan:
	for i := 0; i < len(a); i++ {
		switch actionClass[a[i]] {
		case aUpper:
			upper = true
		case aColon:
			at = i
			break scan
		}
	}
	if at < 0 {
		return "", "", false, false
	}
	// The name is longer; a second colon is rare: look eight bytes at a time.
	name = a[at+1:]
	i := 0
	for ; i+8 <= len(name); i += 8 {
		if hasByte(load64(name, i), ':') != 0 {
			break
		}
	}
	for ; i < len(name); i++ {
		if name[i] == ':' {
			return "", "", false, false
		}
	}
	return a[:at], name, upper, true
}

// actionClass marks, for cutColon, the colon and the bytes that are not
// lower-case ASCII letters, digits or punctuation.
var actionClass = func() (t [256]uint8) {
	t[':'] = aColon
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = aUpper
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = aUpper
	}
	return t
}()

const (
	aColon = 1 + iota
	aUpper
)

// arn compiles an ARN pattern; with star, a lone "*" is every resource.
// A byte loop finds the five separating colons (a variable's colons, as in
// ${aws:PrincipalAccount}, separate nothing) and notes the segments that
// hold a wildcard or a variable; the resource part, the long one, is
// scanned eight bytes at a time. Only segments with a wildcard or variable
// are compiled further; an ARN without any keeps its text alone.
func (c *compiler) arn(a *arnPattern, s string, vars, star bool) {
	a.raw, a.segs = s, nil
	if star && s == "*" {
		a.all, a.valid = true, true
		return
	}
	a.all = false
	var cut [5]int // positions of the five separating colons
	var mask uint8 // bit i: segment i holds a wildcard or variable
	n, inVar, i := 0, false, 0
	for ; i < len(s) && n < 5; i++ {
		switch charClass[s[i]] {
		case 0:
		case cColon:
			if !inVar {
				cut[n] = i
				n++
			}
		case cWild:
			mask |= 1 << n
		case cDollar:
			if vars && i+1 < len(s) && s[i+1] == '{' {
				mask |= 1 << n
				inVar = true
			}
		case cClose:
			inVar = false
		}
	}
	a.valid = n == 5 && cut[0] == 3 && s[:3] == "arn"
	if !a.valid {
		return
	}
	if special(s[i:], true, vars) {
		mask |= 1 << 5
	}
	if mask == 0 {
		return // plainARN splits it while matching
	}
	segs := &c.a.segs.take(1)[0]
	start := 0
	for i := range 6 {
		end := len(s)
		if i < 5 {
			end = cut[i]
		}
		if mask&(1<<i) != 0 {
			c.wild(&segs[i], s[start:end], true, vars)
		} else {
			segs[i] = pattern{lit: s[start:end]}
		}
		start = end + 1
	}
	a.segs = segs
}

// charClass marks the characters compiling looks for, so that scanning a
// string is one table lookup per byte.
var charClass = func() (t [256]uint8) {
	t[':'], t['*'], t['?'], t['$'], t['}'] = cColon, cWild, cWild, cDollar, cClose
	return t
}()

const (
	cColon = 1 + iota
	cWild
	cDollar
	cClose
)

// pattern compiles s. wildcards makes * and ? wildcards (otherwise they
// are literal); vars makes ${…} policy variables (2012-10-17 policies).
// Literal runs are substrings of s unless an escape (${*}, ${?}, ${$})
// interrupts them.
func (c *compiler) pattern(p *pattern, s string, wildcards, vars bool) {
	p.toks, p.lit, p.prefix = nil, "", false
	if !special(s, wildcards, vars) {
		p.lit = s
		return
	}
	c.wild(p, s, wildcards, vars)
}

// wild compiles a pattern known to hold a wildcard or a variable: a
// literal with one trailing * becomes a prefix, anything else tokens.
func (c *compiler) wild(p *pattern, s string, wildcards, vars bool) {
	if n := len(s); wildcards && n > 0 && s[n-1] == '*' && !special(s[:n-1], wildcards, vars) {
		p.lit, p.prefix = s[:n-1], true
		return
	}
	c.tokenize(p, s, wildcards, vars)
}

// tokenize compiles a pattern that holds a wildcard or a variable.
func (c *compiler) tokenize(p *pattern, s string, wildcards, vars bool) {
	toks := &c.a.tokens
	start := toks.mark()
	ls := 0          // start of the pending literal in s
	var built []byte // the pending literal so far, once an escape interrupted it
	escaped := false
	flush := func(end int) {
		lit := s[ls:end]
		if escaped {
			lit = string(append(built, lit...))
			built, escaped = built[:0], false
		}
		if lit != "" {
			toks.push(&start, token{kind: tLit, lit: lit})
		}
	}
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case wildcards && ch == '*':
			flush(i)
			if n := len(toks.buf); n == start || toks.buf[n-1].kind != tStar {
				toks.push(&start, token{kind: tStar})
			}
			i++
			ls = i
		case wildcards && ch == '?':
			flush(i)
			toks.push(&start, token{kind: tOne})
			i++
			ls = i
		case vars && ch == '$' && i+1 < len(s) && s[i+1] == '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				i++
				continue
			}
			inner := s[i+2 : i+2+end]
			switch inner {
			case "*", "?", "$": // escapes: the character itself, never a wildcard
				built = append(append(built, s[ls:i]...), inner...)
				escaped = true
				i += end + 3
				ls = i
				continue
			}
			flush(i)
			t := token{kind: tVar}
			name, def, hasDef := strings.Cut(inner, ",")
			if hasDef {
				def = strings.TrimSpace(def)
				if len(def) >= 2 && def[0] == '\'' && def[len(def)-1] == '\'' {
					t.lit, t.hasDef = def[1:len(def)-1], true
				}
			}
			t.key = newKey(strings.TrimSpace(name))
			toks.push(&start, t)
			i += end + 3
			ls = i
		default:
			i++
		}
	}
	flush(len(s))
	run := toks.run(start)
	switch {
	case len(run) == 0:
		toks.buf = toks.buf[:start]
	case len(run) == 1 && run[0].kind == tLit:
		p.lit = run[0].lit
		toks.buf = toks.buf[:start]
	default:
		p.toks = run
	}
}

// special reports whether s holds a wildcard or a policy variable (or an
// escape) that compiling must read. It looks at eight bytes at a time for
// the characters that start one; most strings of a policy hold none.
func special(s string, wildcards, vars bool) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		var hit uint64
		if wildcards {
			hit |= hasByte(x, '*') | hasByte(x, '?')
		}
		if vars {
			hit |= hasByte(x, '$')
		}
		if hit != 0 {
			break // look closer, byte by byte
		}
	}
	for ; i < len(s); i++ {
		switch charClass[s[i]] {
		case cWild:
			if wildcards {
				return true
			}
		case cDollar:
			if vars && i+1 < len(s) && s[i+1] == '{' {
				return true
			}
		}
	}
	return false
}

// load64 reads s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// hasByte is non-zero when a byte of x is b (it may also flag a byte after
// a true match; callers only use it to decide to look closer).
func hasByte(x uint64, b byte) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	y := x ^ (lo * uint64(b))
	return (y - lo) &^ y & hi
}
