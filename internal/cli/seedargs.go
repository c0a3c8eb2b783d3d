package cli

import (
	"os"
	"path/filepath"
	"strings"
)

// seedArgs rewrites the seed tools' command line into landform's, so their
// documented invocations run unchanged:
//
//	-con my-config.yaml -act create-security-groups --force
//
// is landform create-security-groups -c my-config.yaml --force (the seed
// action names are the commands' aliases). -con (or --con, -con=FILE)
// names a config; where that path does not exist but configs/FILE under
// the work directory does, that one is meant, as the seed tools read
// configs from their configs/ directory. -act (or --act, -act=ACTION)
// names the action, at most once. Everything after "--" is left alone; a
// command line without -con and -act is returned as it is.
func seedArgs(args []string) ([]string, error) {
	var out, configs []string
	action := ""
	workdir := "."
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(a, "=")
		switch name {
		case "-con", "--con", "-act", "--act":
		default:
			if name == "--workdir" {
				if hasValue {
					workdir = value
				} else if i+1 < len(args) {
					workdir = args[i+1]
				}
			}
			out = append(out, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, usageErrorf("%s needs a value: -con CONFIG.yaml, -act ACTION", name)
			}
			i++
			value = args[i]
		}
		if strings.HasSuffix(name, "con") {
			configs = append(configs, value)
			continue
		}
		if action != "" {
			return nil, usageErrorf("-act given twice (%s, %s): give one action", action, value)
		}
		action = value
	}
	if action == "" && len(configs) == 0 {
		return args, nil
	}
	var flags []string
	for _, c := range configs {
		flags = append(flags, "-c", seedConfigPath(workdir, c))
	}
	if action == "" {
		return append(out, flags...), nil
	}
	return append(append([]string{action}, flags...), out...), nil
}

// seedConfigPath is the config -con names: the path as given, or the file
// of that name in the work directory's configs/ when only that exists.
func seedConfigPath(workdir, name string) string {
	if _, err := os.Stat(name); err == nil || filepath.IsAbs(name) {
		return name
	}
	if in := filepath.Join(workdir, "configs", name); isFile(in) {
		return in
	}
	return name
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
