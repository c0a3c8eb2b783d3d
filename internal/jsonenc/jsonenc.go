// Package jsonenc writes JSON byte for byte as encoding/json does, fast
// for the common case: printable ASCII strings written between quotes
// without a reflection pass. Templates and policies are mostly such
// strings; anything else is handed to encoding/json.
package jsonenc

import (
	"bytes"
	"encoding/json"
)

// String writes s as encoding/json does: with html, as json.Marshal (<, >
// and & escaped); without, as an Encoder with SetEscapeHTML(false).
func String(b *bytes.Buffer, s string, html bool) {
	if plain(s, html) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	if html {
		raw, _ := json.Marshal(s) // a string always encodes
		b.Write(raw)
		return
	}
	_ = Value(b, s)
}

// Value writes encoding/json's compact form of v, HTML characters as they
// are (an Encoder with SetEscapeHTML(false), without its newline).
func Value(b *bytes.Buffer, v any) error {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Write(bytes.TrimRight(tmp.Bytes(), "\n"))
	return nil
}

// Plain reports whether encoding/json writes s between quotes unchanged:
// printable ASCII without a quote or backslash (nor <, >, & when html).
func Plain(s string, html bool) bool { return plain(s, html) }

func plain(s string, html bool) bool {
	table := &plainBytes
	if html {
		table = &plainHTMLBytes
	}
	for i := 0; i < len(s); i++ {
		if !table[s[i]] {
			return false
		}
	}
	return true
}

// plainBytes and plainHTMLBytes are the bytes plain lets through: one
// load per byte on the encoders' hottest loop.
var plainBytes, plainHTMLBytes = func() (p, h [256]bool) {
	for c := 0x20; c <= 0x7e; c++ {
		p[c] = c != '"' && c != '\\'
		h[c] = p[c] && c != '<' && c != '>' && c != '&'
	}
	return p, h
}()
