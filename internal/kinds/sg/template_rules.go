package sg

import (
	"strconv"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/sg/sgrule"
	"github.com/landform/landform/internal/yamltree"
)

// TemplateRules are the security-group rule checks (package sgrule) run on
// every rule of every template, whoever wrote it: the same checks the sg
// kind runs on its configs, so a config and the template generated from it
// are judged alike. A rule without a description is a warning here:
// CloudFormation accepts it, the sg kind does not.
func (Kind) TemplateRules() check.RuleSet {
	return check.RuleSet{Owner: "sg", Rules: sgrule.Rules, Check: checkTemplate}
}

func checkTemplate(t *yamltree.Tree) finding.List {
	var fs finding.List
	for _, e := range t.Root.Get("Resources").Fields() {
		typ, _ := e.Value.Get("Type").String()
		props := e.Value.Get("Properties")
		path := yamltree.ChildPath("Resources", e.Key)
		switch typ {
		case "AWS::EC2::SecurityGroup":
			for i, rule := range cfn.Values(props.Get("SecurityGroupIngress")) {
				fs = append(fs, templateRule(t, rule, yamltree.IndexPath(path+".Properties.SecurityGroupIngress", i), true)...)
			}
			for i, rule := range cfn.Values(props.Get("SecurityGroupEgress")) {
				fs = append(fs, templateRule(t, rule, yamltree.IndexPath(path+".Properties.SecurityGroupEgress", i), false)...)
			}
		case "AWS::EC2::SecurityGroupIngress":
			fs = append(fs, templateRule(t, props, path+".Properties", true)...)
		case "AWS::EC2::SecurityGroupEgress":
			fs = append(fs, templateRule(t, props, path+".Properties", false)...)
		}
	}
	return fs
}

// templateRule judges one rule of a template.
func templateRule(t *yamltree.Tree, rule *yamltree.Node, path string, ingress bool) finding.List {
	if rule == nil || rule.Kind != yamltree.Map {
		return nil
	}
	r := sgrule.Rule{Ingress: ingress, Protocol: literal(rule.Get("IpProtocol")),
		CIDR: literal(rule.Get("CidrIp")), CIDRv6: literal(rule.Get("CidrIpv6")), Description: literal(rule.Get("Description"))}
	if d := rule.Get("Description"); d != nil && cfn.IsIntrinsic(d) {
		r.DescriptionUnknown = true
	}
	from, err1 := strconv.Atoi(literal(rule.Get("FromPort")))
	to, err2 := strconv.Atoi(literal(rule.Get("ToPort")))
	r.From, r.To, r.PortsKnown = from, to, err1 == nil && err2 == nil
	var fs finding.List
	for _, p := range sgrule.Check(r, finding.Warning) {
		at, where := rule, path
		switch p.Field {
		case sgrule.Ports:
			at, where = rule.Get("FromPort"), path+".FromPort"
		case sgrule.CIDR:
			at, where = rule.Get("CidrIp"), path+".CidrIp"
		case sgrule.CIDRv6:
			at, where = rule.Get("CidrIpv6"), path+".CidrIpv6"
		}
		pos := t.KeyPos(where)
		if at != nil && at.Pos.Line != 0 {
			pos = at.Pos
		}
		fs.Add(finding.Finding{Rule: p.ID, Severity: p.Severity, Pos: pos, Path: where, Message: p.Message, Hint: p.Hint})
	}
	return fs
}

// literal is a scalar's text, or "" for a missing value or an intrinsic.
func literal(n *yamltree.Node) string {
	if n == nil || n.Kind != yamltree.Scalar {
		return ""
	}
	return n.Text
}
