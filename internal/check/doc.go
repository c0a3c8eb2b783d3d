// Package check owns landform's local verification of a CloudFormation
// template, landform's own or anyone's: structure, references and dependency
// cycles, CloudFormation's and IAM's limits, and the IAM policy documents the
// template holds. It reads a parsed template (cfn.Parse) and reports
// findings with positions; it never builds or deploys a template.
package check
