package main

import "fmt"

// The policies of a case: actions, resources, conditions, principals and
// statements, drawn for the case's target (g.t).

func (g *gen) action() string {
	a := g.t.action
	svc, name := split(a)
	switch g.r.IntN(12) {
	case 0:
		return "*"
	case 1:
		return svc + ":*"
	case 2:
		return svc + ":" + name[:3] + "*"
	case 3:
		return svc + ":*" + name[len(name)-3:]
	case 4:
		return svc + ":" + name[:1] + "?" + name[2:]
	case 5:
		return upper(svc) + ":" + lower(name) // actions ignore case
	case 6:
		return g.pick("s3:DeleteObject", "ec2:RunInstances", "iam:CreateUser", "kms:Encrypt", "sqs:ReceiveMessage")
	case 7:
		return svc + ":" + name + "?"
	default:
		return a
	}
}

func split(a string) (string, string) {
	for i := range a {
		if a[i] == ':' {
			return a[:i], a[i+1:]
		}
	}
	return a, ""
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func (g *gen) resource() string {
	res := g.t.resource
	if res == "*" || g.chance(0.15) {
		return g.pick("*", "*", "arn:aws:s3:::other-bucket/*")
	}
	n := len(res)
	switch g.r.IntN(14) {
	case 0:
		return res[:n-4] + "*"
	case 1:
		return res[:n-2] + "??"
	case 2:
		return res[:n-1] + "X" // a near miss
	case 3:
		// Wildcards in the fixed segments.
		return "arn:*:" + res[len("arn:aws:"):]
	case 4:
		if len(res) > 8 && res[:8] == "arn:aws:" {
			return "arn:AWS:" + res[8:] // the partition ignores case
		}
		return res
	case 5:
		if g.vars {
			return g.pick(
				"arn:aws:s3:::bucket-a/home/${aws:username}/*",
				"arn:aws:s3:::bucket-a/home/${aws:PrincipalTag/team}/*",
				"arn:aws:s3:::bucket-a/home/${aws:username, 'alice'}/*",
				"arn:aws:s3:::bucket-a/${*}/*",
				"arn:aws:s3:::bucket-a/home/${aws:username}${?}notes.txt",
				"arn:aws:dynamodb:us-east-1:111111111111:table/${aws:PrincipalTag/table}",
				"arn:aws:iam::111111111111:user/${aws:username}",
			)
		}
		return res
	case 6:
		return res + "/*"
	default:
		return res
	}
}

type kv = map[string]any

// condition returns a Condition block over the keys the context may hold.
func (g *gen) condition() kv {
	c := kv{}
	n := 1 + g.r.IntN(2)
	for i := 0; i < n; i++ {
		op, key, vals := g.oneCondition()
		block, _ := c[op].(kv)
		if block == nil {
			block = kv{}
			c[op] = block
		}
		block[key] = g.oneOrMany(vals)
	}
	return c
}

func (g *gen) oneCondition() (string, string, []string) {
	ie := ""
	if g.chance(0.25) {
		ie = "IfExists"
	}
	switch g.r.IntN(16) {
	case 0:
		return g.pick("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase") + ie,
			"aws:PrincipalTag/team", []string{g.pick("dev", "ops", "Dev")}
	case 1:
		return g.pick("StringLike", "StringNotLike") + ie, g.pick("aws:PrincipalTag/team", "aws:RequestedRegion"),
			[]string{g.pick("d*", "?ev", "us-*", "eu-west-?", "*")}
	case 2:
		v := g.pick("alice", "bob")
		if g.vars {
			v = g.pick("${aws:username}", "${aws:PrincipalTag/owner}", "${aws:username, 'nobody'}", "home/${aws:username}")
		}
		return g.pick("StringEquals", "StringNotEquals") + ie, g.pick("aws:username", "aws:PrincipalTag/owner"), []string{v}
	case 3:
		return g.pick("NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals") + ie,
			"aws:MultiFactorAuthAge", []string{g.pick("300", "3600", "1800.5", "-1")}
	case 4:
		return g.pick("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals") + ie,
			"aws:CurrentTime", []string{g.pick("2024-06-01T12:00:00Z", "2025-01-01T00:00:00Z", "2023-12-31T23:59:59Z", "2024-06-01T12:00:00.000Z")}
	case 5:
		return "Bool" + ie, g.pick("aws:SecureTransport", "aws:MultiFactorAuthPresent"), []string{g.pick("true", "false")}
	case 6:
		return g.pick("IpAddress", "NotIpAddress") + ie, "aws:SourceIp",
			[]string{g.pick("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "10.1.2.3/32", "203.0.113.0/24")}
	case 7:
		return g.pick("ArnLike", "ArnEquals", "ArnNotLike", "ArnNotEquals") + ie, g.pick("aws:PrincipalArn", "aws:SourceArn"),
			[]string{g.pick("arn:aws:iam::111111111111:role/*", "arn:aws:iam::*:user/alice", "arn:aws:iam::111111111111:role/dev",
				"arn:aws:s3:::bucket-?", "arn:aws:sqs:us-east-1:111111111111:*")}
	case 8:
		return "Null", g.pick("aws:MultiFactorAuthAge", "aws:TokenIssueTime", "aws:PrincipalTag/team", "aws:TagKeys"), []string{g.pick("true", "false")}
	case 9:
		return g.pick("ForAnyValue:StringEquals", "ForAllValues:StringEquals", "ForAnyValue:StringLike", "ForAllValues:StringLike",
				"ForAnyValue:StringNotEquals", "ForAllValues:StringNotEquals", "ForAllValues:StringEqualsIgnoreCase"),
			g.pick("aws:TagKeys", "aws:CalledVia"), g.pickN("env", "team", "cloudformation.amazonaws.com", "t*", "*.amazonaws.com")
	case 10:
		return "BinaryEquals", "aws:PrincipalTag/blob", []string{g.pick("QmluYXJ5", "T3RoZXI=")}
	case 11:
		return g.pick("StringEquals", "StringNotEquals") + ie, "aws:PrincipalAccount", []string{g.pick(acctA, acctB)}
	case 12:
		return "StringEquals" + ie, "aws:PrincipalOrgID", []string{g.pick("o-abc123", "o-zzz999")}
	case 13:
		if g.vars {
			return "StringLike", "aws:PrincipalTag/env", []string{g.pick("prod", "dev*", "${*}")}
		}
		return "StringLike", "aws:PrincipalTag/env", []string{g.pick("prod", "dev*")}
	case 14:
		return g.pick("StringEquals", "StringLike"), "aws:userid", []string{g.pick("AIDAEXAMPLE", "AIDA*", "AROA*:alice-session")}
	default:
		return "StringEquals" + ie, "aws:RequestedRegion", []string{g.pick("us-east-1", "eu-west-1")}
	}
}

func (g *gen) pickN(xs ...string) []string {
	n := 1 + g.r.IntN(2)
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, g.pick(xs...))
	}
	return out
}

// statement builds one statement for kind ("identity", "resource", "scp", "rcp").
func (g *gen) statement(kind string, effect string) kv {
	s := kv{"Effect": effect}
	if g.chance(0.2) {
		s["Sid"] = fmt.Sprintf("S%d", g.r.IntN(100))
	}
	acts := []string{g.action()}
	if g.chance(0.3) {
		acts = append(acts, g.action())
	}
	if kind != "rcp" && g.chance(0.1) {
		s["NotAction"] = g.oneOrMany([]string{g.pick("iam:*", "s3:Delete*", "ec2:*", "kms:Encrypt")})
	} else {
		s["Action"] = g.oneOrMany(acts)
	}
	trust := kind == "resource" && g.t.action == "sts:AssumeRole"
	if !trust {
		res := []string{g.resource()}
		if g.chance(0.25) {
			res = append(res, g.resource())
		}
		if g.chance(0.1) {
			s["NotResource"] = g.oneOrMany(res)
		} else {
			s["Resource"] = g.oneOrMany(res)
		}
	}
	switch kind {
	case "resource":
		p := g.principal()
		if g.chance(0.08) {
			s["NotPrincipal"] = p
		} else {
			s["Principal"] = p
		}
	case "rcp":
		s["Principal"] = "*"
	}
	if g.chance(0.45) {
		s["Condition"] = g.condition()
	}
	return s
}

func (g *gen) principal() any {
	switch g.r.IntN(9) {
	case 0:
		return "*"
	case 1:
		return kv{"AWS": "*"}
	case 2:
		return kv{"AWS": g.pick(acctA, acctB)}
	case 3:
		return kv{"AWS": "arn:aws:iam::" + g.pick(acctA, acctB) + ":root"}
	case 4:
		return kv{"Service": g.pick("lambda.amazonaws.com", "ec2.amazonaws.com")}
	case 5:
		return kv{"AWS": g.pick("arn:aws:iam::111111111111:role/dev", "arn:aws:iam::111111111111:role/DEV", "arn:aws:iam::222222222222:role/ci")}
	case 6:
		return kv{"AWS": g.pick("arn:aws:iam::111111111111:user/bob", "arn:aws:iam::111111111111:user/alice")}
	default:
		return kv{"AWS": g.oneOrMany([]string{g.pick(principals[:7]...), g.pick(principals[:7]...)})}
	}
}

func (g *gen) policy(kind string, n int, allowBias float64) kv {
	ver := "2012-10-17"
	if kind == "identity" || kind == "resource" || kind == "scp" {
		switch g.r.IntN(10) {
		case 0:
			ver = "2008-10-17"
		case 1:
			ver = ""
		}
	}
	g.vars = ver == "2012-10-17"
	var stmts []any
	for i := 0; i < n; i++ {
		eff := "Allow"
		if kind == "rcp" || !g.chance(allowBias) {
			eff = "Deny"
		}
		stmts = append(stmts, g.statement(kind, eff))
	}
	p := kv{}
	if ver != "" {
		p["Version"] = ver
	}
	if len(stmts) == 1 && g.chance(0.3) {
		p["Statement"] = stmts[0]
	} else {
		p["Statement"] = stmts
	}
	return p
}
