package config

import "github.com/landform/landform/internal/finding"

// Rules are the ids config loading reports (LF-CFG-…), in id order.
var Rules = []finding.Rule{
	{ID: "LF-CFG-001", Severity: finding.Error, Summary: "the file is larger than 1 MiB"},
	{ID: "LF-CFG-002", Severity: finding.Error, Summary: "the file is not UTF-8"},
	{ID: "LF-CFG-003", Severity: finding.Error, Summary: "YAML syntax error, an alias that names no anchor, or a key that is not a plain name"},
	{ID: "LF-CFG-004", Severity: finding.Error, Summary: "a mapping has the same key twice"},
	{ID: "LF-CFG-005", Severity: finding.Error, Summary: "aliases expand past 10,000 nodes, or nesting is deeper than 64 levels"},
	{ID: "LF-CFG-006", Severity: finding.Error, Summary: "an unquoted yes, no, on, off, y or n (a boolean in YAML 1.1, a string in YAML 1.2)"},
	{ID: "LF-CFG-007", Severity: finding.Error, Summary: "an unquoted number with a leading zero (012345678901), or .inf or .nan"},
	{ID: "LF-CFG-008", Severity: finding.Error, Summary: "the file is empty or holds more than one document"},
	{ID: "LF-CFG-009", Severity: finding.Error, Summary: "the file is not a mapping"},
	{ID: "LF-CFG-010", Severity: finding.Error, Summary: "a YAML tag other than !!str, !!map or !!seq"},
	{ID: "LF-CFG-011", Severity: finding.Error, Summary: "an unknown kind, or no kind: and no single kind's section to infer it from"},
	{ID: "LF-CFG-012", Severity: finding.Error, Summary: "a config string holds CloudFormation syntax ({{resolve:…}} or ${AWS::…}/${Resource}) that would reach a template"},
	{ID: "LF-CFG-013", Severity: finding.Error, Summary: "a region that is not a region of any AWS partition (with the closest one)"},
	{ID: "LF-CFG-020", Severity: finding.Error, Summary: "an unknown field"},
	{ID: "LF-CFG-021", Severity: finding.Error, Summary: "a value has the wrong type"},
	{ID: "LF-CFG-022", Severity: finding.Error, Summary: "a required field is missing"},
	{ID: "LF-CFG-023", Severity: finding.Error, Summary: "a value is not one of the allowed values"},
	{ID: "LF-CFG-024", Severity: finding.Error, Summary: "a value or key does not match the required format, length or range"},
	{ID: "LF-CFG-025", Severity: finding.Error, Summary: "a list has more or fewer entries than the tier allows, or the same item twice"},
	{ID: "LF-CFG-029", Severity: finding.Error, Summary: "the config breaks another rule of the tier's schema"},
}
