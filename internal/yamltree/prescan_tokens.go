package yamltree

// special reads the token c starts, if goccy's scanner reads one there
// (Scanner.scan's switch); false leaves c to the plain scalar.
func (s *depthScan) special(c byte) bool {
	buffered := s.bufNS > 0
	switch c {
	case '{', '[':
		if buffered && !s.flow() {
			return false
		}
		s.flush()
		s.opened(s.n+max(s.fseq, 0)+max(s.fmap, 0), s.line, s.col)
		if c == '{' {
			s.fmap++
		} else {
			s.fseq++
		}
	case '}':
		if s.fmap <= 0 {
			return false
		}
		s.flush()
		s.fmap--
	case ']':
		if buffered && s.fseq <= 0 {
			return false
		}
		s.flush()
		s.fseq--
	case ',':
		if !s.flow() {
			return false
		}
		s.flush()
	case '-':
		return s.dash(buffered)
	case '.':
		if s.indent != 0 || s.col != 1 || s.run('.') != 3 {
			return false
		}
		s.docMarker3()
		return true
	case '<':
		if !s.mergeKey() {
			return false
		}
		s.ldc, s.lastCol = s.col, s.col
		s.token(tokMerge)
		s.col, s.i = s.col+2, s.i+2
		s.clear()
		return true
	case ':':
		return s.mapValue(buffered)
	case '|', '>':
		if buffered {
			return false
		}
		s.header()
		return true
	case '!':
		if buffered || s.directive {
			return false
		}
		s.tag()
		return true
	case '%':
		if buffered || s.indent != 0 {
			return false
		}
		s.flush()
		s.directive = true
	case '?':
		if buffered || s.next() != ' ' && s.next() != '\t' {
			return false
		}
		s.ldc = s.col
		s.token(tokDecor)
		s.col++
		s.i++
		return true
	case '&', '*':
		if buffered {
			return false
		}
		s.flush()
		s.anchor, s.alias, s.nameNext = c == '&', c == '*', c == '&'
		if c == '&' {
			s.token(tokDecor)
			s.col++
			s.i++
			return true
		}
	case '#':
		if prev := s.prev(); buffered && prev != ' ' && prev != '\t' && prev != '\n' {
			return false
		}
		s.flush()
		s.comment()
		return true
	case '\'', '"':
		if buffered {
			return false
		}
		col := s.col
		if c == '\'' {
			s.singleQuoted()
		} else {
			s.doubleQuoted()
		}
		s.clear()
		s.lastCol = col
		s.token(tokQuoted)
		return true
	case '\n':
		s.lineBreak()
		return true
	case ' ':
		switch {
		case s.first:
		case s.directive:
			s.flush()
		case s.anchor || s.alias:
			s.flush()
			s.anchor, s.alias = false, false
		default:
			return false
		}
		s.col++
		s.i++
		return true
	case '@', '`':
		if !buffered {
			s.stopped = true // a reserved character
		}
		return false
	case '\t':
		switch {
		case buffered && s.ldc == 0 || s.ldc < s.col:
			s.indent++
			s.i++ // goccy does not count the column
			return true
		case s.flow() || !s.first:
			return false
		}
		s.stopped = true // a tab as indentation
		return true
	default:
		return false
	}
	// A one-character token.
	s.token(tokOther)
	s.col++
	s.i++
	s.clear()
	return true
}

func (s *depthScan) prev() byte {
	if s.i == 0 {
		return 0
	}
	return s.src[s.i-1]
}

// run counts the bytes equal to c from the current one on; a long run is
// counted once, so reading it stays linear.
func (s *depthScan) run(c byte) int {
	if s.runEnd <= s.i || s.src[s.runEnd-1] != c {
		s.runEnd = s.i
		for s.runEnd < len(s.src) && s.src[s.runEnd] == c {
			s.runEnd++
		}
	}
	return s.runEnd - s.i
}

// dash is '-': a document start at column 1, a folded line in a plain
// scalar, or a block sequence entry.
func (s *depthScan) dash(buffered bool) bool {
	nc := s.next()
	switch {
	case s.indent == 0 && s.col == 1 && s.run('-') == 3 &&
		(s.i+3 == len(s.src) || s.src[s.i+3] == ' ' || s.src[s.i+3] == '\t' || s.src[s.i+3] == '\n'):
		s.docMarker3()
		s.ldc, s.indent = 0, 0
		return true
	case buffered && s.state == up:
		// goccy's raw folded scalar: a plain scalar goes on as a block one.
		s.multi, s.multiCol, s.chomp, s.text, s.nlOnly, s.blank = true, s.col, '-', true, false, blankNo
		return false
	case buffered || nc != 0 && nc != ' ' && nc != '\t' && nc != '\n':
		return false
	}
	if !s.flow() {
		s.entry(s.line, s.col, true)
	}
	s.ldc = s.col
	s.token(tokOther)
	s.col++
	s.i++
	s.clear()
	return true
}

// docMarker3 reads "---" or "...", where a document starts or ends.
func (s *depthScan) docMarker3() {
	s.flush()
	if s.content {
		s.stopped = true
		return
	}
	s.n = 0
	s.col, s.i = s.col+3, s.i+3
	s.clear()
	s.token(tokComment)
}

// mergeKey is goccy's isMergeKey: "<<", blanks, then ':' and a blank.
func (s *depthScan) mergeKey() bool {
	if s.run('<') != 2 {
		return false
	}
	for j := s.i + 2; j < len(s.src); j++ {
		switch c := s.src[j]; {
		case c == ' ':
		case c != ':':
			return false
		case j+1 < len(s.src) && (s.src[j+1] == ' ' || s.src[j+1] == '\n'):
			return true
		}
	}
	return false
}

// mapValue is ':' (goccy's scanMapDelim); in block context, the key before
// it is an entry of a block map at the key's column.
func (s *depthScan) mapValue(buffered bool) bool {
	nc := s.next()
	blank := nc == ' ' || nc == '\t' || nc == '\n' || s.i+1 == len(s.src)
	if s.directive || s.anchor || s.alias || s.fmap <= 0 && !blank ||
		s.fmap > 0 && (nc == '/' || s.last == tokValue) {
		return false
	}
	line, col := 0, 0
	switch {
	case buffered && s.saved:
		line, col = s.savedLine, s.savedCol
	case buffered:
		line, col = s.line, s.col-s.bufLen
	case s.last == tokQuoted || s.last == tokMerge:
		line, col = s.line, s.lastCol
	}
	if col > 0 && s.last != tokMerge || buffered {
		s.ldc = col
	}
	switch decorated := buffered && s.decorated || !buffered && s.decoKey; {
	case col == 0 || s.flow():
	case buffered && nc == '\t':
		// goccy counts no column for the tab, so a plain value after it
		// looks glued to the key, and the converter reads a lone "a:\tb"
		// as the scalar "a:b" (see glued).
	case decorated:
		s.n = 0 // the map is at a column this does not know
	default:
		s.entry(line, col, false)
	}
	s.saved, s.nameNext = false, false
	s.token(tokValue)
	s.col++
	s.i++
	s.clear()
	return true
}

// lineBreak is goccy's scanNewLine outside quotes, comments and block
// scalars: a plain scalar goes on, starting where it started.
func (s *depthScan) lineBreak() {
	if s.bufLen > 0 && !s.saved {
		s.saved, s.savedLine, s.savedCol = true, s.line, s.col-s.bufNS
	}
	s.bufLen = s.bufNS
	if s.i == len(s.src)-1 || s.anchor || s.alias || s.directive {
		s.flush()
	}
	if s.bufNS > 0 && s.first {
		s.bufLen++
	} else {
		s.addBuf(' ')
	}
	s.newLine()
}

// comment skips '#' to the end of the line, and the line break.
func (s *depthScan) comment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
	s.token(tokComment)
	if s.i < len(s.src) {
		s.newLine()
	}
}

// tag skips a tag ('!Ref '): up to a space (which goccy consumes without
// counting its column), a ',' in a flow collection, or a line break.
func (s *depthScan) tag() {
	s.clear()
	s.token(tokDecor)
	start := s.col
	for k, j := 0, s.i+1; j < len(s.src); k, j = k+1, j+runeLen(s.src, j) {
		switch c := s.src[j]; {
		case c == ' ':
			s.col, s.i = start+k+1, j+1
			return
		case c == ',' && s.flow() || c == '\n':
			s.col, s.i = start+k, j
			return
		case c == '{' || c == '}':
			s.stopped = true
			return
		}
	}
	s.i = len(s.src)
}
