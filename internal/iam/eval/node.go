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

// Node is a decoded JSON value, the form policies are compiled from. It is
// generic JSON, knowing nothing of IAM: an object keeps its members in
// document order, so reading a statement walks a short list instead of
// hashing into a map, and a document with several faults always reports
// the first. Decoding is encoding/json's tokenizer.
type Node struct {
	Kind NodeKind
	// Text is a string's value, a number's literal text, or "true" or
	// "false".
	Text string
	// Elems are an array's elements, or an object's member values.
	Elems []Node
	// Keys are an object's member names, parallel to Elems.
	Keys []string
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

// DecodeNode decodes one JSON document.
func DecodeNode(data []byte) (Node, error) {
	var n Node
	err := n.UnmarshalJSON(data)
	return n, err
}

// UnmarshalJSON decodes one JSON value into n.
func (n *Node) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeNode(dec, 0)
	if err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("invalid JSON: data after the value")
	}
	*n = v
	return nil
}

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

func decodeNode(dec *json.Decoder, depth int) (Node, error) {
	if depth > maxDepth {
		return Node{}, errors.New("invalid JSON: nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return Node{}, err
	}
	switch t := tok.(type) {
	case nil:
		return Node{}, nil
	case bool:
		return Node{Kind: Bool, Text: strconv.FormatBool(t)}, nil
	case json.Number:
		return Node{Kind: Number, Text: t.String()}, nil
	case string:
		return Node{Kind: String, Text: t}, nil
	case json.Delim:
		n := Node{Kind: Array}
		if t == '{' {
			n.Kind = Object
		}
		for dec.More() {
			if n.Kind == Object {
				k, err := dec.Token()
				if err != nil {
					return Node{}, err
				}
				n.Keys = append(n.Keys, k.(string))
			}
			e, err := decodeNode(dec, depth+1)
			if err != nil {
				return Node{}, err
			}
			n.Elems = append(n.Elems, e)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return Node{}, err
		}
		return n, nil
	}
	return Node{}, fmt.Errorf("invalid JSON: unexpected %v", tok)
}

// NodeOf converts a value decoded by encoding/json (map[string]any,
// []any, string, json.Number, float64, bool, nil) into a Node, objects'
// members in key order.
func NodeOf(v any) Node {
	switch x := v.(type) {
	case map[string]any:
		n := Node{Kind: Object, Keys: make([]string, 0, len(x)), Elems: make([]Node, 0, len(x))}
		for k := range x {
			n.Keys = append(n.Keys, k)
		}
		slices.Sort(n.Keys)
		for _, k := range n.Keys {
			n.Elems = append(n.Elems, NodeOf(x[k]))
		}
		return n
	case []any:
		n := Node{Kind: Array, Elems: make([]Node, len(x))}
		for i, e := range x {
			n.Elems[i] = NodeOf(e)
		}
		return n
	case string:
		return Node{Kind: String, Text: x}
	case json.Number:
		return Node{Kind: Number, Text: x.String()}
	case float64:
		return Node{Kind: Number, Text: strconv.FormatFloat(x, 'f', -1, 64)}
	case int:
		return Node{Kind: Number, Text: strconv.Itoa(x)}
	case bool:
		return Node{Kind: Bool, Text: strconv.FormatBool(x)}
	case nil:
		return Node{}
	}
	// Anything else encoding/json can write ([]string, integers, structs).
	b, err := json.Marshal(v)
	if err != nil {
		return Node{}
	}
	n, err := DecodeNode(b)
	if err != nil {
		return Node{}
	}
	return n
}

// Any converts n back into encoding/json's generic form.
func (n *Node) Any() any {
	switch n.Kind {
	case Bool:
		return n.Text == "true"
	case Number:
		return json.Number(n.Text)
	case String:
		return n.Text
	case Array:
		out := make([]any, len(n.Elems))
		for i := range n.Elems {
			out[i] = n.Elems[i].Any()
		}
		return out
	case Object:
		out := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			out[k] = n.Elems[i].Any()
		}
		return out
	}
	return nil
}

// packer copies decoded documents into three blocks: their nodes, their
// object keys and their text. encoding/json leaves every value of a
// document wherever the allocator put it; packed, a case's documents are
// read front to back from a few kilobytes of memory, the way a JavaScript
// engine's JSON.parse leaves the objects it builds side by side.
type packer struct {
	nodes, keys, text int // sizes, counted by count
	nodeBlock         []Node
	keyBlock          []string
	textBlock         []byte
	all               string // textBlock as a string, cut by cut
}

func (p *packer) count(n *Node) {
	p.text += len(n.Text)
	p.keys += len(n.Keys)
	p.nodes += len(n.Elems)
	for _, k := range n.Keys {
		p.text += len(k)
	}
	for i := range n.Elems {
		p.count(&n.Elems[i])
	}
}

// alloc makes the blocks once every document is counted; roots is the
// number of nodes the caller will take for top-level lists.
func (p *packer) alloc(roots int) {
	p.nodeBlock = make([]Node, 0, p.nodes+roots)
	p.keyBlock = make([]string, 0, p.keys)
	p.textBlock = make([]byte, 0, p.text)
}

// gather appends n's text in the order copy will read it back.
func (p *packer) gather(n *Node) {
	p.textBlock = append(p.textBlock, n.Text...)
	for _, k := range n.Keys {
		p.textBlock = append(p.textBlock, k...)
	}
	for i := range n.Elems {
		p.gather(&n.Elems[i])
	}
}

// seal turns the gathered text into the string copy cuts.
func (p *packer) seal() { p.all = string(p.textBlock) }

func (p *packer) str(n int) string {
	s := p.all[:n]
	p.all = p.all[n:]
	return s
}

// nodes takes n nodes from the block.
func (p *packer) take(n int) []Node {
	l := len(p.nodeBlock)
	p.nodeBlock = p.nodeBlock[:l+n]
	return p.nodeBlock[l : l+n : l+n]
}

// copy writes src into dst, its members and elements in the blocks.
func (p *packer) copy(dst, src *Node) {
	dst.Kind = src.Kind
	dst.Text = p.str(len(src.Text))
	if len(src.Keys) > 0 {
		l := len(p.keyBlock)
		for _, k := range src.Keys {
			p.keyBlock = append(p.keyBlock, p.str(len(k)))
		}
		dst.Keys = p.keyBlock[l:len(p.keyBlock):len(p.keyBlock)]
	}
	if len(src.Elems) > 0 || src.Elems != nil {
		dst.Elems = p.take(len(src.Elems))
		for i := range src.Elems {
			p.copy(&dst.Elems[i], &src.Elems[i])
		}
	}
}
