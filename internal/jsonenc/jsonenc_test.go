package jsonenc

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The fast path and encoding/json agree on every string, HTML-escaped or
// not: the ones the fast path takes and the ones it hands on.
func TestStringAsEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "arn:aws:s3:::b/*", "a\"b", `a\b`, "tab\there", "<&>", "é", "\u2028", "\xff", "${aws:username}", "~"} {
		for _, html := range []bool{true, false} {
			var got bytes.Buffer
			String(&got, s, html)
			if w := encodingJSON(t, s, html); !bytes.Equal(got.Bytes(), w) {
				t.Errorf("String(%q, html=%v) = %s, encoding/json %s", s, html, got.Bytes(), w)
			}
		}
	}
	if Plain("<", true) || !Plain("<", false) || Plain("\x7f", false) {
		t.Error("Plain misjudges <, or DEL")
	}
}

// TestPlainEveryByte: plain lets a byte through exactly when encoding/json
// writes it unchanged, for every byte, with and without HTML escaping.
func TestPlainEveryByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		s := string([]byte{'a', byte(c)})
		for _, html := range []bool{true, false} {
			same := bytes.Equal(encodingJSON(t, s, html), []byte(`"`+s+`"`))
			if got := Plain(s, html); got && !same || !got && c >= 0x20 && c <= 0x7e && same {
				t.Errorf("byte %#x, html %v: Plain %v, encoding/json unchanged %v", c, html, got, same)
			}
		}
	}
}

// encodingJSON is s as encoding/json writes it, without the newline.
func encodingJSON(t *testing.T, s string, html bool) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}
