package yamltree

import "unicode/utf8"

// depthScan measures how deeply a YAML text nests before goccy/go-yaml
// parses it: goccy's parser costs time and memory quadratic in the depth
// (a 160 KB JSON array 80,000 deep takes 9.7 GB), so the bound must hold
// before it runs. It reads the text once, in linear time and constant
// memory, as goccy v1.19.2's scanner reads it (scanner/scanner.go: when a
// bracket opens a flow collection, a quote starts a string, '#' a comment,
// '|' a block scalar, and which column each key and '-' is at), and counts
// the collections each one opens: flow brackets, and block maps and
// sequences by the columns of their keys and dashes.
//
// Its count must never exceed the depth Parse's converter measures on a
// text goccy parses: where it cannot tell, it counts less (a depth it
// misses, the exact check after parsing still catches, at quadratic cost).
// FuzzDepthPreScan holds it to that. It stops counting, and refuses
// nothing, where goccy's scanner would fail.
type depthScan struct {
	src       []byte
	limit     int
	i         int  // byte offset of the current character
	line, col int  // goccy's position of it (columns count runes)
	first     bool // nothing but indentation yet on this line
	indent    int  // goccy's indentNum
	state     int  // goccy's indentState: keep, up or down
	ldc       int  // goccy's lastDelimColumn: the last key, '-', '?' or '|'
	bufLen    int  // runes of the plain scalar being read
	bufNS     int  // bufLen up to its last non-blank rune; 0: no scalar
	saved     bool // the scalar spans lines; it starts at savedLine:savedCol
	savedLine int
	savedCol  int
	anchor    bool // after '&', '*' or '%', goccy's isAnchor, isAlias, isDirective
	alias     bool
	directive bool
	fseq      int // open flow sequences and maps, as goccy counts them
	fmap      int
	multi     bool // in a block scalar ('|', '>') or a folded plain scalar
	multiCol  int  // goccy's firstLineIndentColumn of it
	chomp     byte // its chomping indicator: '+', '-' or 0
	text      bool // goccy has buffered text for it (see endMulti):
	nlOnly    bool // only line breaks,
	blank     int  // or how far it matches \n? *\n*
	last      int  // kind of the last token
	lastCol   int  // column of the last quoted scalar or merge key
	decorated bool // tags, anchors or '?' come before the token being read
	decoKey   bool // ... or came before the last quoted scalar or merge key
	nameNext  bool // the next plain scalar is an anchor's name
	content   bool // the document has a token: the next one goes unread
	runEnd    int  // end of the current run of '<' or of blanks (cache)
	blankEnd  int
	stack     [preScanLimit + 1]struct {
		col int
		seq bool
	}
	n       int // open block collections, innermost last
	deepest int // the deepest collection seen
	over    bool
	overAt  [2]int // line and column of the first collection deeper than limit
	deepAt  [2]int // ... and of the first deeper than MaxDepth
	stopped bool   // goccy's scanner fails here
}

const (
	keep = iota
	up
	down
)

// States of matching a block scalar's text against \n? *\n*.
const (
	blankStart = iota
	blankNL1
	blankSpaces
	blankNLs
	blankNo
)

// Kinds of token, as far as a ':' after them cares.
const (
	tokOther = iota
	tokValue // ':'
	tokQuoted
	tokMerge
	tokDecor   // a tag, an anchor or its name, '?'
	tokComment // or a document marker: no content
)

// preScanLimit is the depth Parse refuses before parsing. It is well above
// MaxDepth, which the converter checks exactly after parsing, so that a
// text this scan reads wrong can be refused only if it misreads hundreds of
// levels; goccy parses 512 levels in about 4 ms and 1.6 MB.
const preScanLimit = 8 * MaxDepth

// scanDepth reports whether src opens a collection deeper than limit
// (0 is the root; limit at most preScanLimit), and where, or else the depth
// of the deepest collection it opens.
func scanDepth(src []byte, limit int) (s *depthScan) {
	s = &depthScan{src: src, limit: min(limit, preScanLimit), line: 1, col: 1, first: true}
	for s.i < len(s.src) && !s.over && !s.stopped {
		s.char(s.src[s.i])
	}
	return s
}

func (s *depthScan) flow() bool { return s.fseq > 0 || s.fmap > 0 }

// opened notes a collection at depth d starting at the current line and col.
func (s *depthScan) opened(d, line, col int) {
	s.deepest = max(s.deepest, d)
	if d > MaxDepth && s.deepAt[0] == 0 {
		s.deepAt = [2]int{line, col}
	}
	if d > s.limit {
		s.over, s.overAt = true, [2]int{line, col}
	}
}

// entry notes a block map key or a '-' at col: it continues the open
// collection at that column, or opens one inside the innermost open one.
func (s *depthScan) entry(line, col int, seq bool) {
	s.popTo(col)
	if s.n > 0 && s.stack[s.n-1].col == col {
		top := s.stack[s.n-1]
		if top.seq == seq {
			return
		}
		if top.seq { // a key at the column of a '-' ends that sequence
			s.n--
			if s.n > 0 && s.stack[s.n-1].col == col && !s.stack[s.n-1].seq {
				return
			}
		} // else a sequence written at its key's column is the key's value
	}
	s.opened(s.n, line, col)
	if !s.over {
		s.stack[s.n].col, s.stack[s.n].seq = col, seq
		s.n++
	}
}

// popTo closes the block collections deeper than col.
func (s *depthScan) popTo(col int) {
	for s.n > 0 && s.stack[s.n-1].col > col {
		s.n--
	}
}

// step moves past the current rune, which is in column s.col.
func (s *depthScan) step() {
	s.i += runeLen(s.src, s.i)
	s.col++
}

func runeLen(src []byte, i int) int {
	if src[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRune(src[i:])
	return n
}

// next is the byte after the current one (0 at the end), enough to tell
// the ASCII characters goccy looks ahead for.
func (s *depthScan) next() byte {
	if s.i+1 < len(s.src) {
		return s.src[s.i+1]
	}
	return 0
}

// addBuf adds a rune to the plain scalar, as goccy's Context.addBuf.
func (s *depthScan) addBuf(c byte) {
	if s.bufLen == 0 && (c == ' ' || c == '\t') {
		return
	}
	s.bufLen++
	if c != ' ' && c != '\t' {
		s.bufNS = s.bufLen
	}
}

// flush ends the plain scalar, as goccy's addBufferedTokenIfExists.
func (s *depthScan) flush() {
	if s.bufNS > 0 && s.nameNext {
		s.nameNext = false
		s.token(tokDecor)
	} else if s.bufNS > 0 {
		s.token(tokOther)
	}
	s.saved, s.bufLen, s.bufNS = false, 0, 0
}

func (s *depthScan) clear() { s.bufLen, s.bufNS = 0, 0 }

// token notes the kind of token goccy emits. Parse reads one document, and
// goccy reads some that follow one as holding nothing, so the scan ends at
// the end of the first document with content. goccy's parser groups a tag,
// an anchor or '?' with the key after it, and puts the key at the column of
// the group, which this does not follow: a decorated key is not counted.
func (s *depthScan) token(kind int) {
	s.content = s.content || kind != tokComment && !s.directive
	switch kind {
	case tokDecor:
		s.decorated, s.decoKey = true, false
		kind = tokOther
	case tokQuoted, tokMerge:
		s.decoKey, s.decorated = s.decorated, false
	default:
		s.decorated, s.decoKey = false, false
	}
	s.last = kind
}

// newLine moves past a line break, as goccy's progressLine.
func (s *depthScan) newLine() {
	s.i++
	s.line, s.col, s.first, s.indent = s.line+1, 1, true, 0
	s.anchor, s.alias, s.directive = false, false, false
}

// updateIndent is goccy's: the first character after a line's indentation
// is up or down from the last delimiter's column, every later one keeps.
func (s *depthScan) updateIndent(c byte) (lineStart bool) {
	switch {
	case s.first && (c == '\n' || c == '\t'):
	case s.first && c == ' ':
		s.indent++
	case !s.first:
		s.state = keep
	default:
		if s.ldc != 0 {
			s.state = down
			if s.ldc < s.col {
				s.state = up
			}
		}
		s.first = false
		return true
	}
	return false
}

func (s *depthScan) char(c byte) {
	lineStart := s.updateIndent(c)
	switch {
	case s.state == down && s.multi:
		s.endMulti()
	case s.state == down:
		s.flush()
	case s.multi:
		s.multiLine(c)
		return
	}
	if lineStart && !s.flow() && c != '#' {
		s.popTo(s.col)
	}
	if !s.special(c) {
		s.addBuf(c)
		s.step()
	}
}

// multiLine reads one character of a block scalar, as goccy's scanMultiLine.
func (s *depthScan) multiLine(c byte) {
	indentCol := s.col == 1
	if s.multiCol != 0 {
		indentCol = s.multiCol > s.col
	}
	switch {
	case s.i == len(s.src)-1:
		s.i++
	case c == '\n':
		s.multiText(c)
		s.newLine()
		if s.docMarker(s.i) {
			s.endMulti()
		}
	case s.first && c == ' ':
		if s.multiCol != 0 && s.col >= s.multiCol {
			s.multiText(c)
		}
		s.col++
		s.i++
	case s.first && c == '\t' && indentCol:
		s.stopped = true
	case c == '\t' && !indentCol:
		s.multiText(c)
		s.col++
		s.i++
	default:
		s.multiText(c)
		if s.multiCol == 0 {
			s.multiCol = s.col
		}
		if s.multiCol > 1 {
			s.ldc = s.multiCol - 1
		}
		s.step()
	}
}

// multiText notes a character goccy buffers for a block scalar.
func (s *depthScan) multiText(c byte) {
	if !s.text {
		s.text, s.nlOnly = true, true
	}
	s.nlOnly = s.nlOnly && c == '\n'
	switch {
	case c == '\n' && s.blank == blankStart:
		s.blank = blankNL1
	case c == '\n' && s.blank != blankNo:
		s.blank = blankNLs
	case c == ' ' && s.blank <= blankSpaces:
		s.blank = blankSpaces
	default:
		s.blank = blankNo
	}
}

// endMulti ends a block scalar. Where goccy's chomping leaves its text
// empty, goccy clears its buffer's length but not where the last non-blank
// rune was, so it still sees a plain scalar there (- |, a blank line, then
// - x reads as the text "- x"); so does this.
func (s *depthScan) endMulti() {
	stale := s.text && (s.chomp == 0 && s.nlOnly || s.chomp == '-' && s.blank != blankNo)
	s.flush()
	if stale {
		s.bufNS = 1
	}
	s.multi = false
	s.token(tokOther)
}

// docMarker reports whether a line starting at i is "---" or "...", which
// ends a quoted or block scalar.
func (s *depthScan) docMarker(i int) bool {
	rest := s.src[i:]
	if len(rest) < 3 || string(rest[:3]) != "---" && string(rest[:3]) != "..." {
		return false
	}
	return len(rest) == 3 || rest[3] == ' ' || rest[3] == '\t' || rest[3] == '\n'
}
