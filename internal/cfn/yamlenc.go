package cfn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// The YAML writer. A template landform builds is written here, in the
// layout goccy/go-yaml gives (indent 2, sequences indented, multi-line
// strings as literal blocks), and the tree a parse of those bytes would
// give is built as they are written: positions are where each key and
// value lands. Writing a template used to mean marshalling it with goccy
// (whose quoting test parses every string as five timestamp layouts) and
// parsing the bytes straight back to check them; that was half of what
// generating the bundled examples cost. TestYAMLWriterAsGoccy holds the
// bytes to goccy's and the tree to cfn.Parse's.
//
// Where goccy writes something its own parser reads back differently (a
// control character in a plain scalar, a literal block whose first line
// starts with a space, a lone \r), this writer quotes the string instead.

// yamlMarshaler is goccy's InterfaceMarshaler: a value that says what to
// write in its place (iam.Value, iam.Policy).
type yamlMarshaler interface{ MarshalYAML() (any, error) }

type yamlWriter struct {
	b    bytes.Buffer
	file string
	line int // 1-based line of the next byte
	col  int // 1-based column (in runes) of the next byte
}

// encodeYAML writes doc and returns its bytes and tree.
func encodeYAML(file string, doc any) ([]byte, *yamltree.Node, error) {
	w := &yamlWriter{file: file, line: 1, col: 1}
	root, err := w.value(doc, 0, 0)
	if err != nil {
		return nil, nil, err
	}
	if root.Kind != yamltree.Map || len(root.Entries) == 0 {
		w.write("\n")
	}
	return w.b.Bytes(), root, nil
}

func (w *yamlWriter) pos() finding.Pos { return finding.Pos{File: w.file, Line: w.line, Column: w.col} }

// write appends s, which holds no line break.
func (w *yamlWriter) write(s string) {
	w.b.WriteString(s)
	if s == "\n" {
		w.line, w.col = w.line+1, 1
		return
	}
	w.col += utf8.RuneCountInString(s)
}

func (w *yamlWriter) newline() { w.write("\n") }

func (w *yamlWriter) indent(n int) {
	for i := 0; i < n; i++ {
		w.b.WriteByte(' ')
	}
	w.col += n
}

// value writes v at the current position. owner is the column (0-based)
// of what holds it, the key or the "- ", which a literal block's lines are
// indented past. A map or sequence starts on the current line (a map's
// first key right after "- ") and ends its last line; a scalar does not.
func (w *yamlWriter) value(v any, owner, depth int) (*yamltree.Node, error) {
	if depth > yamltree.MaxDepth {
		return nil, fmt.Errorf("template nests deeper than %d levels", yamltree.MaxDepth)
	}
	v, err := resolve(v)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case *Map:
		if x == nil {
			return w.scalar(nil, owner), nil
		}
		n := &yamltree.Node{Kind: yamltree.Map, Pos: w.pos()}
		if len(x.keys) == 0 {
			w.write("{}")
			return n, nil
		}
		n.Entries = make([]yamltree.Entry, 0, len(x.keys))
		col := w.col - 1
		for i, k := range x.keys {
			if i > 0 {
				w.indent(col)
			}
			e, err := w.entry(k, x.vals[k], col, depth)
			if err != nil {
				return nil, err
			}
			n.Entries = append(n.Entries, e)
		}
		return n, nil
	case []any:
		return w.seq(len(x), func(i int) any { return x[i] }, depth)
	case []string:
		return w.seq(len(x), func(i int) any { return x[i] }, depth)
	case string, bool, int, nil, json.Number:
		return w.scalar(x, owner), nil
	}
	return w.reflected(v, owner, depth)
}

// resolve replaces a value that says what to write in its place by what
// it says, and a nil pointer by nil.
func resolve(v any) (any, error) {
	for i := 0; ; i++ {
		m, ok := v.(yamlMarshaler)
		if !ok || i > 8 {
			return v, nil
		}
		if _, isMap := v.(*Map); isMap {
			return v, nil
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, nil
		}
		inner, err := m.MarshalYAML()
		if err != nil {
			return nil, err
		}
		v = inner
	}
}

// entry writes one "key: value" line (and the lines of its value) with
// the key at the current position, column col.
func (w *yamlWriter) entry(k string, v any, col, depth int) (yamltree.Entry, error) {
	keyPos := w.pos()
	w.write(quoteKey(k))
	w.write(":")
	v, err := resolve(v)
	if err != nil {
		return yamltree.Entry{}, err
	}
	if isBlock(v) {
		w.newline()
		w.indent(col + 2)
	} else {
		w.write(" ")
	}
	n, err := w.value(v, col, depth+1)
	if err != nil {
		return yamltree.Entry{}, err
	}
	if w.col != 1 {
		w.newline()
	}
	n.KeyPos = keyPos
	return yamltree.Entry{Key: k, Value: n}, nil
}

// seq writes a non-empty sequence as "- " items at the current column, or
// [] for an empty one.
func (w *yamlWriter) seq(length int, item func(int) any, depth int) (*yamltree.Node, error) {
	n := &yamltree.Node{Kind: yamltree.Seq, Pos: w.pos()}
	if length == 0 {
		w.write("[]")
		return n, nil
	}
	n.Items = make([]*yamltree.Node, 0, length)
	col := w.col - 1
	for i := 0; i < length; i++ {
		if i > 0 {
			w.indent(col)
		}
		w.write("- ")
		it, err := w.value(item(i), col, depth+1)
		if err != nil {
			return nil, err
		}
		if w.col != 1 {
			w.newline()
		}
		n.Items = append(n.Items, it)
	}
	return n, nil
}

// isBlock says v is written on the lines after its key: a non-empty map
// or sequence.
func isBlock(v any) bool {
	switch x := v.(type) {
	case *Map:
		return x.Len() > 0
	case []any:
		return len(x) > 0
	case []string:
		return len(x) > 0
	case string, bool, int, nil, json.Number:
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		return rv.Len() > 0
	}
	return false
}

// reflected writes the shapes the template's own types do not cover:
// maps with string keys (sorted, as goccy writes them), slices and numbers.
func (w *yamlWriter) reflected(v any, owner, depth int) (*yamltree.Node, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		if rv.IsNil() {
			return w.scalar(nil, owner), nil
		}
		keys := make([]string, 0, rv.Len())
		for _, k := range rv.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		m := &Map{keys: keys, vals: make(map[string]any, len(keys))}
		for _, k := range keys {
			m.vals[k] = rv.MapIndex(reflect.ValueOf(k).Convert(rv.Type().Key())).Interface()
		}
		return w.value(m, owner, depth)
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return w.seq(0, nil, depth)
		}
		return w.seq(rv.Len(), func(i int) any { return rv.Index(i).Interface() }, depth)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return w.scalar(json.Number(strconv.FormatInt(rv.Int(), 10)), owner), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return w.scalar(json.Number(strconv.FormatUint(rv.Uint(), 10)), owner), nil
	case reflect.String:
		return w.scalar(rv.String(), owner), nil
	case reflect.Bool:
		return w.scalar(rv.Bool(), owner), nil
	}
	return nil, fmt.Errorf("cfn: cannot write a %T in a template", v)
}

// scalar writes a string, number, boolean or null at the current position.
func (w *yamlWriter) scalar(v any, owner int) *yamltree.Node {
	n := &yamltree.Node{Kind: yamltree.Scalar, Pos: w.pos(), Value: v}
	switch x := v.(type) {
	case nil:
		n.Text = "null"
		w.write("null")
	case bool:
		n.Text = strconv.FormatBool(x)
		w.write(n.Text)
	case int:
		n.Text = strconv.Itoa(x)
		n.Value = json.Number(n.Text)
		w.write(n.Text)
	case json.Number:
		n.Text = string(x)
		w.write(n.Text)
	case string:
		n.Text = x
		switch {
		case strings.Contains(x, "\n") && literal(x):
			n.Quoted = true
			w.literal(x, owner+2)
		case needsQuote(x):
			n.Quoted = true
			w.write(strconv.Quote(x))
		default:
			w.write(x)
		}
	}
	return n
}

// literal writes s as a literal block, its lines indented to column
// indent (0-based), and ends the line.
func (w *yamlWriter) literal(s string, indent int) {
	switch {
	case strings.HasSuffix(s, "\n\n"):
		w.write("|+")
	case strings.HasSuffix(s, "\n"):
		w.write("|")
	default:
		w.write("|-")
	}
	w.newline()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for _, l := range lines {
		if l != "" {
			w.indent(indent)
			w.write(l)
		}
		w.newline()
	}
}

// literal says s reads back the same from a literal block: no control
// character but tab, some line with content, and the first such line not
// starting with a space (which would set the block's indentation), no
// line of only spaces or tabs and none ending with one (goccy drops white
// space at the end of a block).
func literal(s string) bool {
	first := true
	content := false
	for _, l := range strings.Split(s, "\n") {
		if l == "" {
			continue
		}
		if strings.TrimLeft(l, " \t") == "" || l[len(l)-1] == ' ' || l[len(l)-1] == '\t' {
			return false
		}
		if first && (l[0] == ' ' || l[0] == '\t') {
			return false
		}
		first, content = false, true
	}
	return content && !hasControl(s, "\n\t")
}

// hasControl says s holds a character YAML does not allow unescaped, or
// one of the line breaks YAML 1.1 knows besides \n, other than those in
// allowed.
func hasControl(s, allowed string) bool {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++ // printable ASCII, most of any template
	}
	for _, r := range s[i:] {
		if strings.ContainsRune(allowed, r) {
			continue
		}
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == utf8.RuneError ||
			(r >= 0x80 && r < 0xa0) || !unicode.IsPrint(r) && r != ' ' {
			return true
		}
	}
	return false
}

func quoteKey(k string) string {
	if needsQuote(k) || strings.Contains(k, "\n") {
		return strconv.Quote(k)
	}
	return k
}

// needsQuote says a one-line string must be quoted to read back as that
// string: goccy's token.IsNeedQuoted (which makes the bytes goccy's), and
// what goccy leaves plain but reads back as something else. goccy's test
// tries every string as five timestamp layouts, and a failed time.Parse
// allocates its error; a timestamp starts with a digit, so a string
// starting with a letter takes the rest of the test here.
// TestNeedsQuoteAsGoccy and FuzzNeedsQuote hold the two together.
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	if c := s[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		if plainSafe(s) {
			// No byte of the traps below: only a reserved word is quoted
			// (the longest is five letters).
			return len(s) <= 5 && quotedWords[s]
		}
		if quotedWords[s] || plainTrap(s) {
			return true
		}
	} else if token.IsNeedQuoted(s) {
		return true
	}
	return misread(s)
}

// plainSafe says every byte of s is printable ASCII other than the space,
// '#', '\\', ':' and '<': a string that starts with a letter and has
// only these (Ref, AWS::NoValue aside, most keys and values of a
// template) falls in none of plainTrap's and misread's cases.
func plainSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainSafeBytes[s[i]] {
			return false
		}
	}
	return true
}

var plainSafeBytes = func() (t [256]bool) {
	for c := 0x21; c < 0x7f; c++ {
		t[c] = !strings.ContainsRune(`#\:<`, rune(c))
	}
	return t
}()

// quotedWords are the words goccy quotes: YAML's nulls and booleans, and
// YAML 1.1's (y, yes, on, off...).
var quotedWords = map[string]bool{}

func init() {
	for _, w := range []string{"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"} {
		quotedWords[w] = true
	}
}

// plainTrap is the rest of goccy's test for a string starting with a
// letter: a trailing ':' or space, a '#' or '\' anywhere, ": " or "- ".
func plainTrap(s string) bool {
	if last := s[len(s)-1]; last == ':' || last == ' ' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '#', '\\':
			return true
		case ':', '-':
			if i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}

// misread says goccy would write s plain and read something else back:
// control characters (a tab too: goccy drops one in a key), infinities
// and NaNs,
// a document marker (--- or ...), which ends the template at the start
// of a line, the explicit-key indicator "? " and the merge key << (which goccy
// misreads inside a key too).
func misread(s string) bool {
	return hasControl(s, "") || isSpecialFloat(s) ||
		strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") || s == "?" || strings.HasPrefix(s, "? ") || strings.Contains(s, "<<")
}

func isSpecialFloat(s string) bool {
	switch strings.TrimLeft(s, "+-") {
	case ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN":
		return true
	}
	return false
}
