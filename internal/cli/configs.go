package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/landform/landform/internal/estate"
)

// expandConfigs turns -c values into config files: a directory means each
// .yaml/.yml file in it and a glob each match, both in sorted order;
// files keep the order they were given in.
func expandConfigs(args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, usageErrorf("no config given: add -c FILE (a file, a directory or a glob)")
	}
	var out []string
	for _, a := range args {
		if strings.ContainsAny(a, "*?[") {
			matches, err := filepath.Glob(a)
			if err != nil {
				return nil, usageErrorf("bad glob %q: %v", a, err)
			}
			if len(matches) == 0 {
				return nil, usageErrorf("-c %s matches no file", a)
			}
			out = append(out, matches...)
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			return nil, usageErrorf("config %s: %v", a, unwrapPathError(err))
		}
		if !fi.IsDir() {
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, usageErrorf("config directory %s: %v", a, unwrapPathError(err))
		}
		n := len(out)
		for _, e := range entries {
			if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml") && e.Name() != estate.FileName {
				out = append(out, filepath.Join(a, e.Name()))
			}
		}
		if len(out) == n {
			return nil, usageErrorf("config directory %s has no .yaml or .yml file", a)
		}
	}
	// Keep the user's order; drop a file named twice.
	seen := map[string]bool{}
	return slices.DeleteFunc(out, func(f string) bool {
		dup := seen[f]
		seen[f] = true
		return dup
	}), nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// estateFile is the estate the -c values make: --estate, or the
// estate.yaml of a -c directory; "" when there is none. Two directories
// with an estate.yaml each are two estates, which one run cannot be.
func estateFile(flag string, args []string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	found := ""
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil || !fi.IsDir() {
			continue
		}
		p := filepath.Join(a, estate.FileName)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if found != "" && found != p {
			return "", usageErrorf("-c names two estates (%s and %s): run one at a time, or name one with --estate", found, p)
		}
		found = p
	}
	return found, nil
}
