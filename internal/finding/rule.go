package finding

// Rule describes one rule: its stable id, its usual severity and what it
// catches. Every package that reports findings lists its rules in a table
// of these; one table of all of them feeds --list-rules, SARIF and
// docs/rules.md.
type Rule struct {
	ID       string
	Severity Severity
	Summary  string
}
