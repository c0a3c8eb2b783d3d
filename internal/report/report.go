// Package report renders what landform did as files people read: the
// deployment report, one self-contained HTML file (no scripts, no external
// assets) with the stack's outputs, its resources with their physical ids,
// and the event timeline of the deploy.
package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"sort"
	"time"
)

// Deployment is what the deployment report shows.
type Deployment struct {
	Stack     string
	StackID   string
	Kind      string
	Config    string
	Account   string
	Region    string
	Caller    string
	Status    string
	Outcome   string // one sentence: deployed, no changes, failed because …
	Failed    bool
	Method    string
	Started   time.Time
	Duration  time.Duration
	Outputs   map[string]string
	Resources []Resource
	Events    []Event
	// Timeline says whose events Events are, when not this run's (a deploy
	// with no changes shows the last deployment's).
	Timeline  string
	Generator string
}

// Resource is one resource of the stack.
type Resource struct {
	LogicalID  string
	PhysicalID string
	Type       string
	Status     string
}

// Event is one event of the timeline.
type Event struct {
	Time       time.Time
	LogicalID  string
	PhysicalID string
	Type       string
	Status     string
	Reason     string
}

//go:embed deployment.html.tmpl
var deploymentHTML string

var deploymentTmpl = template.Must(template.New("deployment").Funcs(template.FuncMap{
	"utc":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
	"round":  func(d time.Duration) string { return d.Round(time.Millisecond).String() },
	"failed": func(s string) bool { return len(s) > 7 && s[len(s)-7:] == "_FAILED" },
	"keys": func(m map[string]string) []string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys
	},
}).Parse(deploymentHTML))

// DeploymentHTML renders the deployment report.
func DeploymentHTML(d Deployment) ([]byte, error) {
	var b bytes.Buffer
	if err := deploymentTmpl.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
