package sg

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/version"
)

// noEgress replaces the default allow-all egress rule of a group that needs
// no outbound traffic of its own: CloudFormation keeps the default rule
// whenever SecurityGroupEgress is empty, so an empty list is not "none".
// 127.0.0.1/32 matches nothing that leaves the instance.
var noEgress = cfn.M("IpProtocol", "-1", "CidrIp", "127.0.0.1/32",
	"Description", "No outbound traffic except the rules of this group: replaces the default allow-all rule")

// ConfigHash is the SHA-256 of the config's data in canonical JSON.
func (s *spec) ConfigHash() string {
	raw, _ := json.Marshal(s.doc.Value())
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Build returns the stack's template: one security group per tier with its
// CIDR and prefix-list rules inline, every cross-tier rule as a standalone
// ingress or egress resource (so no scenario can make a dependency cycle),
// an SSM parameter per tier with the group's id, and outputs.
func (s *spec) Build() (*cfn.Template, error) {
	if s.resolved.HasErrors() {
		return nil, fmt.Errorf("config %s has errors; run landform validate", s.doc.File)
	}
	c := s.cfg
	t := &cfn.Template{
		Description: fmt.Sprintf("landform sg %s: security groups for %s in %s (%s)", s.scenario.Name, s.prefix(), c.Environment.Region, s.Stem()),
		Metadata: cfn.M("Landform", cfn.M(
			"Generator", "landform "+version.Version,
			"Kind", "sg",
			"Scenario", s.scenario.Name,
			"Stem", s.Stem(),
			"ConfigSHA256", s.ConfigHash(),
		)),
		Parameters: cfn.M("VpcId", s.vpcParameter()),
	}
	for _, tr := range s.model.tiers {
		if err := t.AddResource(cfn.Resource{LogicalID: groupID(tr), Type: "AWS::EC2::SecurityGroup", Properties: s.group(tr)}); err != nil {
			return nil, err
		}
	}
	for _, tr := range s.model.tiers {
		for _, r := range tr.rules() {
			if r.Tier == "" {
				continue
			}
			res, err := s.crossTier(tr, r)
			if err != nil {
				return nil, err
			}
			if err := t.AddResource(res); err != nil {
				return nil, err
			}
		}
	}
	for _, tr := range s.model.tiers {
		props := cfn.M("Name", s.parameterName(tr), "Type", "String",
			"Value", cfn.GetAtt(groupID(tr), "GroupId"),
			"Description", fmt.Sprintf("Security group id of the %s tier of %s", tr.Name, s.Stem()))
		props.SetIf(len(c.Tags) > 0, "Tags", s.tagMap())
		if err := t.AddResource(cfn.Resource{LogicalID: groupID(tr) + "IdParameter", Type: "AWS::SSM::Parameter", Properties: props}); err != nil {
			return nil, err
		}
	}
	for _, tr := range s.model.tiers {
		id := logicalName(tr.Name) + "SecurityGroupId"
		if err := t.AddOutput(cfn.Output{LogicalID: id, Description: fmt.Sprintf("Security group id of the %s tier (%s)", tr.Name, s.groupName(tr)),
			Value: cfn.GetAtt(groupID(tr), "GroupId"), Export: cfn.Sub("${AWS::StackName}-" + id)}); err != nil {
			return nil, err
		}
	}
	if err := t.AddOutput(cfn.Output{LogicalID: "VpcId", Description: "The VPC the security groups are in", Value: cfn.Ref("VpcId")}); err != nil {
		return nil, err
	}
	return t, nil
}

func groupID(t *tier) string { return logicalName(t.Name) + "SecurityGroup" }

func (s *spec) vpcParameter() *cfn.Map {
	if s.cfg.VPC.Source == "direct" {
		return cfn.M("Type", "AWS::EC2::VPC::Id", "Default", s.cfg.VPC.ID, "Description", "The VPC of the security groups")
	}
	return cfn.M("Type", "AWS::SSM::Parameter::Value<AWS::EC2::VPC::Id>", "Default", s.vpcParameterPath(),
		"Description", "The SSM parameter holding the VPC id; CloudFormation resolves it at deploy time")
}

func (s *spec) group(tr *tier) *cfn.Map {
	props := cfn.M("GroupName", s.groupName(tr),
		"GroupDescription", truncate(fmt.Sprintf("%s (%s tier, %s scenario)", tr.Description, tr.Name, s.scenario.Name), 255),
		"VpcId", cfn.Ref("VpcId"))
	var in, out []any
	for _, r := range tr.Ingress {
		if r.Tier == "" {
			in = append(in, inlineRule(r))
		}
	}
	for _, r := range tr.Egress {
		if r.Tier == "" {
			out = append(out, inlineRule(r))
		}
	}
	if len(out) == 0 {
		out = []any{noEgress}
	}
	props.SetIf(len(in) > 0, "SecurityGroupIngress", in)
	props.Set("SecurityGroupEgress", out)
	tags := []any{cfn.M("Key", "Name", "Value", s.groupName(tr))}
	for _, k := range sortedKeys(s.cfg.Tags) {
		tags = append(tags, cfn.M("Key", k, "Value", s.cfg.Tags[k]))
	}
	props.Set("Tags", tags)
	return props
}

// inlineRule is a CIDR or prefix-list rule as SecurityGroupIngress or
// SecurityGroupEgress takes it.
func inlineRule(r *rule) *cfn.Map {
	m := ports(cfn.M("IpProtocol", ec2Protocol(r.Protocol)), r)
	switch {
	case r.CIDR != "":
		m.Set("CidrIp", r.CIDR)
	case r.CIDRv6 != "":
		m.Set("CidrIpv6", r.CIDRv6)
	case r.Ingress:
		m.Set("SourcePrefixListId", r.PrefixList)
	default:
		m.Set("DestinationPrefixListId", r.PrefixList)
	}
	return m.Set("Description", r.Description)
}

func ports(m *cfn.Map, r *rule) *cfn.Map {
	switch {
	case r.Ports != nil:
		m.Set("FromPort", r.Ports.From).Set("ToPort", r.Ports.To)
	case r.Protocol == "icmp" || r.Protocol == "icmpv6":
		m.Set("FromPort", -1).Set("ToPort", -1) // every ICMP type and code
	}
	return m
}

// crossTier is the standalone resource of one half of a cross-tier rule.
func (s *spec) crossTier(tr *tier, r *rule) (cfn.Resource, error) {
	peer, ok := s.model.byName[r.Tier]
	if !ok {
		return cfn.Resource{}, fmt.Errorf("tier %s: rule %s names unknown tier %s", tr.Name, r.Name, r.Tier)
	}
	props := ports(cfn.M("GroupId", cfn.GetAtt(groupID(tr), "GroupId"), "IpProtocol", ec2Protocol(r.Protocol)), r)
	typ, dir := "AWS::EC2::SecurityGroupIngress", "Ingress"
	if r.Ingress {
		props.Set("SourceSecurityGroupId", cfn.GetAtt(groupID(peer), "GroupId"))
	} else {
		typ, dir = "AWS::EC2::SecurityGroupEgress", "Egress"
		props.Set("DestinationSecurityGroupId", cfn.GetAtt(groupID(peer), "GroupId"))
	}
	props.Set("Description", r.Description)
	return cfn.Resource{LogicalID: logicalName(tr.Name) + dir + logicalName(r.Name), Type: typ, Properties: props}, nil
}

func (s *spec) tagMap() *cfn.Map {
	m := cfn.NewMap()
	for _, k := range sortedKeys(s.cfg.Tags) {
		m.Set(k, s.cfg.Tags[k])
	}
	return m
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
