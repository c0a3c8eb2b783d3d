// Package stack is everything that talks to AWS: CloudFormation change sets,
// deploys with live events, drift detection and deletion, the stack outputs
// landform keeps in SSM Parameter Store, template uploads to S3 and the
// caller's identity from STS. It speaks aws-sdk-go-v2 through the small
// interfaces in clients.go, so tests point it at a real AWS-wire endpoint
// (test/moto/server) or at recorded responses, never at hand-written fakes
// of this package's own logic.
//
// The package knows nothing about kinds or configs: a Stack value carries
// the stack name, template and target the caller derived from a config.
package stack
