package cfn

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"

	"github.com/landform/landform/internal/testutil"
)

// trickyStrings are strings at the edges of YAML's plain and literal
// styles: words YAML 1.1 and 1.2 resolve, numbers in every base,
// timestamps, indicators at either end, comments, escapes, blank and
// indented lines, control characters and wide runes.
var trickyStrings = []string{
	"", " ", "a", "-", "--", "---", "...", "- a", "-a", "a-", "a -", "? a", "?a", ":a", "a:", "a: b", "a:b", "a :b",
	"http://x", "arn:aws:iam::123456789012:role/x", "*", "*a", "&a", "!a", "!Ref x", "%a", "@a", "`a", "|", ">", "|a",
	"<<", "<", "[a]", "{a}", "a]", "a}", "a,b", ",a", "'a'", `"a"`, "a'b", `a"b`, "#a", "a#b", "a #b", "a\\b", "\\",
	"null", "Null", "NULL", "~", "true", "True", "FALSE", "y", "Y", "n", "N", "yes", "No", "on", "OFF", "nan", "inf",
	".inf", "-.inf", "+.inf", ".NaN", ".5", "5.", "1", "-1", "+1", "01", "0o17", "0x1F", "0b101", "1_000", "1e3", "1E-3",
	"1.2.3", "99999999999999999999999", "-99999999999999999999999", "0.", "_1", "1_", "2024-01-02", "2024-01-02T03:04:05Z",
	"2024-01-02 03:04:05", "15:04", "1:2", "12:30:45", "a\tb", "\ta", "a\t", "a \t", "\u00e9", "\u00e9:", "é: x",
	"\x01", "a\x7fb", "\u0085", "\u2028", "\ufeff", "\u00a0", "a\u00a0", "日本語", "😀",
	"l1\nl2", "l1\nl2\n", "l1\n\n", "l1\n\nl2", "\nl1", "\n", "\n\n", "  lead\nx", "x\n  indented\n", "a\r\nb", "a\rb",
	"x\n \ny", "x\n\t\ny", "\tx\ny", "x\ny ", "# c\nx", "x\n---\ny", "x\n...\n", "key: value\nlist:\n  - a\n",
}

// TestNeedsQuoteAsGoccy: every string goccy quotes is quoted, and a string
// goccy would leave plain is quoted only where goccy's own parser reads
// the plain form back as something else (misread).
func TestNeedsQuoteAsGoccy(t *testing.T) {
	for _, s := range trickyStrings {
		if s == "" || strings.ContainsAny(s, "\n\r") {
			continue
		}
		goccy, mine := token.IsNeedQuoted(s), needsQuote(s)
		if goccy && !mine {
			t.Errorf("%q: goccy quotes it, the writer does not", s)
		}
		if mine && !goccy && !misread(s) {
			t.Errorf("%q: quoted, but goccy would not and it reads back as written", s)
		}
	}
}

// TestYAMLWriterTrickyStrings: each tricky string, as a key, a value, a
// list item and a value in a list's map, reads back as itself, and the
// writer's tree is the parse's, positions included.
func TestYAMLWriterTrickyStrings(t *testing.T) {
	for _, s := range trickyStrings {
		checkWriter(t, s, "v")
		checkWriter(t, "k", s)
	}
}

// FuzzYAMLWriter: any key and value read back from the writer's bytes as
// they were written, into the writer's own tree; where neither string is
// one goccy is known to misread (nor the key multi-line, which goccy
// writes as a literal block), the bytes are goccy's.
func FuzzYAMLWriter(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add("k", s)
		f.Add(s, "v")
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		checkWriter(t, key, value)
	})
}

func checkWriter(t *testing.T, key, value string) {
	t.Helper()
	if !utf8Valid(key) || !utf8Valid(value) || key == "A" || key == "B" {
		return
	}
	doc := M("A", value, key, M("B", []any{value, M("C", value, "D", []any{}), []any{value, 1}}), "E", M())
	body, root, err := encodeYAML("t.yaml", doc)
	if err != nil {
		t.Fatalf("%q %q: %v", key, value, err)
	}
	parsed, fs := Parse("t.yaml", body)
	if parsed == nil || len(fs) > 0 {
		t.Fatalf("%q %q: the writer's bytes do not parse: %v\n%s", key, value, fs, body)
	}
	if d := testutil.TreeDiff(parsed.Root, root); d != "" {
		t.Fatalf("%q %q: %s\n%s", key, value, d, body)
	}
	if !strings.ContainsAny(key, "\n\r") && goccyWrites(key) && goccyWrites(value) {
		want, err := yaml.MarshalWithOptions(doc, yaml.Indent(2), yaml.IndentSequence(true), yaml.UseLiteralStyleIfMultiline(true))
		if err == nil && !bytes.Equal(want, body) {
			t.Fatalf("%q %q: bytes differ from goccy's:\n%s\nwant:\n%s", key, value, body, want)
		}
	}
}

// goccyWrites says goccy writes s so that it reads back: the strings the
// writer writes as goccy does. (A blank line inside a literal block the
// writer leaves empty, as it does the blank lines a |+ block ends with;
// goccy indents them in some places and not others.)
func goccyWrites(s string) bool {
	if strings.ContainsAny(s, "\n\r") {
		return literal(s) && !strings.HasSuffix(s, "\n\n") && !slices.Contains(strings.Split(strings.TrimRight(s, "\n"), "\n"), "")
	}
	return s == "" || !misread(s)
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }

// TestPlainSafeShortcut: for a string starting with a letter, the
// shortcut of needsQuote (only reserved words quoted when every byte is
// plainSafe) gives what its full test gives, for every such string of up
// to three printable ASCII bytes and the tricky strings.
func TestPlainSafeShortcut(t *testing.T) {
	full := func(s string) bool { return quotedWords[s] || plainTrap(s) || misread(s) }
	var in []string
	for _, s := range trickyStrings {
		if s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
			in = append(in, s)
		}
	}
	for a := 'A'; a <= 'z'; a++ {
		if a > 'Z' && a < 'a' {
			continue
		}
		in = append(in, string(a))
		for b := 0x20; b < 0x7f; b++ {
			in = append(in, string([]byte{byte(a), byte(b)}))
			for c := 0x20; c < 0x7f; c++ {
				in = append(in, string([]byte{byte(a), byte(b), byte(c)}))
			}
		}
	}
	in = append(in, "Yes", "NULL", "Falsey", "Ref", "AWS::Region", "a<<b", "x-y.z/w*")
	shortcuts := 0
	for _, s := range in {
		if got, want := needsQuote(s), full(s); got != want {
			t.Errorf("%q: needsQuote %v, its full test %v", s, got, want)
		}
		if plainSafe(s) {
			shortcuts++
		}
	}
	if shortcuts < len(in)/2 {
		t.Errorf("the shortcut took %d of %d strings", shortcuts, len(in))
	}
}
