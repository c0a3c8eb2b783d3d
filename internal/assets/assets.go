// Package assets owns layering a user's --assets directory over the data a
// kind embeds (policy templates, scenarios, product tiers, schemas), so a
// user adds or replaces one file without touching code.
package assets

import (
	"errors"
	"io/fs"
	"slices"
)

// Overlay returns a file system in which files of top hide files of the same
// path in base, and directories list the entries of both. A nil top returns
// base unchanged.
func Overlay(base, top fs.FS) fs.FS {
	if top == nil {
		return base
	}
	return overlay{base: base, top: top}
}

type overlay struct{ base, top fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.base.Open(name)
}

// ReadDir merges both directories, top's entries winning, sorted by name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, terr := fs.ReadDir(o.top, name)
	base, berr := fs.ReadDir(o.base, name)
	if terr != nil && berr != nil {
		return nil, berr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range base {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return out, nil
}
