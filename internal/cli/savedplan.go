package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/workdir"
)

// planFileFormat is the version of the saved-plan file; deploy reads only
// its own.
const planFileFormat = 1

// planFile is plan --out's file: what the plan was made from (the config,
// the template landform built from it) and what CloudFormation keeps for it
// (package stack's Saved), so that deploy PLANFILE runs exactly that change
// set and refuses once anything changed.
type planFile struct {
	Format         int          `json:"landform_saved_plan"`
	Config         string       `json:"config"`
	ConfigSHA256   string       `json:"config_sha256"`
	Account        string       `json:"account,omitempty"` // the config's unit, for kinds with a stack per account
	TemplateSHA256 string       `json:"template_sha256"`
	Created        time.Time    `json:"created"`
	Saved          *stack.Saved `json:"saved"`
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// newPlanFile describes a kept plan of tg.
func newPlanFile(tg *target, sv *stack.Saved, now time.Time) (*planFile, error) {
	cfg, err := os.ReadFile(tg.Config)
	if err != nil {
		return nil, err
	}
	return &planFile{Format: planFileFormat, Config: tg.Config, ConfigSHA256: digest(cfg), Account: tg.Unit.Name,
		TemplateSHA256: digest(tg.Body), Created: now.UTC(), Saved: sv}, nil
}

func (p *planFile) write(path string) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return workdir.WriteFile(path, append(b, '\n'))
}

// readPlanFile reads a saved plan, refusing anything that is not one.
func readPlanFile(path string) (*planFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p planFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || p.Format == 0 || p.Saved == nil {
		return nil, fmt.Errorf("%s is not a saved plan of landform plan --out (%v)", path, err)
	}
	if p.Format != planFileFormat {
		return nil, fmt.Errorf("%s is a saved plan of format %d; this landform reads format %d: plan again with this version", path, p.Format, planFileFormat)
	}
	return &p, nil
}

// stale says why tg is not what the plan was made from, or "".
func (p *planFile) stale(tg *target) string {
	cfg, err := os.ReadFile(tg.Config)
	switch {
	case err != nil:
		return err.Error()
	case digest(cfg) != p.ConfigSHA256:
		return fmt.Sprintf("config %s changed since the plan", tg.Config)
	case tg.Unit.Name != p.Account:
		return fmt.Sprintf("the plan is for account %q, this stack for %q", p.Account, tg.Unit.Name)
	case digest(tg.Body) != p.TemplateSHA256:
		return "the template landform builds from the config is not the planned one (another landform version, or --assets)"
	}
	return ""
}
