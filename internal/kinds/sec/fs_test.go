package sec_test

import (
	"io/fs"
	"testing/fstest"

	"github.com/landform/landform/internal/assets"
	"github.com/landform/landform/internal/kinds/sec"
)

type fstestMap map[string]string

// overlayFS layers files given as text over the embedded assets, as --assets does.
func overlayFS(files fstestMap) fs.FS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return assets.Overlay(sec.Kind{}.Assets(), m)
}
