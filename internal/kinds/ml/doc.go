// Package ml is the ml kind: the MLOps scaffolding of one use case (a
// SageMaker model registry, source repositories or source objects, CodeBuild
// projects, build and deploy pipelines, an artifacts bucket and the service
// roles), by tier (starter, professional, enterprise), source control
// (codecommit, s3) and, for enterprise, VPC mode (standalone,
// sg-provisioner). Which resources exist is data (assets/products/*.yaml);
// their properties are built here. The product validator's rules live in
// package mlrule, shared with check.
package ml
