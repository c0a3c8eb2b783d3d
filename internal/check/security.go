package check

import (
	"regexp"
	"strconv"

	"github.com/landform/landform/internal/accessrule"
	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/mlrule"
	"github.com/landform/landform/internal/sgrule"
	"github.com/landform/landform/internal/yamltree"
)

var accessKey = regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)

// security runs the rules the seeds block, on top of what CloudFormation
// itself would reject.
func (c *checker) security() {
	c.secrets("", c.t.Root)
	// An ml template also gets the ml kind's product validator.
	if o, ok := mlrule.FromMetadata(c.t); ok {
		c.fs = append(c.fs, mlrule.Check(c.t, o)...)
	}
	// An access template gets the access kind's template rules.
	if accessrule.Applies(c.t) {
		c.fs = append(c.fs, accessrule.Check(c.t)...)
	}
	for _, id := range c.order {
		r := c.resources[id]
		typ, _ := r.Get("Type").String()
		props := r.Get("Properties")
		path := yamltree.ChildPath("Resources", id)
		switch typ {
		case "AWS::S3::Bucket":
			c.bucket(id, props, path)
		case "AWS::CodeBuild::Project":
			if n := props.Get("Environment").Get("PrivilegedMode"); truthy(n) {
				c.warnf("LF-CFN-304", n, path+".Properties.Environment.PrivilegedMode", "turn it off unless the project builds Docker images",
					"CodeBuild project %s runs privileged: its builds get root on the build host", id)
			}
		case "AWS::Logs::LogGroup":
			c.retention(id, props, path)
		case "AWS::EC2::SecurityGroup":
			for i, rule := range cfn.Values(props.Get("SecurityGroupIngress")) {
				c.sgRule(rule, yamltree.IndexPath(path+".Properties.SecurityGroupIngress", i), true)
			}
			for i, rule := range cfn.Values(props.Get("SecurityGroupEgress")) {
				c.sgRule(rule, yamltree.IndexPath(path+".Properties.SecurityGroupEgress", i), false)
			}
		case "AWS::EC2::SecurityGroupIngress":
			c.sgRule(props, path+".Properties", true)
		case "AWS::EC2::SecurityGroupEgress":
			c.sgRule(props, path+".Properties", false)
		}
	}
}

// secrets reports plaintext access key ids in any string of the template.
func (c *checker) secrets(path string, n *yamltree.Node) {
	switch n.Kind {
	case yamltree.Map:
		for _, e := range n.Entries {
			c.secrets(yamltree.ChildPath(path, e.Key), e.Value)
		}
	case yamltree.Seq:
		for i, it := range n.Items {
			c.secrets(yamltree.IndexPath(path, i), it)
		}
	default:
		if s, ok := n.String(); ok && accessKey.MatchString(s) {
			c.errorf("LF-CFN-301", n, path, "remove the key, rotate it, and pass credentials through a role or Secrets Manager",
				"plaintext AWS access key id %s…", accessKey.FindString(s)[:8])
		}
	}
}

func truthy(n *yamltree.Node) bool {
	if n == nil {
		return false
	}
	switch v := n.Value.(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

func (c *checker) bucket(id string, props *yamltree.Node, path string) {
	pab := props.Get("PublicAccessBlockConfiguration")
	all := pab != nil
	for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
		all = all && truthy(pab.Get(k))
	}
	if !all {
		c.warnf("LF-CFN-302", props, path+".Properties.PublicAccessBlockConfiguration",
			"set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets true",
			"bucket %s does not block public access", id)
	}
	if props.Get("BucketEncryption") == nil {
		c.warnf("LF-CFN-303", props, path+".Properties.BucketEncryption", "add BucketEncryption with SSE-KMS (aws:kms) or SSE-S3 (AES256)",
			"bucket %s has no default encryption", id)
	}
}

func (c *checker) retention(id string, props *yamltree.Node, path string) {
	n := props.Get("RetentionInDays")
	if n == nil {
		c.warnf("LF-CFN-305", props, path+".Properties", "set RetentionInDays (90 or more; 365 is common)", "log group %s keeps logs forever", id)
		return
	}
	if days, err := strconv.Atoi(n.Text); err == nil && days < 90 {
		c.warnf("LF-CFN-305", n, path+".Properties.RetentionInDays", "keep logs for 90 days or more", "log group %s keeps logs for %d days", id, days)
	}
}

// sgRule runs the shared security-group rule checks on one rule. A rule
// without a description is a warning here: CloudFormation accepts it, the
// sg kind does not.
func (c *checker) sgRule(rule *yamltree.Node, path string, ingress bool) {
	if rule == nil || rule.Kind != yamltree.Map {
		return
	}
	r := sgrule.Rule{Ingress: ingress, Protocol: literal(rule.Get("IpProtocol")),
		CIDR: literal(rule.Get("CidrIp")), CIDRv6: literal(rule.Get("CidrIpv6")), Description: literal(rule.Get("Description"))}
	if d := rule.Get("Description"); d != nil && cfn.IsIntrinsic(d) {
		r.DescriptionUnknown = true
	}
	from, err1 := strconv.Atoi(literal(rule.Get("FromPort")))
	to, err2 := strconv.Atoi(literal(rule.Get("ToPort")))
	r.From, r.To, r.PortsKnown = from, to, err1 == nil && err2 == nil
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
		c.fs.Add(finding.Finding{Rule: p.ID, Severity: p.Severity, Pos: c.pos(at, where), Path: where, Message: p.Message, Hint: p.Hint})
	}
}

// literal is a scalar's text, or "" for a missing value or an intrinsic.
func literal(n *yamltree.Node) string {
	if n == nil || n.Kind != yamltree.Scalar {
		return ""
	}
	return n.Text
}

func text(n *yamltree.Node) string {
	if n == nil {
		return ""
	}
	return n.Text
}
