package cli

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/workspace"
)

// IOStreams are where a command reads and writes. stdout carries results;
// stderr carries progress, warnings and hints.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// TestIO returns streams backed by buffers, for tests.
func TestIO() (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: &bytes.Buffer{}, Out: out, ErrOut: errOut}, out, errOut
}

// App is what every command shares: IO, the clock, and the global flags.
type App struct {
	IO  *IOStreams
	Now func() time.Time

	ConfigFiles []string // -c, as given; expanded per command
	Workdir     string
	Output      string // text or json
	Verbose     bool
	DryRun      bool
	AssetsDir   string
	Profile     string
	Region      string
	EndpointURL string
}

// Assets returns the embedded assets with --assets layered on top.
func (a *App) Assets() fs.FS {
	if a.AssetsDir == "" {
		return all.Assets(nil)
	}
	return all.Assets(os.DirFS(a.AssetsDir))
}

// Workspace returns the output root (--workdir).
func (a *App) Workspace() workspace.Workspace { return workspace.Workspace{Root: a.Workdir} }

// JSON reports whether --output json was asked for.
func (a *App) JSON() bool { return a.Output == "json" }

// SARIF reports whether --output sarif was asked for.
func (a *App) SARIF() bool { return a.Output == "sarif" }
