// Package artifact is the build stage every command shares. A config file
// becomes its kind's units (one stack each) and every unit an Artifact: its
// template, the encoded body in the chosen format, that body parsed once
// with positions, the findings of the kind's rules and of check, how the
// body will be sent to CloudFormation, and the SSM parameters and exports
// the stack reads and writes. Each is built exactly once per command:
// generate writes artifacts; plan, deploy, drift, destroy, can, who-can and
// escalation consume the same ones.
//
// artifact loads, builds and checks. It writes no file and calls no AWS
// API: that is for cli (workdir) and stack.
package artifact
