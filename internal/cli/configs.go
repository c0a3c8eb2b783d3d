package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
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
			if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
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
