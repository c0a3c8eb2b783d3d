// Package sec is the `sec` kind: IAM groups, service roles, assumable
// (cross-function and elevation) roles, cross-account roles and standalone
// managed policies from policy templates, in three tiers (startup-5,
// medium-10, enterprise-12), as one CloudFormation stack. It validates,
// builds and exports; it never prints and never calls AWS.
package sec
