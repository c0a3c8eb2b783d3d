package access

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/yamltree"
)

//go:embed assets
var embedded embed.FS

// Assets returns the embedded asset tree (schemas/access.json).
func (Kind) Assets() fs.FS { return kinds.Sub(embedded, "assets") }

// Kind is the access kind.
type Kind struct{}

var _ kinds.Kind = Kind{}

// Name is the value of `kind:`.
func (Kind) Name() string { return "access" }

// Section is the top-level key only access configs have.
func (Kind) Section() string { return "policy_groups" }

// Variants: one schema.
func (Kind) Variants() []string { return nil }

const schemaFile = "schemas/access.json"

// Schema returns the config schema, for editors.
func (Kind) Schema(assets fs.FS, variant string) ([]byte, error) {
	if variant != "" {
		return nil, fmt.Errorf("access has one schema; drop --tier")
	}
	doc, err := kinds.ReadSchema(assets, schemaFile)
	if err != nil {
		return nil, err
	}
	return kinds.IndentSchema(doc)
}

// Load validates the document, decodes it, reads the SAML metadata files
// it names and resolves every role.
func (Kind) Load(doc *config.Document, env *kinds.Env) (kinds.Spec, finding.List, error) {
	var c Config
	found, ok, err := env.Decode(doc, schemaFile, &c)
	if err != nil || !ok {
		return nil, found, err
	}
	s := &spec{doc: doc, cfg: c, dir: filepath.Dir(doc.File), saml: map[string]string{}}
	for _, name := range sortedKeys(c.SAMLProviders) {
		path := yamltree.ChildPath(yamltree.ChildPath("saml_providers", name), "metadata")
		file := c.SAMLProviders[name].Metadata
		if !filepath.IsAbs(file) {
			file = filepath.Join(s.dir, file)
		}
		data, err := env.ReadFile(file)
		if err != nil {
			found.Errorf("LF-ACC-011", doc.Pos(path), path, "give the path of the IdP's metadata XML, relative to this config",
				"cannot read SAML metadata %s: %v", file, unwrap(err))
			continue
		}
		if err := CheckMetadata(data); err != nil {
			found.Errorf("LF-ACC-011", doc.Pos(path), path, "download the metadata from the IdP's SAML app settings",
				"%s is not SAML identity-provider metadata: %v", file, err)
			continue
		}
		s.saml[name] = string(data)
	}
	s.dag, s.reasons = newDAG(c), wildcardReasonsOf(c)
	s.later = s.check()
	if !s.later.HasErrors() && !found.HasErrors() {
		s.model = s.resolve()
		s.indexTrusts()
		s.later = append(s.later, s.checkModel()...)
	} else {
		s.model = &model{} // its index of trusts stays empty
	}
	s.found = append(append(finding.List{}, found...), s.later...)
	return s, found, nil
}

// Validate returns what resolving the config found (Load returned the
// schema's and the SAML files' findings).
func (s *spec) Validate() finding.List { return s.later }

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Rules are every id the kind reports: its config rules, then its
// template rules.
func (k Kind) Rules() []finding.Rule {
	return append(slices.Clone(configRules), k.TemplateRules().Rules...)
}
