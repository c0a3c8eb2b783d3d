package kinds

import (
	"errors"
	"sync"
	"testing"
)

// TestMemo: however many goroutines ask for a key, its load runs once and
// each gets its value; another key loads on its own; a failure is kept.
func TestMemo(t *testing.T) {
	e := NewEnv(nil, nil)
	var mu sync.Mutex
	calls := map[string]int{}
	load := func(key string, err error) func() (string, error) {
		return func() (string, error) {
			mu.Lock()
			calls[key]++
			mu.Unlock()
			return "value of " + key, err
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := Memo(e, "a", load("a", nil)); v != "value of a" || err != nil {
				t.Errorf("Memo(a) = %q, %v", v, err)
			}
		}()
	}
	wg.Wait()
	broken := errors.New("broken asset")
	for i := 0; i < 2; i++ {
		if _, err := Memo(e, "b", load("b", broken)); !errors.Is(err, broken) {
			t.Errorf("Memo(b) error %v, want %v", err, broken)
		}
	}
	if calls["a"] != 1 || calls["b"] != 1 {
		t.Errorf("loads %v, want one per key", calls)
	}
}
