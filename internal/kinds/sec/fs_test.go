package sec

import (
	"io/fs"
	"testing/fstest"

	"github.com/landform/landform/internal/assets"
)

type fstestMap map[string]string

// overlayFS layers files given as text over the embedded assets, as --assets does.
func overlayFS(files fstestMap) fs.FS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return assets.Overlay(Assets(), m)
}
