package version

import "runtime/debug"

// Build is what the Go toolchain recorded about this binary: the module
// version (v1.2.3 when installed with go install …@v1.2.3, "(devel)" when
// built from a checkout) and the VCS revision, its time and whether the
// tree had uncommitted changes (builds from a checkout only).
type Build struct {
	Module   string `json:"module_version"`
	Go       string `json:"go"`
	Revision string `json:"vcs_revision,omitempty"`
	Time     string `json:"vcs_time,omitempty"`
	Modified bool   `json:"vcs_modified,omitempty"`
}

// ReadBuild reads the binary's build information.
func ReadBuild() Build {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Build{Module: "unknown"}
	}
	b := Build{Module: info.Main.Version, Go: info.GoVersion}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}
