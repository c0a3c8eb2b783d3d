package cli

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/workdir"
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
	Account     string // --account: one account of a config with a stack per account

	env *kinds.Env // made on first use: schemas compile once per process
}

// units are the stacks of a spec, only --account's when it is given.
func (a *App) units(s kinds.Spec) ([]kinds.NamedUnit, error) {
	all := kinds.UnitsOf(s)
	if a.Account == "" {
		return all, nil
	}
	var names []string
	for _, u := range all {
		if u.Name == a.Account {
			return []kinds.NamedUnit{u}, nil
		}
		names = append(names, u.Name)
	}
	if len(all) == 1 && all[0].Name == "" {
		return nil, usageErrorf("--account is for configs with a stack per account (kind access)")
	}
	return nil, usageErrorf("--account %s: the config's accounts are %s", a.Account, strings.Join(names, ", "))
}

// Assets returns the embedded assets with --assets layered on top.
func (a *App) Assets() fs.FS { return a.Env().Assets }

// Env returns what loading configs uses: the assets (with --assets), the
// files configs name, and the schemas compiled once for the whole run.
func (a *App) Env() *kinds.Env {
	if a.env == nil {
		var user fs.FS
		if a.AssetsDir != "" {
			user = os.DirFS(a.AssetsDir)
		}
		a.env = kinds.NewEnv(all.Assets(user), os.ReadFile)
	}
	return a.env
}

// Dir returns the output root (--workdir).
func (a *App) Dir() workdir.Dir { return workdir.Dir{Root: a.Workdir} }

// JSON reports whether --output json was asked for.
func (a *App) JSON() bool { return a.Output == "json" }

// SARIF reports whether --output sarif was asked for.
func (a *App) SARIF() bool { return a.Output == "sarif" }
