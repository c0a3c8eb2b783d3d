// Command corpusgen writes the differential corpus of the eval package:
// requests in the `landform access eval` line format, generated from a fixed
// seed so the corpus is reproducible. scripts/iam-simulate/decide.mjs then
// asks @cloud-copilot/iam-simulate for the expected decisions.
//
//	go run ./internal/iam/eval/corpusgen -n 2600 -out internal/iam/eval/testdata/corpus.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
)

const (
	acctA = "111111111111"
	acctB = "222222222222"
)

type target struct {
	action, resource, account string
}

// targets are actions with a resource of their one resource type.
var targets = []target{
	{"s3:GetObject", "arn:aws:s3:::bucket-a/home/alice/notes.txt", acctA},
	{"s3:GetObject", "arn:aws:s3:::bucket-a/reports/2024/q1.csv", acctB},
	{"s3:PutObject", "arn:aws:s3:::bucket-a/home/alice/notes.txt", acctA},
	{"s3:ListBucket", "arn:aws:s3:::bucket-a", acctA},
	{"s3:ListAllMyBuckets", "*", acctA},
	{"ec2:DescribeInstances", "*", acctA},
	{"dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111111111111:table/Orders", acctA},
	{"dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:222222222222:table/Orders", acctB},
	{"sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:jobs", acctA},
	{"kms:Decrypt", "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", acctA},
	{"kms:Decrypt", "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab", acctB},
	{"kms:ListKeys", "*", acctA},
	{"sts:AssumeRole", "arn:aws:iam::111111111111:role/deploy", acctA},
	{"sts:AssumeRole", "arn:aws:iam::222222222222:role/deploy", acctB},
	{"sts:GetCallerIdentity", "*", acctA},
	{"iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/AdministratorAccess", "aws"},
	{"iam:CreatePolicyVersion", "arn:aws:iam::111111111111:policy/team-policy", acctA},
	{"iam:PassRole", "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1", acctA},
	{"iam:PassRole", "arn:aws:iam::111111111111:role/app/worker", acctA},
	{"iam:GetUser", "arn:aws:iam::111111111111:user/alice", acctA},
	{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111111111111:function:resize", acctA},
	{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-pass-AbCdEf", acctA},
}

var principals = []string{
	"arn:aws:iam::111111111111:user/alice",
	"arn:aws:iam::111111111111:role/dev",
	"arn:aws:sts::111111111111:assumed-role/dev/alice-session",
	"arn:aws:sts::111111111111:federated-user/bob",
	"arn:aws:iam::222222222222:user/carol",
	"arn:aws:iam::222222222222:role/ci",
	"arn:aws:sts::222222222222:assumed-role/ci/run-42",
	"lambda.amazonaws.com",
}

type gen struct {
	r *rand.Rand
	t target
	// vars: the policy being built may use policy variables.
	vars bool
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(p float64) bool    { return g.r.Float64() < p }

// oneOrMany writes a value as IAM does: a string or a list.
func (g *gen) oneOrMany(xs []string) any {
	if len(xs) == 1 && g.chance(0.7) {
		return xs[0]
	}
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func (g *gen) context(principal string) kv {
	c := kv{}
	maybe := func(p float64, k string, v any) {
		if g.chance(p) {
			c[k] = v
		}
	}
	maybe(0.6, "aws:PrincipalTag/team", g.pick("dev", "ops", "Dev"))
	maybe(0.3, "aws:PrincipalTag/owner", g.pick("alice", "bob"))
	maybe(0.3, "aws:PrincipalTag/table", g.pick("Orders", "Users"))
	maybe(0.2, "aws:PrincipalTag/blob", g.pick("QmluYXJ5", "T3RoZXI="))
	maybe(0.6, "aws:username", g.pick("alice", "bob", "home"))
	maybe(0.5, "aws:RequestedRegion", g.pick("us-east-1", "eu-west-1"))
	maybe(0.5, "aws:MultiFactorAuthAge", g.pick("300", "3600", "1800.5", "7200"))
	maybe(0.4, "aws:MultiFactorAuthPresent", g.pick("true", "false"))
	maybe(0.6, "aws:CurrentTime", g.pick("2024-06-01T12:00:00Z", "2024-01-01T00:00:00Z", "2025-06-01T00:00:00Z"))
	maybe(0.5, "aws:SecureTransport", g.pick("true", "false"))
	maybe(0.6, "aws:SourceIp", g.pick("10.1.2.3", "192.168.0.5", "203.0.113.9", "2001:db8::1", "8.8.8.8"))
	maybe(0.5, "aws:PrincipalArn", principal)
	maybe(0.3, "aws:SourceArn", g.pick("arn:aws:s3:::bucket-a", "arn:aws:sqs:us-east-1:111111111111:jobs"))
	maybe(0.4, "aws:TagKeys", anyList(g.pick("", "env", "team", "env,team", "owner")))
	maybe(0.3, "aws:CalledVia", anyList(g.pick("cloudformation.amazonaws.com", "", "athena.amazonaws.com,cloudformation.amazonaws.com")))
	maybe(0.4, "aws:PrincipalAccount", g.pick(acctA, acctB))
	maybe(0.3, "aws:PrincipalOrgID", g.pick("o-abc123", "o-zzz999"))
	maybe(0.3, "aws:PrincipalTag/env", g.pick("prod", "dev", "${*}"))
	maybe(0.3, "aws:userid", g.pick("AIDAEXAMPLE", "AROAEXAMPLE:alice-session"))
	maybe(0.2, "aws:TokenIssueTime", "2024-06-01T11:00:00Z")
	return c
}

func anyList(csv string) []any {
	out := []any{}
	start := 0
	for i := 0; i <= len(csv); i++ {
		if i == len(csv) || csv[i] == ',' {
			if i > start {
				out = append(out, csv[start:i])
			}
			start = i + 1
		}
	}
	return out
}

func (g *gen) nPolicies(kind string, maxN int, allowBias float64) []any {
	n := 1 + g.r.IntN(maxN)
	out := make([]any, n)
	for i := range out {
		out[i] = g.policy(kind, 1+g.r.IntN(3), allowBias)
	}
	return out
}

func (g *gen) caseN(i int) kv {
	g.t = targets[g.r.IntN(len(targets))]
	principal := principals[g.r.IntN(len(principals))]
	c := kv{"id": fmt.Sprintf("c%04d", i)}
	if principal != "lambda.amazonaws.com" {
		c["identityPolicies"] = g.nPolicies("identity", 3, 0.75)
		if g.chance(0.2) {
			c["permissionBoundaries"] = g.nPolicies("identity", 1, 0.8)
		}
		if g.chance(0.15) && (principal == principals[2] || principal == principals[3] || principal == principals[6]) {
			c["sessionPolicy"] = g.policy("identity", 1+g.r.IntN(2), 0.8)
		}
		switch g.r.IntN(5) {
		case 0:
			c["scps"] = g.nPolicies("scp", 2, 0.7)
		case 1:
			levels := []any{}
			for l := 0; l < 2+g.r.IntN(2); l++ {
				levels = append(levels, g.nPolicies("scp", 2, 0.8))
			}
			c["scpLevels"] = levels
		}
	} else {
		c["identityPolicies"] = []any{}
	}
	if g.chance(0.15) {
		c["rcps"] = g.nPolicies("rcp", 2, 0)
	}
	if g.chance(0.55) || g.t.action == "sts:AssumeRole" && g.chance(0.8) {
		c["resourcePolicy"] = g.policy("resource", 1+g.r.IntN(3), 0.75)
	}
	c["request"] = kv{
		"principal":        principal,
		"action":           g.t.action,
		"resource":         kv{"resource": g.t.resource, "accountId": g.t.account},
		"contextVariables": g.context(principal),
	}
	return c
}

// invalid are policies IAM rejects; each case must come back as an error.
var invalid = []kv{
	{"Version": "2012-10-17", "Statement": kv{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}},
	{"Version": "2012-10-17", "Statement": kv{"Effect": "Allow", "Action": "s3GetObject", "Resource": "*"}},
	{"Version": "2012-10-17", "Statement": kv{"Effect": "Allow", "Action": "s3:GetObject"}},
	{"Version": "2012-10-17", "Statement": kv{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}},
	{"Version": "2012-10-18", "Statement": kv{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}},
	{"Version": "2012-10-17", "Statement": kv{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": kv{"ForSomeValues:StringEquals": kv{"aws:TagKeys": "a"}}}},
}

func main() {
	n := flag.Int("n", 2600, "number of generated cases")
	seed := flag.Uint64("seed", 10, "random seed")
	out := flag.String("out", "internal/iam/eval/testdata/corpus.jsonl", "output file")
	flag.Parse()
	g := &gen{r: rand.New(rand.NewPCG(*seed, 2026))}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	write := func(c kv) {
		if err := enc.Encode(c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	for i := 0; i < *n; i++ {
		write(g.caseN(i))
	}
	for i, p := range invalid {
		write(kv{"id": fmt.Sprintf("invalid%02d", i), "identityPolicies": []any{p}, "request": kv{
			"principal": principals[0], "action": "s3:GetObject",
			"resource":         kv{"resource": "arn:aws:s3:::bucket-a/home/alice/notes.txt", "accountId": acctA},
			"contextVariables": kv{}}})
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
