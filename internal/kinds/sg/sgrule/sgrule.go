// Package sgrule holds the security-group rule checks that the sg kind runs
// on its configs before generating anything, and that check runs on the
// rules of any template: database ports open to the internet (LF-SG-101),
// SSH and RDP open to it (LF-SG-102), rules without a description
// (LF-SG-103), impossible port ranges (LF-SG-104), malformed CIDRs
// (LF-SG-105) and all traffic open to the internet (LF-SG-113). One implementation, so a config and the template generated
// from it are judged alike.
package sgrule

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/landform/landform/internal/finding"
)

// Rules are the ids Check reports, in id order.
var Rules = []finding.Rule{
	{ID: "LF-SG-101", Severity: finding.Error, Summary: "a database port open to 0.0.0.0/0 or ::/0"},
	{ID: "LF-SG-102", Severity: finding.Warning, Summary: "SSH or RDP open to 0.0.0.0/0 or ::/0"},
	{ID: "LF-SG-103", Severity: finding.Warning, Summary: "a security-group rule without a description (an error in sg configs)"},
	{ID: "LF-SG-104", Severity: finding.Error, Summary: "a port range outside 1-65535 or from above to (in sg configs also a tcp or udp rule without a port, or a port on another protocol)"},
	{ID: "LF-SG-105", Severity: finding.Error, Summary: "a malformed CIDR, or one with bits set after its prefix"},
	{ID: "LF-SG-113", Severity: finding.Error, Summary: "all traffic (every protocol, or every port) open to 0.0.0.0/0 or ::/0"},
}

// DatabasePorts are the ports whose exposure to the internet is an error.
var DatabasePorts = map[int]string{3306: "MySQL", 5432: "PostgreSQL", 1433: "SQL Server", 1521: "Oracle",
	27017: "MongoDB", 6379: "Redis", 11211: "Memcached", 9200: "Elasticsearch", 5439: "Redshift", 9042: "Cassandra"}

// AdminPorts are remote-administration ports: exposure is a warning.
var AdminPorts = map[int]string{22: "SSH", 3389: "RDP"}

// Field names which part of a rule a problem is about.
type Field int

const (
	Whole       Field = iota // the rule as a whole
	Ports                    // its port or port range
	CIDR                     // its IPv4 CIDR
	CIDRv6                   // its IPv6 CIDR
	Description              // its description
)

// Rule is one security-group rule, as the sg kind's configs and
// CloudFormation both describe it. Unknown parts (a value computed by an
// intrinsic function) are left empty and are not judged.
type Rule struct {
	Ingress     bool
	Protocol    string // tcp, udp, icmp, icmpv6, -1 (all), or an IANA number
	From, To    int
	PortsKnown  bool // From and To were given as numbers
	CIDR        string
	CIDRv6      string
	Description string
	// DescriptionUnknown says the description is computed; it is not
	// reported as missing.
	DescriptionUnknown bool
}

// Problem is one rule broken.
type Problem struct {
	ID       string
	Severity finding.Severity
	Field    Field
	Message  string
	Hint     string
}

// Check returns what is wrong with r. DescriptionSeverity is the severity of
// a missing description: the sg kind requires one (Error); CloudFormation
// does not, so check reports it as a Warning.
func Check(r Rule, descriptionSeverity finding.Severity) []Problem {
	var out []Problem
	if strings.TrimSpace(r.Description) == "" && !r.DescriptionUnknown {
		out = append(out, Problem{"LF-SG-103", descriptionSeverity, Description, "the rule has no description",
			"say what the traffic is and why it is allowed (Description)"})
	}
	if p, ok := checkCIDR(r.CIDR, false); !ok {
		out = append(out, p)
	}
	if p, ok := checkCIDR(r.CIDRv6, true); !ok {
		out = append(out, p)
	}
	from, to, ok := portRange(r)
	if !ok {
		if r.PortsKnown && hasPorts(r.Protocol) {
			out = append(out, Problem{"LF-SG-104", finding.Error, Ports, fmt.Sprintf("port range %d-%d is not within 1-65535 with from <= to", r.From, r.To),
				"use ports from 1 to 65535, the lower one first"})
		}
		return out
	}
	if !r.Ingress {
		return out
	}
	world := ""
	switch {
	case r.CIDR == "0.0.0.0/0":
		world = r.CIDR
	case r.CIDRv6 == "::/0":
		world = r.CIDRv6
	default:
		return out
	}
	// A rule that opens everything is its own finding: the port it happens
	// to cover first says less than what it does.
	if from <= 1 && to == 65535 {
		what := "every port"
		if p := strings.ToLower(r.Protocol); p == "-1" || p == "all" {
			what = "all traffic (every protocol and port)"
		}
		return append(out, Problem{"LF-SG-113", finding.Error, Whole, fmt.Sprintf("%s is open to %s", what, world),
			"allow only the ports the tier serves, from the security groups or CIDRs that need them"})
	}
	for _, port := range slices.Sorted(maps.Keys(DatabasePorts)) {
		if port >= from && port <= to {
			return append(out, Problem{"LF-SG-101", finding.Error, Whole, fmt.Sprintf("port %d (%s) is open to %s", port, DatabasePorts[port], world),
				"allow it from the application tier's security group instead"})
		}
	}
	for _, port := range slices.Sorted(maps.Keys(AdminPorts)) {
		if port >= from && port <= to {
			return append(out, Problem{"LF-SG-102", finding.Warning, Whole, fmt.Sprintf("port %d (%s) is open to %s", port, AdminPorts[port], world),
				"use SSM Session Manager, or allow a known CIDR"})
		}
	}
	return out
}

// hasPorts reports whether a protocol's rules carry ports.
func hasPorts(protocol string) bool {
	switch strings.ToLower(protocol) {
	case "tcp", "udp", "6", "17":
		return true
	}
	return false
}

// portRange returns the ports a rule opens; protocol -1 opens all of them.
// ICMP rules use the port fields for types and codes and open no port.
func portRange(r Rule) (from, to int, ok bool) {
	switch strings.ToLower(r.Protocol) {
	case "-1", "all":
		return 0, 65535, true
	}
	if !hasPorts(r.Protocol) || !r.PortsKnown {
		return 0, 0, false
	}
	if r.From == -1 && r.To == -1 {
		return 0, 65535, true // CloudFormation's "all ports"
	}
	if r.From < 1 || r.To > 65535 || r.From > r.To {
		return 0, 0, false
	}
	return r.From, r.To, true
}

func checkCIDR(s string, v6 bool) (Problem, bool) {
	if s == "" {
		return Problem{}, true
	}
	field, family := CIDR, "IPv4"
	if v6 {
		field, family = CIDRv6, "IPv6"
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || p.Addr().Is6() != v6 || (!v6 && p.Addr().Is4In6()) {
		return Problem{"LF-SG-105", finding.Error, field, fmt.Sprintf("%q is not an %s CIDR", s, family),
			map[bool]string{false: "write it as a.b.c.d/n, such as 10.0.0.0/16", true: "write it as an IPv6 prefix, such as 2001:db8::/32"}[v6]}, false
	}
	if p.Masked() != p {
		return Problem{"LF-SG-105", finding.Error, field, fmt.Sprintf("%q has bits set after its /%d prefix", s, p.Bits()),
			fmt.Sprintf("did you mean %s?", p.Masked())}, false
	}
	return Problem{}, true
}
