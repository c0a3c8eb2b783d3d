package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"time"
)

// Drift is what the drift report shows: CloudFormation's drift and
// landform's deep drift of one stack.
type Drift struct {
	Stack          string
	Kind           string
	Config         string
	Account        string
	Region         string
	Caller         string
	Outcome        string
	Drifted        bool
	CloudFormation string // its status, or why it is not there
	Checked        time.Time
	Findings       []DriftFinding
	Resources      []DriftResource
	Notes          []string
	Generator      string
}

// DriftFinding is one deep-drift finding.
type DriftFinding struct {
	Severity, LogicalID, Type, PhysicalID, Kind, Detail, Expected, Actual, Revert, NotRepairable string
}

// DriftResource is CloudFormation's drift of one resource, each
// difference as one line.
type DriftResource struct {
	LogicalID, Type, PhysicalID, Status string
	Differences                         []string
}

//go:embed drift.html.tmpl
var driftHTML string

var driftTmpl = template.Must(template.New("drift").Funcs(template.FuncMap{
	"utc": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
}).Parse(driftHTML))

// DriftHTML renders the drift report.
func DriftHTML(d Drift) ([]byte, error) {
	var b bytes.Buffer
	if err := driftTmpl.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
