package eval

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

// TestDecodeCaseDepth: a line nested a million levels deep, in a policy or
// in a field the format does not have, is refused at the column where it
// passes MaxCaseDepth, in one pass that allocates next to nothing; a line
// exactly MaxCaseDepth deep is read, and brackets in strings are text.
func TestDecodeCaseDepth(t *testing.T) {
	const d = 1_000_000
	arrays := strings.Repeat("[", d) + strings.Repeat("]", d)
	objects := strings.Repeat(`{"a":`, d) + "1" + strings.Repeat("}", d)
	for _, tt := range []struct {
		name, line string
		col        int // 0: the line is read
	}{
		// col: where the deep part starts, plus the levels from its depth to 65.
		{"policy arrays", `{"id":"a","identityPolicies":[` + arrays + `],"request":{}}`, 31 + 62},
		{"policy objects", `{"id":"a","identityPolicies":[` + objects + `],"request":{}}`, 31 + 5*62},
		{"unknown field", `{"id":"a","x":` + arrays + `,"request":{}}`, 15 + 63},
		{"context", `{"id":"é","request":{"contextVariables":{"k":` + arrays + `}}}`, 46 + 61},
		{"at the bound", `{"id":"a","resourcePolicy":` + strings.Repeat("[", MaxCaseDepth-1) + strings.Repeat("]", MaxCaseDepth-1) + `,"request":{}}`, 0},
		{"strings", `{"id":"` + strings.Repeat(`[{\"`, 1000) + `","request":{"principal":"{{{{"}}`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			line := []byte(tt.line)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := DecodeCase(line)
			runtime.ReadMemStats(&after)
			var depth *CaseError
			switch {
			case tt.col == 0 && err != nil:
				t.Fatalf("not read: %v", err)
			case tt.col == 0:
				return
			case !errors.As(err, &depth):
				t.Fatalf("err = %v, want a *CaseError", err)
			case depth.Column != tt.col:
				t.Errorf("refused at column %d, want %d", depth.Column, tt.col)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<10 {
				t.Errorf("%d bytes in: DecodeCase allocated %d bytes", len(line), alloc)
			}
		})
	}
}
