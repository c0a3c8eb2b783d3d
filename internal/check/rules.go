package check

import "github.com/landform/landform/internal/finding"

// Rule describes one check: its stable id, its usual severity and what it
// catches, for --list-rules, SARIF and the README.
type Rule struct {
	ID       string
	Severity finding.Severity
	Summary  string
}

// Rules lists every rule check reports, in id order. Ids are never reused.
var Rules = []Rule{
	{"LF-CFN-001", finding.Error, "the template has no Resources section or it is empty"},
	{"LF-CFN-002", finding.Error, "Ref names no resource, parameter or pseudo parameter"},
	{"LF-CFN-003", finding.Error, "Fn::GetAtt names no resource"},
	{"LF-CFN-004", finding.Error, "DependsOn names no resource"},
	{"LF-CFN-005", finding.Error, "a Fn::Sub variable names nothing"},
	{"LF-CFN-006", finding.Error, "two outputs export the same name"},
	{"LF-CFN-007", finding.Error, "unknown top-level section"},
	{"LF-CFN-008", finding.Error, "a logical id is not alphanumeric"},
	{"LF-CFN-009", finding.Error, "a resource has no Type, an unknown attribute, or Properties that are not a mapping"},
	{"LF-CFN-010", finding.Error, "more resources, outputs, parameters or mappings than CloudFormation allows"},
	{"LF-CFN-012", finding.Error, "a Condition names no condition"},
	{"LF-CFN-013", finding.Error, "resources depend on each other in a cycle"},
	{"LF-CFN-014", finding.Note, "the template is over TemplateBody's 51,200 bytes (error over 1,000,000)"},
	{"LF-CFN-015", finding.Error, "an output has no Value"},
	{"LF-CFN-016", finding.Error, "AWSTemplateFormatVersion is not 2010-09-09"},
	{"LF-CFN-017", finding.Error, "a parameter has no Type, or an unknown one"},
	{"LF-CFN-018", finding.Error, "an IAM name is longer than IAM allows"},
	{"LF-CFN-019", finding.Error, "a malformed intrinsic function"},
	{"LF-CFN-020", finding.Error, "unknown resource type"},
	{"LF-CFN-021", finding.Error, "unknown property"},
	{"LF-CFN-022", finding.Error, "a required property is missing"},
	{"LF-CFN-023", finding.Error, "a property value has the wrong type"},
	{"LF-CFN-024", finding.Error, "a property value is not one of the allowed values"},
	{"LF-CFN-025", finding.Error, "Fn::GetAtt reads an attribute the resource type does not have"},
	{"LF-CFN-026", finding.Error, "Fn::FindInMap names no mapping"},
	{"LF-CFN-028", finding.Warning, "an unquoted yes, no, on or off (a YAML 1.1 boolean) where a string is expected"},
	{"LF-CFN-029", finding.Warning, "a read-only attribute set as a property, which CloudFormation ignores"},
	{"LF-CFN-101", finding.Error, "the template is larger than 1,000,000 bytes"},
	{"LF-CFN-102", finding.Error, "the template is not UTF-8"},
	{"LF-CFN-103", finding.Error, "YAML or JSON syntax error"},
	{"LF-CFN-104", finding.Error, "a mapping has the same key twice"},
	{"LF-CFN-105", finding.Error, "aliases expand too far, or nesting is too deep"},
	{"LF-CFN-108", finding.Error, "the file is empty or holds more than one document"},
	{"LF-CFN-109", finding.Error, "the file is not a mapping"},
	{"LF-CFN-110", finding.Error, "an unknown YAML tag"},
	{"LF-CFN-301", finding.Error, "a plaintext AWS access key id (AKIA…, ASIA…) in the template"},
	{"LF-CFN-302", finding.Warning, "an S3 bucket without a public access block that blocks everything"},
	{"LF-CFN-303", finding.Warning, "an S3 bucket without default encryption"},
	{"LF-CFN-304", finding.Warning, "a CodeBuild project in privileged mode"},
	{"LF-CFN-305", finding.Warning, "a log group keeps logs for less than 90 days, or forever"},
	{"LF-IAM-001", finding.Error, "a policy document breaks IAM's grammar"},
	{"LF-IAM-002", finding.Error, "an action IAM does not know"},
	{"LF-IAM-003", finding.Warning, "Resource \"*\" on actions that support resource-level permissions"},
	{"LF-IAM-004", finding.Warning, "Allow with NotAction or NotResource"},
	{"LF-IAM-005", finding.Error, "an unknown condition operator"},
	{"LF-IAM-006", finding.Error, "a policy is larger than IAM's quota"},
	{"LF-IAM-007", finding.Warning, "a condition key its service does not define"},
	{"LF-IAM-008", finding.Warning, "a policy without Version"},
	{"LF-IAM-009", finding.Warning, "write actions allowed on Resource \"*\" with no condition"},
	{"LF-IAM-010", finding.Warning, "a high-risk action (iam:PassRole on \"*\", iam:CreateAccessKey, s3:DeleteBucket)"},
	{"LF-SG-101", finding.Error, "a database port open to 0.0.0.0/0 or ::/0"},
	{"LF-SG-102", finding.Warning, "SSH or RDP open to 0.0.0.0/0 or ::/0"},
	{"LF-SG-103", finding.Warning, "a security-group rule without a description (an error in sg configs)"},
	{"LF-SG-104", finding.Error, "a port range outside 1-65535, or from above to"},
	{"LF-SG-105", finding.Error, "a malformed CIDR, or one with bits set after its prefix"},
}
