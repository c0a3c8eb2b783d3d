// Package cfn owns the CloudFormation template model: an ordered, deterministic
// document of parameters, resources and outputs, the intrinsic functions, its
// YAML and JSON encodings, and the local checks landform runs on a template
// before anything reaches AWS. It never calls AWS; package stack deploys what
// this package encodes.
package cfn
