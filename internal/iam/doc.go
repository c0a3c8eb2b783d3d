// Package iam owns IAM policy documents: their model and deterministic
// encoding, policy templates with their placeholders, and IAM's size limits.
// It builds no CloudFormation; kinds place its policies into templates.
package iam
