package sgrule

import (
	"testing"

	"github.com/landform/landform/internal/finding"
)

func TestCheck(t *testing.T) {
	tcp := func(from, to int) Rule {
		return Rule{Ingress: true, Protocol: "tcp", From: from, To: to, PortsKnown: true, Description: "d"}
	}
	with := func(r Rule, f func(*Rule)) Rule { f(&r); return r }
	tests := []struct {
		name string
		rule Rule
		want []string // ids, in order
	}{
		{"https from the world", with(tcp(443, 443), func(r *Rule) { r.CIDR = "0.0.0.0/0" }), nil},
		{"postgres from the world", with(tcp(5432, 5432), func(r *Rule) { r.CIDR = "0.0.0.0/0" }), []string{"LF-SG-101"}},
		{"mysql from ipv6 world", with(tcp(3306, 3306), func(r *Rule) { r.CIDRv6 = "::/0" }), []string{"LF-SG-101"}},
		{"range covering oracle", with(tcp(1500, 1600), func(r *Rule) { r.CIDR = "0.0.0.0/0" }), []string{"LF-SG-101"}},
		{"all traffic from the world", Rule{Ingress: true, Protocol: "-1", CIDR: "0.0.0.0/0", Description: "d"}, []string{"LF-SG-113"}},
		{"all ports as -1", with(tcp(-1, -1), func(r *Rule) { r.CIDR = "0.0.0.0/0" }), []string{"LF-SG-113"}},
		{"every port from ipv6 world", with(tcp(1, 65535), func(r *Rule) { r.CIDRv6 = "::/0" }), []string{"LF-SG-113"}},
		{"all but the last port is a database exposure", with(tcp(1, 65534), func(r *Rule) { r.CIDR = "0.0.0.0/0" }), []string{"LF-SG-101"}},
		{"all traffic from a VPC", Rule{Ingress: true, Protocol: "-1", CIDR: "10.0.0.0/16", Description: "d"}, nil},
		{"all traffic to the world is not exposure", Rule{Protocol: "-1", CIDR: "0.0.0.0/0", Description: "d"}, nil},
		{"ssh from the world", with(tcp(22, 22), func(r *Rule) { r.CIDR = "0.0.0.0/0" }), []string{"LF-SG-102"}},
		{"rdp from ipv6 world", with(tcp(3389, 3389), func(r *Rule) { r.CIDRv6 = "::/0" }), []string{"LF-SG-102"}},
		{"postgres from a VPC", with(tcp(5432, 5432), func(r *Rule) { r.CIDR = "10.0.0.0/16" }), nil},
		{"egress postgres to the world is not exposure", with(tcp(5432, 5432), func(r *Rule) { r.Ingress = false; r.CIDR = "0.0.0.0/0" }), nil},
		{"no description", with(tcp(443, 443), func(r *Rule) { r.Description = " " }), []string{"LF-SG-103"}},
		{"computed description", with(tcp(443, 443), func(r *Rule) { r.Description = ""; r.DescriptionUnknown = true }), nil},
		{"port zero", tcp(0, 10), []string{"LF-SG-104"}},
		{"port too high", tcp(443, 70000), []string{"LF-SG-104"}},
		{"from above to", tcp(8080, 80), []string{"LF-SG-104"}},
		{"icmp type and code are not ports", Rule{Ingress: true, Protocol: "icmp", From: 8, To: -1, PortsKnown: true, Description: "ping", CIDR: "0.0.0.0/0"}, nil},
		{"bad cidr", with(tcp(443, 443), func(r *Rule) { r.CIDR = "10.0.0.300/16" }), []string{"LF-SG-105"}},
		{"host bits", with(tcp(443, 443), func(r *Rule) { r.CIDR = "10.1.2.3/16" }), []string{"LF-SG-105"}},
		{"ipv6 in the ipv4 field", with(tcp(443, 443), func(r *Rule) { r.CIDR = "::/0" }), []string{"LF-SG-105"}},
		{"ipv4 in the ipv6 field", with(tcp(443, 443), func(r *Rule) { r.CIDRv6 = "0.0.0.0/0" }), []string{"LF-SG-105"}},
		{"several at once", Rule{Ingress: true, Protocol: "tcp", From: 5432, To: 5432, PortsKnown: true, CIDR: "0.0.0.0/0"}, []string{"LF-SG-103", "LF-SG-101"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.rule, finding.Error)
			var ids []string
			for _, p := range got {
				ids = append(ids, p.ID)
				if p.Message == "" || p.Hint == "" {
					t.Errorf("%s without message or hint", p.ID)
				}
			}
			if len(ids) != len(tt.want) {
				t.Fatalf("got %v, want %v", ids, tt.want)
			}
			for i := range ids {
				if ids[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", ids, tt.want)
				}
			}
		})
	}
	if p := Check(Rule{Protocol: "tcp", From: 1, To: 1, PortsKnown: true, CIDR: "10.1.2.3/16", Description: "d"}, finding.Error); p[0].Hint != "did you mean 10.1.0.0/16?" {
		t.Errorf("host-bits hint = %q", p[0].Hint)
	}
	if p := Check(Rule{Protocol: "tcp", From: 1, To: 1, PortsKnown: true}, finding.Warning); p[0].Severity != finding.Warning {
		t.Errorf("description severity not taken from the caller: %v", p[0].Severity)
	}
}
