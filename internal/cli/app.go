package cli

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/suppress"
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
	LogLevel    string // --log-level, the seed tools' DEBUG…CRITICAL
	DryRun      bool
	AssetsDir   string
	Profile     string
	Region      string
	EndpointURL string
	Account     string           // --account: one account of a config with a stack per account
	EstateFile  string           // --estate: the estate file, when it is not in a -c directory
	FailOn      finding.Severity // --fail-on of validate, check, generate and plan: error unless set
	Report      bool             // --report of the read-only queries: write their log and page under reports/
	LicenseSKU  string           // --license-sku (or LANDFORM_LICENSE_SKU): check out the entitlement first
	// SuppressionsFile is --suppressions: the reviewed list of accepted
	// findings (default landform.suppressions.yaml next to the configs).
	SuppressionsFile string

	// Kinds are the kinds configs may be; nil is all.Kinds.
	Kinds all.Registry

	env   *kinds.Env // made on first use: schemas compile once per process
	ahead *readAhead // the configs being built ahead, when a command reads ahead

	// The suppressions file, loaded on first use (suppressions.go).
	sup         *suppress.Set
	supFindings finding.List
	supErr      error
	supLoaded   bool
}

func (a *App) kinds() all.Registry {
	if a.Kinds == nil {
		return all.Kinds
	}
	return a.Kinds
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
		a.env = kinds.NewEnv(a.kinds().Assets(user), os.ReadFile)
	}
	return a.env
}

// Dir returns the output root (--workdir).
func (a *App) Dir() workdir.Dir { return workdir.Dir{Root: a.Workdir} }

// JSON reports whether --output json was asked for.
func (a *App) JSON() bool { return a.Output == "json" }

// SARIF reports whether --output sarif was asked for.
func (a *App) SARIF() bool { return a.Output == "sarif" }

// Text reports whether results are for people (not --output json, sarif or
// junit).
func (a *App) Text() bool { return a.Output == "" || a.Output == "text" }
