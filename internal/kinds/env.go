package kinds

import (
	"io/fs"
	"sync"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
)

// Env is what loading a config may use besides the config itself: the
// asset tree, the other files a config names (an access config's SAML
// metadata), and the schemas compiled from the assets, each compiled once
// per process however many configs load.
type Env struct {
	Assets fs.FS
	// ReadFile reads a file a config names (already joined to the config's
	// directory when relative). Kinds read nothing from disk themselves.
	ReadFile func(name string) ([]byte, error)

	mu       sync.Mutex
	schemas  map[string]*config.Schema
	compiles int

	memoMu sync.Mutex
	memos  map[string]*memo
}

type memo struct {
	once sync.Once
	v    any
	err  error
}

// Memo returns what load gives for key, calling load once per Env however
// many configs (or goroutines) ask: data a kind reads from the assets and
// only reads after (the sg scenarios, the ml product files), which every
// config of the kind used to parse and validate again. A failed load is
// kept too: the assets do not change within a command.
func Memo[T any](e *Env, key string, load func() (T, error)) (T, error) {
	e.memoMu.Lock()
	if e.memos == nil {
		e.memos = map[string]*memo{}
	}
	m, ok := e.memos[key]
	if !ok {
		m = &memo{}
		e.memos[key] = m
	}
	e.memoMu.Unlock()
	m.once.Do(func() { m.v, m.err = load() })
	v, _ := m.v.(T)
	return v, m.err
}

// NewEnv returns an Env over assets; readFile is os.ReadFile outside tests.
func NewEnv(assets fs.FS, readFile func(string) ([]byte, error)) *Env {
	return &Env{Assets: assets, ReadFile: readFile, schemas: map[string]*config.Schema{}}
}

// Schema returns the schema called key (a schema file, with the variant
// when the kind derives one per tier), compiled from what doc returns the
// first time it is asked for.
func (e *Env) Schema(key string, doc func() (map[string]any, error)) (*config.Schema, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if s, ok := e.schemas[key]; ok {
		return s, nil
	}
	d, err := doc()
	if err != nil {
		return nil, err
	}
	id, _ := d["$id"].(string)
	s, err := config.CompileSchema(id, d)
	if err != nil {
		return nil, err
	}
	if e.schemas == nil {
		e.schemas = map[string]*config.Schema{}
	}
	e.schemas[key] = s
	e.compiles++
	return s, nil
}

// SchemaFile returns the compiled schema of one asset file.
func (e *Env) SchemaFile(file string) (*config.Schema, error) {
	return e.Schema(file, func() (map[string]any, error) { return ReadSchema(e.Assets, file) })
}

// Compiles counts the schemas compiled so far, for the test that holds
// it to one per kind and variant.
func (e *Env) Compiles() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.compiles
}

// Decode validates doc against one schema file of the assets and decodes
// it into v: the first step of most kinds' Load. ok is false when the
// schema found errors (they are in the findings); v is then not to be
// used.
func (e *Env) Decode(doc *config.Document, schemaFile string, v any) (found finding.List, ok bool, err error) {
	schema, err := e.SchemaFile(schemaFile)
	if err != nil {
		return nil, false, err
	}
	// The two read the tree only, so they run at once: on a large config
	// each is milliseconds. What a document that fails the schema decodes
	// to is not used (ok is false).
	decoded := make(chan error, 1)
	go func() { decoded <- config.Decode(doc, v) }()
	found = schema.Validate(doc)
	err = <-decoded
	if found.HasErrors() {
		return found, false, nil
	}
	if err != nil {
		return found, false, err
	}
	return found, true, nil
}
