// Package principals models the principals of a set of CloudFormation
// templates — the stacks landform generates and any template given with
// --template — for the IAM evaluation engine (internal/iam/eval): roles,
// users and groups with their inline, customer-managed and AWS-managed
// policies, trust policies, permissions boundaries, federated entry points
// (SAML and OIDC), and the resource policies of the same templates.
//
// On that model it answers "can this principal do this?" (Can), "who can?"
// (WhoCan, through sts:AssumeRole* chains across the workspace's accounts)
// and "which paths lead to admin?" (Escalations). See docs/iam-eval.md.
package principals
