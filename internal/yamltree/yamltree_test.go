package yamltree

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/goccy/go-yaml/token"
)

var plain = Options{Rule: func(n int) string { return fmt.Sprintf("R%d", n) }, What: "file"}

// TestGluedScalarsInFlow pins the repair of goccy reading sqs:Send inside
// [..] inside {..} as a mapping; YAML 1.2 reads it as one scalar.
func TestGluedScalarsInFlow(t *testing.T) {
	tr, fs := Parse("g.yaml", []byte("- {Effect: Allow, Action: [sqs:SendMessage, \"s3:x\", sqs:Y]}\n- a: b\n- {k: v}\n- [k: v]\n"), plain)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	want := []any{
		map[string]any{"Effect": "Allow", "Action": []any{"sqs:SendMessage", "s3:x", "sqs:Y"}},
		map[string]any{"a": "b"},
		map[string]any{"k": "v"},
		[]any{map[string]any{"k": "v"}},
	}
	if got := tr.Root.Interface(); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	if n := tr.Lookup("[0].Action[0]"); n == nil || n.Pos.Line != 1 || n.Pos.Column != 28 {
		t.Errorf("position of the repaired scalar: %+v", n)
	}
}

func TestTagHook(t *testing.T) {
	opts := plain
	opts.Tag = func(tag string, v *Node) (*Node, bool) {
		if tag != "!Up" {
			return nil, false
		}
		s, _ := v.String()
		return &Node{Kind: Scalar, Value: s + "!"}, true
	}
	tr, fs := Parse("t.yaml", []byte("a: !Up x\nb: !Other y\n"), opts)
	if got, _ := tr.Root.Get("a").String(); got != "x!" {
		t.Errorf("a = %q", got)
	}
	if len(fs) != 1 || fs[0].Rule != "R10" || fs[0].Pos.Line != 2 {
		t.Errorf("unknown tag finding: %v", fs)
	}
}

func TestPosOfOddPathsEnds(t *testing.T) {
	tr, _ := Parse("t.yaml", []byte("a:\n  b: 1\n"), plain)
	for _, p := range []string{"Resources.Fn::If", "a.b.c::d", "x[", "]", "a.b"} {
		if got := tr.Pos(p); got.File != "t.yaml" {
			t.Errorf("Pos(%q) = %v", p, got)
		}
	}
}

func TestByteOrderMarkAndLineEndings(t *testing.T) {
	for name, in := range map[string]string{
		"bom":  "\xef\xbb\xbfa: 1\nb: 2\n",
		"crlf": "a: 1\r\nb: 2\r\n",
		"cr":   "a: 1\rb: 2\r",
	} {
		tr, fs := Parse("t.yaml", []byte(in), plain)
		if len(fs) != 0 || tr.Root.Get("a") == nil {
			t.Errorf("%s: %v %+v", name, fs, tr.Root.Interface())
			continue
		}
		if p := tr.Root.Get("b").Pos; p.Line != 2 || p.Column != 4 {
			t.Errorf("%s: b at %v, want 2:4", name, p)
		}
	}
}

// TestColumnsAfterTags: a value after a tag is at its own column, the
// one an editor shows, in both readers (goccy's scanner counts one column
// too few after each tag on a line; fixTagColumns corrects it).
func TestColumnsAfterTags(t *testing.T) {
	opts := plain
	opts.Tag = func(tag string, v *Node) (*Node, bool) {
		return &Node{Kind: Map, Entries: []Entry{{Key: tag, Value: v}}}, true
	}
	data := []byte("a: !If [c, !Ref x, z]\n")
	fast, _, _, ok := parseFast("f.yaml", data, opts)
	if !ok {
		t.Fatal("the fast reader left the file to goccy")
	}
	goccy, fs, _ := parse("f.yaml", data, opts, true, false)
	if goccy == nil {
		t.Fatal(fs)
	}
	for name, tr := range map[string]*Tree{"fast": fast, "goccy": goccy} {
		items := tr.Root.Get("a").Get("!If").Items
		if len(items) != 3 {
			t.Fatalf("%s: %d items", name, len(items))
		}
		// c at 9, the inner tag at 12, x at 17, z at 20.
		for i, col := range []int{9, 17, 20} {
			n := items[i]
			if i == 1 {
				n = n.Get("!Ref")
			}
			if n.Pos.Column != col {
				t.Errorf("%s: item %d at column %d, want %d", name, i, n.Pos.Column, col)
			}
		}
	}
}

// TestPlainWordIsGoccysString: what plainWord takes for text without
// asking, goccy's token.New types as a string, whatever follows the first
// byte.
func TestPlainWordIsGoccysString(t *testing.T) {
	for c := 0; c < 256; c++ {
		for _, rest := range []string{"", "ull", "rue", "alse", "1", "0x1F", "e3", ".inf", "an", "es", "o", "ff", "ULL"} {
			s := string([]byte{byte(c)}) + rest
			if plainWord(s) && token.New(s, s, &token.Position{}).Type != token.StringType {
				t.Errorf("plainWord(%q), but goccy types it %s", s, token.New(s, s, &token.Position{}).Type)
			}
		}
	}
}

// TestEachString: every string scalar, in document order, with the path
// Parse indexes it under; numbers and booleans are not strings.
func TestEachString(t *testing.T) {
	tr, fs := Parse("e.yaml", []byte("a: x\nb: [1, y, {c: z}]\nd: true\ne.f: w\n"), plain)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	var got []string
	EachString(tr.Root, func(n *Node, s string, path func() string) {
		p := path()
		if tr.Lookup(p) != n {
			t.Errorf("%s: Lookup gives another node", p)
		}
		got = append(got, p+"="+s)
	})
	if want := `a=x [b[1]=y b[2].c=z ["e.f"]=w]`; fmt.Sprint(got[0], " ", got[1:]) != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
