package assets

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{"p/a.yaml": {Data: []byte("base-a")}, "p/b.yaml": {Data: []byte("base-b")}}
	top := fstest.MapFS{"p/b.yaml": {Data: []byte("top-b")}, "p/c.yaml": {Data: []byte("top-c")}}
	o := Overlay(base, top)
	for name, want := range map[string]string{"p/a.yaml": "base-a", "p/b.yaml": "top-b", "p/c.yaml": "top-c"} {
		got, err := fs.ReadFile(o, name)
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	matches, err := fs.Glob(o, "p/*.yaml")
	if err != nil || len(matches) != 3 {
		t.Errorf("glob = %v, %v", matches, err)
	}
	if Overlay(base, nil) == nil {
		t.Error("nil top should return base")
	}
}
