package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/landform/landform/internal/finding"
)

// CaseError is DecodeCase's error: where on the line, in characters from 1,
// and what is wrong, in the terms of the access eval format.
type CaseError struct {
	Column int
	Msg    string
}

func (e *CaseError) Error() string { return fmt.Sprintf("column %d: %s", e.Column, e.Msg) }

// shape is what the format allows at a place of a line: an object with
// these fields, a list of elem, a string, or any JSON value (a policy or
// the context, which Compile and NewRequest check in their own terms).
type shape struct {
	what   string // how the format names the value, for messages
	fields map[string]*shape
	elem   *shape
	str    bool
}

var (
	anyValue   = &shape{what: "a JSON value"}
	str        = &shape{what: "a string", str: true}
	policyList = &shape{what: "a list of policies ([{…}, …])", elem: anyValue}
	caseShape  = &shape{what: "a JSON object", fields: map[string]*shape{
		"id":                   str,
		"identityPolicies":     policyList,
		"resourcePolicy":       anyValue,
		"permissionBoundaries": policyList,
		"sessionPolicy":        anyValue,
		"scps":                 policyList,
		"scpLevels":            {what: "a list of levels, each a list of policies ([[{…}], …])", elem: policyList},
		"rcps":                 policyList,
		"rcpLevels":            {what: "a list of levels, each a list of policies ([[{…}], …])", elem: policyList},
		"request": {what: "an object {principal, action, resource, contextVariables}", fields: map[string]*shape{
			"principal": str,
			"action":    str,
			"resource": {what: "an object {resource, accountId}", fields: map[string]*shape{
				"resource":  str,
				"accountId": str,
			}},
			"contextVariables": anyValue,
		}},
	}}
)

// explain turns encoding/json's error on a line into a CaseError. Syntax
// errors carry their offset; for a value of the wrong type or an unknown
// field, the line is walked again, token by token, against the format's
// shape (only on this error path), to say which field and where it starts.
func explain(line []byte, err error) error {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return &CaseError{Column: column(line, int(syntax.Offset)-1), Msg: "not JSON: " + syntax.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &CaseError{Column: column(line, len(line)), Msg: "the line ends inside its JSON: close each string, [ and { it opens"}
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber() // a number out of float64's range is the decoder's error, not the walk's
	if werr := walk(dec, line, caseShape, ""); werr != nil {
		if _, ok := werr.(*CaseError); ok {
			return werr
		}
		return tokenError(line, dec, werr)
	}
	return &CaseError{Column: 1, Msg: strings.TrimPrefix(err.Error(), "json: ")}
}

// tokenError is a CaseError for the walk's own reading error: syntax, an
// early end, or else the decoder's words, never a second walk.
func tokenError(line []byte, dec *json.Decoder, err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return explain(line, err)
	}
	return &CaseError{Column: column(line, int(dec.InputOffset())), Msg: strings.TrimPrefix(err.Error(), "json: ")}
}

// walk reads one value from dec and checks it against sh.
func walk(dec *json.Decoder, line []byte, sh *shape, path string) error {
	start := valueStart(line, int(dec.InputOffset()))
	tok, err := dec.Token()
	if err != nil {
		return tokenError(line, dec, err)
	}
	wrong := func() error {
		name := path
		if name == "" {
			name = "the line"
		}
		return &CaseError{Column: column(line, start), Msg: fmt.Sprintf("%s must be %s, not %s", name, sh.what, kindOf(tok))}
	}
	if tok == nil { // null is no value: the field is left out
		return nil
	}
	d, isDelim := tok.(json.Delim)
	switch {
	case sh == anyValue:
		if isDelim {
			return skip(dec)
		}
		return nil
	case sh.str:
		if _, ok := tok.(string); !ok {
			return wrong()
		}
		return nil
	case sh.fields != nil && d == '{':
		return walkObject(dec, line, sh, path)
	case sh.elem != nil && d == '[':
		for i := 0; dec.More(); i++ {
			if err := walk(dec, line, sh.elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	}
	return wrong()
}

func walkObject(dec *json.Decoder, line []byte, sh *shape, path string) error {
	for dec.More() {
		at := valueStart(line, int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			return tokenError(line, dec, err)
		}
		key, _ := tok.(string)
		field, ok := sh.fields[key]
		if !ok {
			return unknownField(line, at, sh, path, key)
		}
		if err := walk(dec, line, field, strings.TrimPrefix(path+"."+key, ".")); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

func unknownField(line []byte, at int, sh *shape, path, key string) error {
	known := make([]string, 0, len(sh.fields))
	for k := range sh.fields {
		known = append(known, k)
	}
	slices.Sort(known)
	in := "a case"
	if path != "" {
		in = path
	}
	hint := "the fields are " + strings.Join(known, ", ")
	if m := finding.Suggest(key, known); m != "" {
		hint = fmt.Sprintf("did you mean %q? (%s)", m, hint)
	}
	return &CaseError{Column: column(line, at), Msg: fmt.Sprintf("unknown field %q in %s: %s", key, in, hint)}
}

// skip reads the rest of the array or object whose opening token was read.
func skip(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
	return nil
}

// valueStart is the offset of the next token after off: past the blanks,
// ':' and ',' that Decoder.Token reads between tokens.
func valueStart(line []byte, off int) int {
	for off < len(line) && strings.IndexByte(" \t\r\n:,", line[off]) >= 0 {
		off++
	}
	return off
}

// column is the character column, from 1, of the byte at off.
func column(line []byte, off int) int {
	off = max(0, min(off, len(line)))
	return utf8.RuneCount(line[:off]) + 1
}

func kindOf(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return "a string"
	case bool:
		return "true or false"
	case json.Number:
		return "a number"
	}
	return "null"
}
