package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Doc is decoded JSON, the form policies are compiled from. It is generic
// JSON that knows nothing of IAM, laid out as a tape: one array of small
// fixed-size entries, each container's children side by side (an object's
// as key, value, key, value…, in document order), and one string holding
// every string, number and key. A case's policies share one Doc of a few
// kilobytes that compiling reads front to back, where a tree of maps or of
// separately allocated nodes would be spread over memory; reading an
// object walks a short list instead of hashing, and a document with
// several faults always reports the first. Decoding is encoding/json's
// tokenizer.
type Doc struct {
	text  string
	nodes []tapeNode
}

// tapeNode is one value. For strings, numbers, booleans and keys, a and b
// are the offset and length of its text; for arrays and objects, the index
// of the first child and the number of children.
type tapeNode struct {
	kind NodeKind
	a, b uint32
}

// Node is a value of a Doc. The zero Node is JSON null.
type Node struct {
	doc *Doc
	i   uint32
}

// NodeKind is the JSON type of a Node.
type NodeKind uint8

const (
	Null NodeKind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k NodeKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// Kind is n's JSON type.
func (n Node) Kind() NodeKind {
	if n.doc == nil {
		return Null
	}
	return n.doc.nodes[n.i].kind
}

// Text is a string's value, a number's literal text, or "true" or "false";
// "" for other kinds.
func (n Node) Text() string {
	if n.doc == nil {
		return ""
	}
	t := &n.doc.nodes[n.i]
	if t.kind == Array || t.kind == Object {
		return ""
	}
	return n.doc.text[t.a : t.a+t.b]
}

// Len is the number of elements of an array or members of an object.
func (n Node) Len() int {
	if n.doc == nil {
		return 0
	}
	switch t := &n.doc.nodes[n.i]; t.kind {
	case Array:
		return int(t.b)
	case Object:
		return int(t.b / 2)
	}
	return 0
}

// Index is element i of an array.
func (n Node) Index(i int) Node {
	return Node{n.doc, n.doc.nodes[n.i].a + uint32(i)}
}

// Key is the name of member i of an object.
func (n Node) Key(i int) string {
	return Node{n.doc, n.doc.nodes[n.i].a + 2*uint32(i)}.Text()
}

// Value is the value of member i of an object.
func (n Node) Value(i int) Node {
	return Node{n.doc, n.doc.nodes[n.i].a + 2*uint32(i) + 1}
}

// members returns where an object's members are: key j is entry first+2j,
// its value the next. Loops over a statement's members read the tape
// through it rather than through Key and Value, which check n each time.
func (n Node) members() (d *Doc, first, end uint32) {
	t := &n.doc.nodes[n.i]
	return n.doc, t.a, t.a + t.b
}

// str is the text of entry i.
func (d *Doc) str(i uint32) string {
	t := &d.nodes[i]
	return d.text[t.a : t.a+t.b]
}

// tree is a decoded value before it is laid out as a tape.
type tree struct {
	kind  NodeKind
	text  string
	keys  []string
	elems []tree
}

// DecodeNode decodes one JSON document.
func DecodeNode(data []byte) (Node, error) {
	t, err := decodeTree(data)
	if err != nil {
		return Node{}, err
	}
	return layOut([]*tree{&t})[0], nil
}

// UnmarshalJSON decodes one JSON value into n.
func (n *Node) UnmarshalJSON(data []byte) error {
	v, err := DecodeNode(data)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

func decodeTree(data []byte) (tree, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	t, err := readTree(dec, 0)
	if err != nil {
		return tree{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return tree{}, errors.New("invalid JSON: data after the value")
	}
	return t, nil
}

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

func readTree(dec *json.Decoder, depth int) (tree, error) {
	if depth > maxDepth {
		return tree{}, errors.New("invalid JSON: nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return tree{}, err
	}
	switch t := tok.(type) {
	case nil:
		return tree{}, nil
	case bool:
		return tree{kind: Bool, text: strconv.FormatBool(t)}, nil
	case json.Number:
		return tree{kind: Number, text: t.String()}, nil
	case string:
		return tree{kind: String, text: t}, nil
	case json.Delim:
		n := tree{kind: Array}
		if t == '{' {
			n.kind = Object
		}
		for dec.More() {
			if n.kind == Object {
				k, err := dec.Token()
				if err != nil {
					return tree{}, err
				}
				n.keys = append(n.keys, k.(string))
			}
			e, err := readTree(dec, depth+1)
			if err != nil {
				return tree{}, err
			}
			n.elems = append(n.elems, e)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return tree{}, err
		}
		return n, nil
	}
	return tree{}, fmt.Errorf("invalid JSON: unexpected %v", tok)
}

// layOut writes trees into one Doc, one after the other, each container's
// children side by side, and returns their roots. The Doc's offsets are 32
// bits: callers give it at most a few megabytes (PackCases goes by chunks).
func layOut(trees []*tree) []Node {
	var w tapeWriter
	roots := make([]Node, len(trees))
	for i, t := range trees {
		roots[i] = Node{&w.d, w.root()}
		w.tree(roots[i].i, t)
	}
	w.done()
	return roots
}

// tapeWriter lays values out in a Doc.
type tapeWriter struct {
	d    Doc
	text []byte
}

// root reserves the entry of a new top-level value.
func (w *tapeWriter) root() uint32 {
	w.d.nodes = append(w.d.nodes, tapeNode{})
	return uint32(len(w.d.nodes) - 1)
}

// done gives the Doc its text.
func (w *tapeWriter) done() {
	w.d.text = string(w.text)
	w.d.nodes = slices.Clip(w.d.nodes)
}

func (w *tapeWriter) leaf(kind NodeKind, s string) tapeNode {
	n := tapeNode{kind: kind, a: uint32(len(w.text)), b: uint32(len(s))}
	w.text = append(w.text, s...)
	return n
}

// children reserves n entries side by side for a container at entry at.
func (w *tapeWriter) children(at uint32, kind NodeKind, n int) uint32 {
	first := uint32(len(w.d.nodes))
	w.d.nodes = append(w.d.nodes, make([]tapeNode, n)...)
	w.d.nodes[at] = tapeNode{kind: kind, a: first, b: uint32(n)}
	return first
}

func (w *tapeWriter) tree(at uint32, t *tree) {
	switch t.kind {
	case Array:
		first := w.children(at, Array, len(t.elems))
		for i := range t.elems {
			w.tree(first+uint32(i), &t.elems[i])
		}
	case Object:
		first := w.children(at, Object, 2*len(t.elems))
		for i := range t.elems {
			w.d.nodes[first+2*uint32(i)] = w.leaf(String, t.keys[i])
			w.tree(first+2*uint32(i)+1, &t.elems[i])
		}
	default:
		w.d.nodes[at] = w.leaf(t.kind, t.text)
	}
}

// value writes v, a value decoded by encoding/json, at entry at: what
// treeOf then tree would write, without the tree between.
func (w *tapeWriter) value(at uint32, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		first := w.children(at, Object, 2*len(keys))
		for i, k := range keys {
			w.d.nodes[first+2*uint32(i)] = w.leaf(String, k)
			w.value(first+2*uint32(i)+1, x[k])
		}
	case []any:
		first := w.children(at, Array, len(x))
		for i, e := range x {
			w.value(first+uint32(i), e)
		}
	case string:
		w.d.nodes[at] = w.leaf(String, x)
	case nil:
	default:
		t := treeOf(v)
		w.tree(at, &t)
	}
}

// tree reads n back into a tree.
func (n Node) tree() tree {
	t := tree{kind: n.Kind(), text: n.Text()}
	switch t.kind {
	case Array:
		t.elems = make([]tree, n.Len())
		for i := range t.elems {
			t.elems[i] = n.Index(i).tree()
		}
	case Object:
		t.keys = make([]string, n.Len())
		t.elems = make([]tree, n.Len())
		for i := range t.elems {
			t.keys[i], t.elems[i] = n.Key(i), n.Value(i).tree()
		}
	}
	return t
}

// NodeOf converts a value decoded by encoding/json (map[string]any,
// []any, string, json.Number, float64, bool, nil) into a Node, objects'
// members in key order.
func NodeOf(v any) Node {
	var w tapeWriter
	at := w.root()
	w.value(at, v)
	w.done()
	return Node{&w.d, at}
}

func treeOf(v any) tree {
	switch x := v.(type) {
	case map[string]any:
		t := tree{kind: Object, keys: make([]string, 0, len(x))}
		for k := range x {
			t.keys = append(t.keys, k)
		}
		slices.Sort(t.keys)
		for _, k := range t.keys {
			t.elems = append(t.elems, treeOf(x[k]))
		}
		return t
	case []any:
		t := tree{kind: Array, elems: make([]tree, len(x))}
		for i, e := range x {
			t.elems[i] = treeOf(e)
		}
		return t
	case string:
		return tree{kind: String, text: x}
	case json.Number:
		return tree{kind: Number, text: x.String()}
	case float64:
		return tree{kind: Number, text: strconv.FormatFloat(x, 'f', -1, 64)}
	case int:
		return tree{kind: Number, text: strconv.Itoa(x)}
	case bool:
		return tree{kind: Bool, text: strconv.FormatBool(x)}
	case nil:
		return tree{}
	}
	// Anything else encoding/json can write ([]string, integers, structs).
	b, err := json.Marshal(v)
	if err != nil {
		return tree{}
	}
	t, err := decodeTree(b)
	if err != nil {
		return tree{}
	}
	return t
}

// Any converts n back into encoding/json's generic form.
func (n Node) Any() any {
	switch n.Kind() {
	case Bool:
		return n.Text() == "true"
	case Number:
		return json.Number(n.Text())
	case String:
		return n.Text()
	case Array:
		out := make([]any, n.Len())
		for i := range out {
			out[i] = n.Index(i).Any()
		}
		return out
	case Object:
		out := make(map[string]any, n.Len())
		for i := range n.Len() {
			out[n.Key(i)] = n.Value(i).Any()
		}
		return out
	}
	return nil
}
