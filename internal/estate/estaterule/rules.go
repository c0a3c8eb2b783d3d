// Package estaterule lists the rule ids the estate reports. It is a leaf, so
// the one rule table (artifact.Rules) can hold them without importing the
// estate.
package estaterule

import "github.com/landform/landform/internal/finding"

// The estate's rule ids.
const (
	Unresolved    = "LF-EST-001"
	TwoWriters    = "LF-EST-002"
	Cycle         = "LF-EST-003"
	OtherLocation = "LF-EST-004"
	EstateFile    = "LF-EST-005"
	ExternalKnown = "LF-EST-006"
	SetCollision  = "LF-EST-007"
)

// Rules are the estate's rules, in id order.
var Rules = []finding.Rule{
	{ID: Unresolved, Severity: finding.Error, Summary: "a stack reads an SSM parameter or export that no config of the estate writes and estate.yaml does not declare external"},
	{ID: TwoWriters, Severity: finding.Error, Summary: "two configs of the estate write the same SSM parameter or export, in the same account and region"},
	{ID: Cycle, Severity: finding.Error, Summary: "the estate's stacks read each other's parameters in a cycle: no launch order exists"},
	{ID: OtherLocation, Severity: finding.Error, Summary: "a stack reads an SSM parameter or export that the estate writes only in another account or region (both are per account and region)"},
	{ID: EstateFile, Severity: finding.Error, Summary: "estate.yaml is not valid: its shape, or a config, account or ordering it names"},
	{ID: ExternalKnown, Severity: finding.Warning, Summary: "estate.yaml declares a parameter external that a config of the estate writes"},
	{ID: SetCollision, Severity: finding.Error, Summary: "a stack set deploys named IAM resources to several regions of one account: the names collide (IAM is global)"},
}
