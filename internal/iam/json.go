package iam

import (
	"bytes"

	"github.com/landform/landform/internal/jsonenc"
)

// appendJSON writes the policy as encoding/json would (an Encoder with
// SetEscapeHTML(false); Value's elements escaped by json.Marshal): the
// same bytes, without a reflection pass and a re-compaction of every
// Value. Splitting measures every statement of every role this way.
func (p Policy) appendJSON(b *bytes.Buffer) error {
	b.WriteString(`{"Version":`)
	jsonenc.String(b, p.Version, false)
	b.WriteString(`,"Statement":`)
	if p.Statement == nil {
		b.WriteString("null")
	} else {
		b.WriteByte('[')
		for i, st := range p.Statement {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := st.appendJSON(b); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return nil
}

func (st Statement) appendJSON(b *bytes.Buffer) error {
	b.WriteByte('{')
	if st.Sid != "" {
		b.WriteString(`"Sid":`)
		jsonenc.String(b, st.Sid, false)
		b.WriteByte(',')
	}
	b.WriteString(`"Effect":`)
	jsonenc.String(b, st.Effect, false)
	if len(st.Principal) > 0 {
		b.WriteString(`,"Principal":`)
		if err := appendValues(b, st.Principal); err != nil {
			return err
		}
	}
	if len(st.Action) > 0 {
		b.WriteString(`,"Action":`)
		if err := st.Action.appendJSON(b); err != nil {
			return err
		}
	}
	if len(st.Resource) > 0 {
		b.WriteString(`,"Resource":`)
		if err := st.Resource.appendJSON(b); err != nil {
			return err
		}
	}
	if len(st.Condition) > 0 {
		b.WriteString(`,"Condition":{`)
		for i, op := range keys(st.Condition) {
			if i > 0 {
				b.WriteByte(',')
			}
			jsonenc.String(b, op, false)
			b.WriteByte(':')
			if st.Condition[op] == nil {
				b.WriteString("null")
			} else if err := appendValues(b, st.Condition[op]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return nil
}

// appendValues writes a map of Values, keys sorted as encoding/json sorts
// them.
func appendValues(b *bytes.Buffer, m map[string]Value) error {
	b.WriteByte('{')
	for i, k := range keys(m) {
		if i > 0 {
			b.WriteByte(',')
		}
		jsonenc.String(b, k, false)
		b.WriteByte(':')
		if err := m[k].appendJSON(b); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// appendJSON writes v as its MarshalJSON does; plain strings directly.
func (v Value) appendJSON(b *bytes.Buffer) error {
	fast := v != nil
	for _, x := range v {
		s, ok := x.(string)
		fast = fast && ok && jsonenc.Plain(s, true)
	}
	if !fast {
		raw, err := v.MarshalJSON()
		if err != nil {
			return err
		}
		b.Write(raw)
		return nil
	}
	if len(v) != 1 {
		b.WriteByte('[')
	}
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		jsonenc.String(b, x.(string), true)
	}
	if len(v) != 1 {
		b.WriteByte(']')
	}
	return nil
}

// AppendJSON writes the policy's JSON to b: a template that holds a
// policy writes it this way.
func (p Policy) AppendJSON(b *bytes.Buffer) error { return p.appendJSON(b) }

// MarshalJSON is JSON, for encoding/json.
func (p Policy) MarshalJSON() ([]byte, error) { return p.JSON() }
