package yamltree

import (
	"strings"
	"unicode/utf8"
)

// header reads a block scalar's header ('|', '>-', '|2 # note') and its
// line break: the lines after it are the scalar's until one is down.
func (s *depthScan) header() {
	end := s.i + 1
	for end < len(s.src) && s.src[end] != '\n' {
		end++
	}
	indent, chomp, ok := headerIndent(s.src[s.i+1 : end])
	if !ok {
		s.stopped = true
		return
	}
	if s.col == 1 {
		s.ldc = 1
	}
	s.multi, s.multiCol, s.chomp, s.text, s.blank = true, 0, chomp, false, blankStart
	if indent > 0 {
		s.multiCol = s.ldc + indent
	}
	s.state = keep
	s.token(tokOther)
	s.clear()
	s.i = end
	s.newLine()
}

// headerIndent reads a header's indentation indicator and chomping ('+'
// keep, '-' strip), as goccy's validateMultiLineHeaderOption and
// firstLineIndentColumnByOpt do; ok is false where goccy fails, or might.
func headerIndent(opt []byte) (indent int, chomp byte, ok bool) {
	for len(opt) > 0 && opt[len(opt)-1] == ' ' {
		opt = opt[:len(opt)-1]
	}
	for i, c := range opt {
		if c == '#' {
			if i > 0 {
				opt = opt[:i]
			}
			break
		}
	}
	for len(opt) > 0 && (opt[len(opt)-1] == ' ' || opt[len(opt)-1] == '\t') {
		opt = opt[:len(opt)-1]
	}
	for _, c := range [...]byte{'-', '+'} { // '+' wins: goccy then keeps a line break
		if len(opt) > 0 && (opt[0] == c || opt[len(opt)-1] == c) {
			chomp = c
		}
	}
	for _, end := range [...]struct {
		prefix bool
		c      byte
	}{{true, '-'}, {true, '+'}, {false, '-'}, {false, '+'}} {
		switch {
		case len(opt) > 0 && end.prefix && opt[0] == end.c:
			opt = opt[1:]
		case len(opt) > 0 && !end.prefix && opt[len(opt)-1] == end.c:
			opt = opt[:len(opt)-1]
		}
	}
	if len(opt) == 0 {
		return 0, chomp, true
	}
	if string(opt) == "0" {
		return 0, 0, false
	}
	neg := opt[0] == '-'
	if opt[0] == '-' || opt[0] == '+' {
		opt = opt[1:]
	}
	if len(opt) == 0 || len(opt) > 18 {
		return 0, 0, false
	}
	for _, c := range opt {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		indent = indent*10 + int(c-'0')
	}
	switch {
	case neg:
		return 0, chomp, true
	case indent > 9:
		return 0, 0, false
	}
	return indent, chomp, true
}

// singleQuoted skips a single-quoted scalar; goccy fails on one left open.
func (s *depthScan) singleQuoted() {
	lineFirst := false // goccy's isFirstLineChar
	for s.step(); s.i < len(s.src) && !s.stopped; {
		switch c := s.src[s.i]; {
		case c == '\n':
			s.quotedLineBreak()
			lineFirst = true
		case c == '\t' && lineFirst && s.ldc >= s.col:
			s.stopped = true
		case c == '\'' && s.i+1 < len(s.src) && s.src[s.i+1] == '\'':
			s.col, s.i = s.col+2, s.i+2
		case c == '\'':
			s.step()
			return
		default:
			lineFirst = lineFirst && (c == ' ' || c == '\t')
			s.step()
		}
	}
	s.stopped = true
}

func (s *depthScan) quotedLineBreak() {
	s.newLine()
	if s.i < len(s.src) && s.docMarker(s.i) {
		s.stopped = true
	}
}

// doubleQuoted skips a double-quoted scalar and its escapes. A tab that is
// followed by more text on its line makes goccy skip one more character
// after the closing quote (x: "a\tb"] parses as {x: "a\tb"}); so does this.
func (s *depthScan) doubleQuoted() {
	lineFirst, skip := false, 0
	for s.step(); s.i < len(s.src) && !s.stopped; {
		switch c := s.src[s.i]; {
		case c == '\n':
			s.quotedLineBreak()
			lineFirst = true
		case c == ' ' && lineFirst:
			s.step()
		case c == '\t' && lineFirst:
			if s.ldc >= s.col {
				s.stopped = true
			}
			s.step()
		case c == '\\':
			lineFirst = false
			if s.escape() {
				lineFirst = true
			}
		case c == '\t':
			if s.blankEnd <= s.i {
				s.blankEnd = s.i + 1
				for s.blankEnd < len(s.src) && (s.src[s.blankEnd] == ' ' || s.src[s.blankEnd] == '\t') {
					s.blankEnd++
				}
			}
			if s.blankEnd < len(s.src) && s.src[s.blankEnd] != '\n' {
				if s.src[s.i+1] != '"' {
					s.col++
					skip++
				}
				s.step()
			} else {
				s.col, s.i = s.col+s.blankEnd-s.i, s.blankEnd
			}
		case c == '"':
			s.step()
			for ; skip > 0 && s.i < len(s.src); skip-- {
				s.i += runeLen(s.src, s.i)
			}
			return
		default:
			lineFirst = false
			s.step()
		}
	}
	s.stopped = true
}

// escape skips a backslash escape as goccy's scanDoubleQuote reads it
// (\x takes 2 characters, \u 4, \U 8, a surrogate pair \uD83D\uDE00);
// newLine reports an escaped line break.
func (s *depthScan) escape() (newLine bool) {
	// The up to 12 runes after the backslash, enough for a surrogate pair.
	var r [12]rune
	k := 0
	for j := s.i + 1; j < len(s.src) && k < len(r); k++ {
		c, n := utf8.DecodeRune(s.src[j:])
		r[k], j = c, j+n
	}
	n := 1
	switch {
	case k == 0:
		n = 0
	case r[0] == '\n':
		s.col++
		s.i++
		s.newLine()
		return true
	case r[0] == 'x':
		if k > 2 {
			n = 3
		}
	case r[0] == 'u' && k >= 5:
		n = 5
		if hi := hexRunes(r[1:5]); hi >= 0xD800 && hi <= 0xDBFF {
			lo := hexRunes(r[7:11])
			if k < 11 || r[5] != '\\' || r[6] != 'u' || lo < 0xDC00 || lo > 0xDFFF {
				s.stopped = true
			}
			n = 11
		}
	case r[0] == 'U' && k >= 9:
		n = 9
	case r[0] < utf8.RuneSelf && strings.IndexByte("0abtnvfre \"/\\N_LP\t", byte(r[0])) >= 0:
	default:
		s.stopped = true // an unknown escape, or too short
	}
	s.step()
	for ; n > 0 && s.i < len(s.src); n-- {
		s.step()
	}
	return false
}

// hexRunes is goccy's hexRunesToInt.
func hexRunes(r []rune) int {
	v := 0
	for _, b := range r {
		switch {
		case b >= 'A' && b <= 'F':
			v = v<<4 + int(b-'A'+10)
		case b >= 'a' && b <= 'f':
			v = v<<4 + int(b-'a'+10)
		default:
			v = v<<4 + int(b-'0')
		}
	}
	return v
}
