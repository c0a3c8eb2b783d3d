package principals

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/landform/landform/internal/iam/eval"
)

//go:embed managed/*.json
var managedFS embed.FS

// managedFile is one AWS-managed policy version as AWS publishes it.
type managedFile struct {
	Name       string
	Arn        string
	VersionId  string
	CreateDate string
	Document   json.RawMessage
}

var (
	managedOnce sync.Once
	managedDocs map[string]managedFile // by ARN
	managedErr  error
)

func loadManaged() {
	managedDocs = map[string]managedFile{}
	entries, err := managedFS.ReadDir("managed")
	if err != nil {
		managedErr = err
		return
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := managedFS.ReadFile(path.Join("managed", e.Name()))
		if err != nil {
			managedErr = err
			return
		}
		var m managedFile
		if err := json.Unmarshal(data, &m); err != nil {
			managedErr = fmt.Errorf("managed/%s: %w", e.Name(), err)
			return
		}
		if m.Name+".json" != e.Name() || m.Arn != "arn:aws:iam::aws:policy/"+m.Name {
			managedErr = fmt.Errorf("managed/%s: Name %q and Arn %q must match the file name", e.Name(), m.Name, m.Arn)
			return
		}
		managedDocs[m.Arn] = m
	}
}

// ManagedPolicyNames lists the AWS-managed policies the model knows.
func ManagedPolicyNames() ([]string, error) {
	managedOnce.Do(loadManaged)
	if managedErr != nil {
		return nil, managedErr
	}
	var out []string
	for _, m := range managedDocs {
		out = append(out, m.Name)
	}
	return out, nil
}

// compiledManaged are the AWS-managed policies compiled so far in the
// process, by ARN: every template a command checks builds its own model,
// and each used to compile the same embedded policies again. Each is
// compiled once, by the first model to ask; models checked at the same
// time wait for it (ReadOnlyAccess alone is 100 KB). A compiled policy is
// only read.
var compiledManaged sync.Map // arn -> *compiledPolicy

type compiledPolicy struct {
	once   sync.Once
	policy *eval.Policy
	name   string
	ok     bool
	err    error
}

// managedPolicy compiles (once per process) the embedded AWS-managed
// policy with the ARN; ok is false for an ARN the model does not know.
func managedPolicy(arn string) (*eval.Policy, string, bool, error) {
	v, found := compiledManaged.Load(arn)
	if !found {
		v, _ = compiledManaged.LoadOrStore(arn, &compiledPolicy{})
	}
	c := v.(*compiledPolicy)
	c.once.Do(func() { c.policy, c.name, c.ok, c.err = compileManaged(arn) })
	return c.policy, c.name, c.ok, c.err
}

func compileManaged(arn string) (*eval.Policy, string, bool, error) {
	managedOnce.Do(loadManaged)
	if managedErr != nil {
		return nil, "", false, managedErr
	}
	m, ok := managedDocs[arn]
	if !ok {
		return nil, "", false, nil
	}
	p, err := eval.Compile(m.Document, eval.Identity, arn)
	if err != nil {
		return nil, "", false, err
	}
	return p, m.Name + " " + m.VersionId, true, nil
}
