package cfn

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"

	"github.com/landform/landform/internal/jsonenc"
)

func marshalJSONIndent(v any) ([]byte, error) {
	raw, err := marshalJSON(v)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// marshalJSON encodes v compactly, HTML characters as they are. The
// template's own shapes (ordered maps, lists, strings, booleans, ints) are
// written here in one pass; anything else goes to encoding/json. Through
// encoding/json alone, every nested Map's bytes were compacted again at
// each level above it, which was most of the time an organization of
// hundreds of personal roles took to measure and write its templates.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := appendJSON(&b, v, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// errPastLimit stops an encoding whose output has grown past its limit.
var errPastLimit = errors.New("past the limit")

// jsonAppender is a value that writes its own compact JSON (an IAM
// policy), as encoding/json would.
type jsonAppender interface{ AppendJSON(*bytes.Buffer) error }

// appendJSON appends v's compact JSON to b. With a limit above 0 it stops
// with errPastLimit once b is longer than limit, between two entries of a
// map or a list: a caller that only asks whether v fits need not encode
// all of a large template.
func appendJSON(b *bytes.Buffer, v any, limit int) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case *Map:
		if x == nil {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			// A key is escaped as json.Marshal does, HTML characters
			// included, as it always was.
			jsonenc.String(b, k, true)
			b.WriteByte(':')
			if err := appendJSON(b, x.vals[k], limit); err != nil {
				return err
			}
			if limit > 0 && b.Len() > limit {
				return errPastLimit
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendJSON(b, e, limit); err != nil {
				return err
			}
			if limit > 0 && b.Len() > limit {
				return errPastLimit
			}
		}
		b.WriteByte(']')
	case string:
		jsonenc.String(b, x, false)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case jsonAppender:
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer && rv.IsNil() {
			b.WriteString("null")
			return nil
		}
		return x.AppendJSON(b)
	default:
		return jsonenc.Value(b, v)
	}
	return nil
}
