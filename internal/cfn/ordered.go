package cfn

import (
	"github.com/goccy/go-yaml"
)

// Map is a mapping that keeps its keys in insertion order, so templates
// encode the same bytes every time.
type Map struct {
	keys []string
	vals map[string]any
}

// NewMap returns an empty ordered map.
func NewMap() *Map { return &Map{vals: map[string]any{}} }

// M builds an ordered map from alternating keys and values:
// M("Ref", "X"). It panics on an odd count, which is a programming error.
func M(kv ...any) *Map {
	if len(kv)%2 != 0 {
		panic("cfn.M: odd number of arguments")
	}
	m := &Map{vals: make(map[string]any, len(kv)/2), keys: make([]string, 0, len(kv)/2)}
	for i := 0; i < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1])
	}
	return m
}

// Set adds or replaces key; a new key goes last.
func (m *Map) Set(key string, v any) *Map {
	if _, ok := m.vals[key]; !ok {
		m.keys = append(m.keys, key)
	}
	m.vals[key] = v
	return m
}

// SetIf sets key only when cond holds; it keeps builders free of if-blocks
// for optional properties.
func (m *Map) SetIf(cond bool, key string, v any) *Map {
	if cond {
		m.Set(key, v)
	}
	return m
}

// Get returns the value of key.
func (m *Map) Get(key string) (any, bool) {
	if m == nil {
		return nil, false
	}
	v, ok := m.vals[key]
	return v, ok
}

// Keys returns the keys in order.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	return m.keys
}

// Len returns the number of keys.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

// MarshalYAML encodes the map with its key order.
func (m *Map) MarshalYAML() (any, error) {
	s := make(yaml.MapSlice, 0, len(m.keys))
	for _, k := range m.keys {
		s = append(s, yaml.MapItem{Key: k, Value: m.vals[k]})
	}
	return s, nil
}

// MarshalJSON encodes the map with its key order.
func (m *Map) MarshalJSON() ([]byte, error) { return marshalJSON(m) }
