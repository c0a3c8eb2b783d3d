package yamltree

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// anyTag reads every tag as the value it tags, as cfn's short forms do, so
// that tags are no error to the parse the pre-scan is compared with.
var anyTag = func() Options {
	o := plain
	o.Tag = func(_ string, v *Node) (*Node, bool) { return v, true }
	return o
}()

// Deep inputs of each shape. Nesting by indentation needs depth²/2 bytes,
// so those shapes are as deep as 1 MiB allows.
func deepShapes(d int) map[string]struct {
	in        string
	line, col int // where the first collection deeper than MaxDepth starts
} {
	indented := func(d, step int, item string) string {
		var b strings.Builder
		for i := range d {
			b.WriteString(strings.Repeat(" ", step*i) + item + "\n")
		}
		return b.String()
	}
	const over = MaxDepth + 1 // 0-based depth of the first refused collection
	return map[string]struct {
		in        string
		line, col int
	}{
		"json arrays":     {strings.Repeat("[", d) + strings.Repeat("]", d), 1, over + 1},
		"json objects":    {strings.Repeat(`{"a":`, d) + "1" + strings.Repeat("}", d), 1, 5*over + 1},
		"yaml flow":       {strings.Repeat("{a: [", d/2) + "x" + strings.Repeat("]}", d/2), 1, 5*(over/2) + 5},
		"flow over lines": {strings.Repeat("[\n", d) + strings.Repeat("]\n", d), over + 1, 1},
		"dashes":          {strings.Repeat("- ", d) + "x\n", 1, 2*over + 1},
		"block sequences": {indented(1400, 1, "-"), over + 1, over + 1},
		"block mappings":  {indented(1400, 1, "a:"), over + 1, over + 1},
		"seqs of maps":    {indented(700, 4, "- a:"), over/2 + 1, 4*(over/2) + 3},
	}
}

// TestDeepInputsRefusedCheaply: the pre-scan refuses each deep shape at the
// first collection deeper than MaxDepth, without the parse's quadratic cost.
func TestDeepInputsRefusedCheaply(t *testing.T) {
	for name, tt := range deepShapes(1_000_000) {
		t.Run(name, func(t *testing.T) {
			data := []byte(tt.in)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			tr, fs := Parse("deep.yaml", data, plain)
			runtime.ReadMemStats(&after)
			if tr != nil || len(fs) != 1 || fs[0].Rule != "R5" || !strings.Contains(fs[0].Message, "deeper than 64") {
				t.Fatalf("%d bytes: %v", len(data), fs)
			}
			if p := fs[0].Pos; tt.line != 0 && (p.Line != tt.line || p.Column != tt.col) {
				t.Errorf("refused at %d:%d, want %d:%d", p.Line, p.Column, tt.line, tt.col)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes: refused at %v, Parse allocated %d bytes", len(data), fs[0].Pos, alloc)
			if alloc > 1<<20 {
				t.Errorf("%d bytes in: Parse allocated %d bytes", len(data), alloc)
			}
		})
	}
}

// nested is n collections of a shape around the scalar x.
func nested(shape string, n int) string {
	var b strings.Builder
	switch shape {
	case "flow":
		b.WriteString(strings.Repeat("[", n) + "x" + strings.Repeat("]", n))
	case "json":
		b.WriteString(strings.Repeat(`{"a":`, n) + `"x"` + strings.Repeat("}", n))
	case "dashes":
		b.WriteString(strings.Repeat("- ", n) + "x\n")
	case "block":
		for i := range n - 1 {
			b.WriteString(strings.Repeat("  ", i) + "a:\n")
		}
		b.WriteString(strings.Repeat("  ", n-1) + "a: x\n")
	}
	return b.String()
}

// TestDepthBound: 64 collections around a scalar are read; 65 are refused
// by the converter (the scalar is at depth 65), and so are 300, which Parse's
// pre-scan lets through to it; a pre-scan bounded at MaxDepth refuses 66.
func TestDepthBound(t *testing.T) {
	for _, shape := range []string{"flow", "json", "dashes", "block"} {
		t.Run(shape, func(t *testing.T) {
			if tr, fs := Parse("d.yaml", []byte(nested(shape, 64)), plain); tr == nil || len(fs) != 0 {
				t.Errorf("64 levels: %v", fs)
			}
			for n, preScan := range map[int]bool{65: false, 66: true} {
				in := []byte(nested(shape, n))
				if s := scanDepth(in, MaxDepth); s.over != preScan {
					t.Errorf("%d levels: pre-scan refuses: %v", n, s.over)
				}
				if tr, fs := Parse("d.yaml", in, plain); tr != nil || len(fs) != 1 || fs[0].Rule != "R5" {
					t.Errorf("%d levels: %v", n, fs)
				}
			}
			in := []byte(nested(shape, 300))
			if s := scanDepth(in, preScanLimit); s.over || s.deepest != 299 { // the outermost is depth 0
				t.Errorf("300 levels: pre-scan refuses %v at depth %d", s.over, s.deepest)
			}
			if tr, fs := Parse("d.yaml", in, plain); tr != nil || len(fs) != 1 || fs[0].Rule != "R5" {
				t.Errorf("300 levels: %v", fs)
			}
		})
	}
}

// TestPreScanReadsText: brackets, dashes and keys in quoted strings,
// comments, block scalars and plain scalars are text, not nesting.
func TestPreScanReadsText(t *testing.T) {
	deep := strings.Repeat("[[[[[", 1000)
	for name, in := range map[string]string{
		"double quoted":   `a: "` + deep + `"` + "\n",
		"single quoted":   "a: '" + deep + "''{{{'\n",
		"escaped quote":   `{"a": "\"` + deep + `\\", "b": [1]}`,
		"json strings":    `{"a": ["` + strings.Repeat(`[{\"`, 500) + `"]}`,
		"multiline quote": "a: \"x\n  " + deep + "\n  y\"\nb: 1\n",
		"comment":         "# " + deep + "\na: 1 # " + deep + "\nb: [1, # " + deep + "\n  2]\n",
		"literal":         "a: |\n  " + deep + "\n  - - - x\n  k: v\n\n  " + deep + "\nb: 1\n",
		"folded":          "- >-\n    " + deep + "\n    {{{{\n- 2\n",
		"indented block":  "a:\n  - |2\n     " + deep + "\n  - 2\n",
		"plain":           "a: x" + deep + "\nb: y " + deep + "\n  " + deep + "\n",
		"tag":             "a: !Sub x" + deep + "\nb: !Sub |\n  " + deep + "\n",
		"flow plain":      "a: [x, y:z, 'q[', \"r{\"]\nb: {k: v}\n",
		"anchor":          "a: &x" + strings.Repeat("[", 10) + " 1\nb: *x" + strings.Repeat("[", 10) + "\n",
		"document":        "---\n" + nested("block", 64) + "...\n",
	} {
		t.Run(name, func(t *testing.T) {
			data := []byte(in)
			tr, fs, deepest := parse("t.yaml", data, anyTag, false, false)
			if tr == nil || fs.HasErrors() {
				t.Fatalf("%v", fs)
			}
			if s := scanDepth(data, MaxDepth); s.over || s.deepest > deepest {
				t.Errorf("pre-scan: depth %d (over %v at %v), the parse's %d", s.deepest, s.over, s.overAt, deepest)
			}
		})
	}
}

// FuzzDepthPreScan: the pre-scan never counts deeper than the parse does.
// On any input the parse accepts (without the pre-scan: goccy and the
// converter's exact check), the pre-scan's depth is at most the deepest
// collection the converter met, so what the pre-scan refuses, the parse
// would have refused too, or failed to parse.
func FuzzDepthPreScan(f *testing.F) {
	for _, shape := range []string{"flow", "json", "dashes", "block"} {
		f.Add([]byte(nested(shape, 3)))
		f.Add([]byte(nested(shape, 66)))
	}
	for _, s := range []string{
		"a:\n  - b: [1, {c: \"]\"}]\n    d: |\n      [[[\n  - 'x''['\n# [[[\ne: >\n  {{{\n",
		"- |\n\n- [[x]]\n", "x: \"a\tb\"]\n", "- !t a: 1\n  b: 2\n", "<<: {a: [1]}\nb: *x\n",
		"a: &x [y]\nb: *x\n", "? [a]\n: b\n", "a:\n[y]\n", "x:\n  a\n  b: c\n", "a: \"q\"\t[b]\n",
		"%YAML 1.2\n---\n[a]\n...\n", "a: b\n  -c\n  [d]\n", "{a: [b, {c: d}], e: f}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPreScan(t, data)
		checkPreScan(t, yamlWords(data))
		checkPreScan(t, genYAML(data))
	})
}

// words are the pieces of YAML that change what goccy reads as structure.
var words = [...]string{
	"[", "]", "{", "}", ", ", ",", ": ", ":", "- ", "-", "\n", "\n", "\n  ", "\n    ", " ", "  ",
	"a", "b: ", "c:", "'", "\"", "''", "\\", "\t", "#", " #", "|", ">", "|-\n", ">+\n", "|2\n",
	"!t ", "&a ", "*a", "<<: ", "? ", "---\n", "...\n", "%YAML 1.2\n", "x y", "\"\t\"", "\"a\tb\"",
	"é", "\\u00e9", "\\x41", "\\\n", "@", "/", "'a'", "\"a\"",
}

// yamlWords reads each byte as one of words: random bytes rarely make the
// YAML that tells a scanner's model from the scanner.
func yamlWords(data []byte) []byte {
	var b bytes.Buffer
	for _, c := range data {
		b.WriteString(words[int(c)%len(words)])
	}
	return b.Bytes()
}

func checkPreScan(t *testing.T, data []byte) {
	t.Helper()
	s := scanDepth(clean(data), MaxDepth)
	if s.over && (s.overAt[0] < 1 || s.overAt[0] > bytes.Count(clean(data), []byte("\n"))+1) {
		t.Fatalf("refused at line %d, outside the input", s.overAt[0])
	}
	tr, fs, deepest := parse("f.yaml", data, anyTag, false, false)
	if tr == nil || fs.HasErrors() {
		return
	}
	if s.over || s.deepest > deepest {
		t.Fatalf("%q: pre-scan depth %d (over %v at %v), the parse's %d", data, s.deepest, s.over, s.overAt, deepest)
	}
	if tr2, fs2 := Parse("f.yaml", data, anyTag); tr2 == nil || fmt.Sprint(fs2) != fmt.Sprint(fs) {
		t.Fatalf("with the pre-scan: %v, without: %v", fs2, fs)
	}
}

// BenchmarkParseDeep: a 980 KB JSON template 490,000 arrays deep, under
// cfn's 1 MB limit, is refused at its 66th bracket, after the UTF-8 check
// that reads it all. The scan/ benchmark is the pre-scan reading a 1 MB
// template to its end, the cost it adds to every Parse.
func BenchmarkParseDeep(b *testing.B) {
	data := []byte(strings.Repeat("[", 490_000) + strings.Repeat("]", 490_000))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if tr, _ := Parse("deep.json", data, plain); tr != nil {
			b.Fatal("read")
		}
	}
}

func BenchmarkPreScan(b *testing.B) {
	var t bytes.Buffer
	t.WriteString("Resources:\n")
	for i := 0; t.Len() < 1<<20; i++ {
		fmt.Fprintf(&t, "  Bucket%d:\n    Type: AWS::S3::Bucket # note\n    Properties:\n"+
			"      Tags: [{Key: k, Value: !Sub '${AWS::StackName}-%d'}]\n      Policy: |\n        {\"a\": [1]}\n", i, i)
	}
	b.ReportAllocs()
	b.SetBytes(int64(t.Len()))
	for b.Loop() {
		if s := scanDepth(t.Bytes(), MaxDepth); s.over || s.stopped || s.deepest != 5 {
			b.Fatalf("depth %d, stopped %v", s.deepest, s.stopped)
		}
	}
}
