package sg

import (
	"fmt"
	"slices"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/sg/sgrule"
	"github.com/landform/landform/internal/yamltree"
)

// maxRulesPerGroup is EC2's default quota of inbound (and, separately,
// outbound) rules per security group.
const maxRulesPerGroup = 60

// Validate runs the seed's security validation and the structural rules.
func (s *spec) Validate() finding.List {
	fs := slices.Clone(s.resolved)
	fs = append(fs, s.checkVPC()...)
	for _, t := range s.model.tiers {
		for _, r := range t.rules() {
			if !r.Derived {
				fs = append(fs, s.checkRule(t, r)...)
			}
		}
		fs = append(fs, s.checkDuplicates(t)...)
	}
	fs = append(fs, s.checkTags()...)
	return fs
}

func (s *spec) checkVPC() finding.List {
	var fs finding.List
	v := s.cfg.VPC
	switch v.Source {
	case "direct":
		if v.ID == "" {
			fs.Errorf("LF-SG-112", s.doc.Pos("vpc"), "vpc.vpc_id", "add vpc_id: vpc-…, or use vpc_source: parameter-store",
				"vpc_source direct needs vpc_id")
		}
		if v.ParameterPath != "" {
			fs.Errorf("LF-SG-112", s.doc.Pos("vpc.vpc_parameter_store_path"), "vpc.vpc_parameter_store_path",
				"remove it, or use vpc_source: parameter-store", "vpc_parameter_store_path is for vpc_source parameter-store")
		}
	case "parameter-store":
		if v.ID != "" {
			fs.Errorf("LF-SG-112", s.doc.Pos("vpc.vpc_id"), "vpc.vpc_id", "remove it, or use vpc_source: direct",
				"vpc_id is for vpc_source direct; parameter-store reads the id from %s", s.vpcParameterPath())
		}
	}
	return fs
}

// checkRule runs the shared rule checks and the sg kind's own on a rule the
// scenario or the config wrote.
func (s *spec) checkRule(t *tier, r *rule) finding.List {
	var fs finding.List
	at := func(field string) (finding.Pos, string) {
		where := r.at
		if field == "port" || (field == "" && r.Origin == PortsChanged) {
			where = r.portsAt
			if r.Origin == PortsChanged {
				field = ""
			}
		}
		path := where.path
		if field != "" {
			path += "." + field
		}
		return where.pos(field), path
	}
	add := func(id string, sev finding.Severity, field, hint, format string, args ...any) {
		pos, path := at(field)
		fs.Add(finding.Finding{Rule: id, Severity: sev, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...), Hint: hint})
	}
	what := fmt.Sprintf("%s rule %s of tier %s", direction(r), r.Name, t.Name)

	// Exactly one peer, on the right side.
	peers := r.peers()
	spec := s.specOf(r)
	if r.Ingress && spec.DestinationTier != "" {
		add("LF-SG-108", finding.Error, "destination_tier", "an ingress rule names where traffic comes from: use source_tier", "%s has destination_tier", what)
	}
	if !r.Ingress && spec.SourceTier != "" {
		add("LF-SG-108", finding.Error, "source_tier", "an egress rule names where traffic goes: use destination_tier", "%s has source_tier", what)
	}
	wrongSide := (r.Ingress && spec.DestinationTier != "") || (!r.Ingress && spec.SourceTier != "")
	if peers != 1 && !wrongSide {
		add("LF-SG-108", finding.Error, "", "give exactly one of cidr, cidr_ipv6, prefix_list or "+tierField(r),
			"%s has %d peers; it needs exactly one", what, peers)
	}
	if r.Tier != "" {
		if _, ok := s.model.byName[r.Tier]; !ok {
			add("LF-SG-106", finding.Error, tierField(r), s.tierHint(s.model, r.Tier),
				"%s names tier %q, which scenario %s does not have", what, r.Tier, s.scenario.Name)
		}
	}
	// Ports go with TCP and UDP only.
	switch r.Protocol {
	case "tcp", "udp":
		if r.Ports == nil {
			add("LF-SG-104", finding.Error, "", "add port: a number (443) or a range (\"8000-8100\")", "%s (%s) has no port", what, r.Protocol)
		}
	default:
		if r.Ports != nil {
			add("LF-SG-104", finding.Error, "port", "remove port: protocol "+r.Protocol+" opens no port", "%s (%s) has a port", what, r.Protocol)
		}
	}
	in := sgrule.Rule{Ingress: r.Ingress, Protocol: ec2Protocol(r.Protocol), CIDR: r.CIDR, CIDRv6: r.CIDRv6, Description: r.Description}
	if r.Ports != nil && (r.Protocol == "tcp" || r.Protocol == "udp") {
		in.From, in.To, in.PortsKnown = r.Ports.From, r.Ports.To, true
	}
	for _, p := range sgrule.Check(in, finding.Error) {
		field := map[sgrule.Field]string{sgrule.Ports: "port", sgrule.CIDR: "cidr", sgrule.CIDRv6: "cidr_ipv6", sgrule.Description: "description"}[p.Field]
		if p.Field == sgrule.Description && r.at.doc != nil && r.at.doc.Lookup(r.at.path+".description") == nil {
			field = ""
		}
		add(p.ID, p.Severity, field, p.Hint, "%s: %s", what, p.Message)
	}
	return fs
}

// specOf re-reads the rule as written, for fields the model folds away.
func (s *spec) specOf(r *rule) RuleSpec {
	n := r.at.doc.Lookup(r.at.path)
	var out RuleSpec
	if n == nil {
		return out
	}
	out.SourceTier, _ = n.Get("source_tier").String()
	out.DestinationTier, _ = n.Get("destination_tier").String()
	return out
}

func tierField(r *rule) string {
	if r.Ingress {
		return "source_tier"
	}
	return "destination_tier"
}

func direction(r *rule) string {
	if r.Ingress {
		return "ingress"
	}
	return "egress"
}

// checkDuplicates reports two rules EC2 would see as the same: it refuses
// the second with InvalidPermission.Duplicate.
func (s *spec) checkDuplicates(t *tier) finding.List {
	var fs finding.List
	for _, rules := range [][]*rule{t.Ingress, t.Egress} {
		seen := map[string]*rule{}
		for _, r := range rules {
			if r.peers() != 1 {
				continue // reported by checkRule
			}
			if first, ok := seen[r.key()]; ok {
				if r.Derived && first.Derived {
					continue // reported where both are written
				}
				at := r
				if r.Derived && !first.Derived {
					at = first
				}
				fs.Errorf("LF-SG-109", at.at.pos(""), at.at.path, "remove one, or change its ports or peer",
					"tier %s has two %s rules for %s port %s with %s (%s and %s); EC2 refuses duplicates", t.Name, direction(r), r.Protocol, r.portText(), r.peer(), first.Name, r.Name)
				continue
			}
			seen[r.key()] = r
		}
		if len(rules) > maxRulesPerGroup {
			fs.Warnf("LF-SG-111", t.at.pos(""), t.at.path, "split the tier, or ask AWS for a higher rules-per-security-group quota",
				"tier %s has %d %s rules; EC2's default quota is %d per group", t.Name, len(rules), direction(rules[0]), maxRulesPerGroup)
		}
	}
	return fs
}

// checkTags rejects the aws: prefix, which AWS reserves for its own tags.
func (s *spec) checkTags() finding.List {
	var fs finding.List
	for k := range s.cfg.Tags {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			path := yamltree.ChildPath("tags", k)
			fs.Errorf("LF-SG-110", s.doc.KeyPos(path), path, "rename the tag", "tag key %q starts with aws:, which AWS reserves", k)
		}
	}
	fs.Sort()
	return fs
}

// ec2Protocol is the IpProtocol CloudFormation takes.
func ec2Protocol(p string) string {
	switch p {
	case "all":
		return "-1"
	case "icmpv6":
		return "58"
	}
	return p
}
