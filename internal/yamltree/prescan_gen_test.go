package yamltree

import (
	"bytes"
	"strings"
)

// yamlGen writes a YAML document chosen by the bytes it reads: nested
// block maps and sequences (compact or not), flow collections over lines,
// and the scalars that hold brackets, dashes and colons as text, with
// tags, anchors and comments. FuzzDepthPreScan feeds it the fuzzer's
// bytes, which then explore YAML goccy accepts, where random bytes
// rarely parse.
type yamlGen struct {
	in  []byte
	out bytes.Buffer
}

func genYAML(in []byte) []byte {
	g := &yamlGen{in: in}
	g.node(0, false, 0)
	return g.out.Bytes()
}

// pick reads the next choice among n (0 once the bytes run out).
func (g *yamlGen) pick(n int) int {
	if len(g.in) == 0 {
		return 0
	}
	c := int(g.in[0])
	g.in = g.in[1:]
	return c % n
}

var genScalars = [...]string{
	"a", "b c", "x[y", "k]{", "'q[:'", `"r\"{["`, `"a` + "\t" + `b"`, "'it''s'", "1", "!t v", "&a v", "*a",
	"[]", "{}", "a#b", "http://x", "-x", "é", `"\u00e9["`, "'a\n  [b'",
}

func (g *yamlGen) scalar(indent int) {
	switch g.pick(6) {
	case 0: // a block scalar, its lines full of structure
		g.out.WriteString([...]string{"|", ">", "|-", ">+", "|2"}[g.pick(5)] + "\n")
		for range 1 + g.pick(3) {
			g.out.WriteString(strings.Repeat(" ", indent+2) + [...]string{"[[{", "- - x", "k: [v", "", "# ]]"}[g.pick(5)] + "\n")
		}
		g.out.WriteString(strings.Repeat(" ", indent))
		return
	default:
		g.out.WriteString(genScalars[g.pick(len(genScalars))])
	}
}

// node writes a value at indent; inline is true after "- " or "k: " on
// the same line, flow inside brackets.
func (g *yamlGen) node(indent int, flow bool, depth int) {
	kind := g.pick(8)
	if depth > 12 {
		kind = 0
	}
	pad := strings.Repeat(" ", indent)
	switch {
	case kind < 2:
		g.scalar(indent)
	case kind < 4: // flow
		open, end := "[", "]"
		if kind == 3 {
			open, end = "{", "}"
		}
		g.out.WriteString(open)
		for i := range g.pick(4) {
			if i > 0 {
				g.out.WriteString([...]string{", ", ",\n" + pad + "  ", ","}[g.pick(3)])
			}
			if open == "{" {
				g.out.WriteString([...]string{"k: ", `"k": `, "k:"}[g.pick(3)])
			}
			g.node(indent+2, true, depth+1)
		}
		g.out.WriteString(end)
	case flow:
		g.scalar(indent)
	case kind < 6: // a block sequence: its items at indent
		for i := range 1 + g.pick(3) {
			if i > 0 {
				g.out.WriteString("\n" + pad)
			}
			g.out.WriteString("- ")
			g.node(indent+2, false, depth+1)
		}
	default: // a block map: its keys at indent, block values deeper or at indent for sequences
		for i := range 1 + g.pick(3) {
			if i > 0 {
				g.out.WriteString("\n" + pad)
			}
			g.out.WriteString([...]string{"k", "k2", `"q"`, "<<", "x y"}[g.pick(5)] + i2s(i) + ":")
			switch g.pick(4) {
			case 0:
				step := [...]int{0, 1, 2, 4}[g.pick(4)]
				g.out.WriteString("\n" + strings.Repeat(" ", indent+step))
				g.node(indent+step, false, depth+1)
			case 1:
				g.out.WriteString(" # c\n" + pad + "  ")
				g.node(indent+2, false, depth+1)
			default:
				g.out.WriteString(" ")
				g.node(indent+2, false, depth+1)
			}
		}
	}
	if len(g.in) > 0 && g.pick(9) == 0 { // a stray word
		g.out.WriteString(words[g.pick(len(words))])
	}
}

func i2s(i int) string { return strings.Repeat("_", i) }
