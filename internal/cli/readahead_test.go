package cli

import (
	"path/filepath"
	"testing"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/kinds/kindtest"
)

// TestReadAheadPrepared: what prepare made on a build's goroutine is
// handed over with that build, in order; a file taken out of order is
// built by the caller and has nothing prepared, not the last build's.
func TestReadAheadPrepared(t *testing.T) {
	files, _ := filepath.Glob("../../examples/sec/*.yaml")
	if len(files) < 3 {
		t.Fatalf("%d sec examples", len(files))
	}
	b := &artifact.Builder{Env: kindtest.Env(nil)}
	r := startReadAhead(b, files, func(c *artifact.Config) any { return c.File })
	defer r.close()
	for _, f := range files[:2] {
		c, err, ok := r.take(b, f)
		if !ok || err != nil {
			t.Fatalf("take %s: ok %v, %v", f, ok, err)
		}
		if got := r.prepared(); got != c.File || got != f {
			t.Errorf("prepared %v for %s", got, f)
		}
	}
	if _, _, ok := r.take(b, "elsewhere.yaml"); ok {
		t.Fatal("a file out of order was taken")
	}
	if got := r.prepared(); got != nil {
		t.Errorf("prepared %v after a file out of order, want nothing", got)
	}
	var none *readAhead
	if none.prepared() != nil {
		t.Error("no read-ahead prepared something")
	}
}
