// Package drift finds the changes CloudFormation's drift detection does
// not see on what landform deploys: a managed policy attached to a group
// outside the stack, a user added to a group by hand, an extra inline
// policy, another policy version made default, a trust policy or a
// permissions boundary edited in the console, an access key or a login
// profile made for a service user, an instance profile's role swapped, a
// security-group rule authorized, widened or re-described, a tag removed.
//
// Expect reads what the deployed template says (intrinsics resolved with
// the stack's physical ids); Read reads the same things through the IAM and
// EC2 APIs; Compare lists each difference as a Finding with its security
// impact (a broadening is high, a narrowing medium, the rest low), what was
// expected, what is there, and the aws CLI command that reverts it; Repair
// makes those calls. Everything is compared semantically, as IAM and EC2
// normalise it: statement and list order, a string for a list of one, an
// account id for its root ARN, protocol numbers for names.
package drift
