// Package access is the access kind: an organization's whole access model
// in one file (teams in the identity account, team roles in every account,
// the Terraform state roles, engineers' personal roles and service users)
// composed from atomic policies through a policy-group DAG, and deployed as
// one stack per account, or several for an account too big for one.
//
// # Sharding
//
// An account whose template would pass 450 resources, 180 outputs or
// 450,000 bytes of compact JSON (shard.go says why those, under
// CloudFormation's 500, 200 and 1,000,000) is spread over stacks: a base
// keeps its SAML and GitHub providers and every role but the personal ones,
// and n shards hold the personal roles and service users, each with what
// only it needs (managed policies, instance profile or group, output). An
// account under the limits keeps its one stack, byte for byte.
//
// A member goes to shard FNV-1a-64(IAM name) mod n (the hash's high half
// folded into the low), n the smallest power of two that leaves every
// shard within the limits. So the layout depends on the config alone, and
// adding or removing an engineer changes one shard's template and no other
// stack of the account, until n doubles. A doubling sends each member of
// shard i to shard i or i+n: old shards only lose members, new ones only
// gain them.
//
// Units are named "{account}" (the base, stem {org}-{account}-access, as an
// unsharded account) and "{account}/shard-{ii}", ii zero-based and two
// digits (three past 100 shards), stem {org}-{account}-access-shard-{ii};
// stack names are the stem and "-stack". --account {account} selects the
// base and every shard.
//
// No template refers to another: a principal of a shard refers only to
// its own resources, and reaches anything else (a team, a provider) by
// its deterministic ARN, as every access template already does. Shards are
// kinds.Ordered after their base, and shard i+n/2 after shard i, so a
// deploy (of the first split, or a doubling) removes a principal from the
// stack that held it before the stack that now holds it creates it under
// the same IAM name. The stacks of a sharded account carry no
// ConfigSHA256, which would change all of them with every engineer.
package access
