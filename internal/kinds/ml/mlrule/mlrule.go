// Package mlrule is the ml kind's product validator: the security rules the
// ML provisioner seed blocks or warns on, judged on a CloudFormation
// template. The ml kind runs it on the template it is about to write; check
// runs it on any template whose Metadata.Landform.Kind is ml. One
// implementation, so a config and the template generated from it are
// judged alike.
package mlrule

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/cfnspec"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/yamltree"
)

// Rules are the product validator's rules, in id order. Each names ml
// templates: the rules judge only templates the ml kind generated
// (Metadata.Landform.Kind: ml).
var Rules = []finding.Rule{
	{ID: "LF-ML-001", Severity: finding.Error, Summary: "ml templates: an IAM statement allows Resource \"*\" with no condition on actions that support resource-level permissions"},
	{ID: "LF-ML-002", Severity: finding.Error, Summary: "ml templates: an inline IAM policy in a tier that has managed policies (professional, enterprise)"},
	{ID: "LF-ML-003", Severity: finding.Error, Summary: "ml templates: a plaintext AWS access key id in the template"},
	{ID: "LF-ML-004", Severity: finding.Error, Summary: "ml templates: an S3 bucket whose public access is not fully blocked (enterprise)"},
	{ID: "LF-ML-005", Severity: finding.Error, Summary: "ml templates: a bucket, log group or topic without the customer managed KMS key (enterprise)"},
	{ID: "LF-ML-006", Severity: finding.Error, Summary: "ml templates: a privileged CodeBuild project without Metadata.Landform.PrivilegedJustification"},
	{ID: "LF-ML-007", Severity: finding.Error, Summary: "ml templates: SSH or RDP open to 0.0.0.0/0 or ::/0 on a security group"},
	{ID: "LF-ML-008", Severity: finding.Error, Summary: "ml templates: a log group keeps logs for less than 90 days, or has no retention (enterprise)"},
	{ID: "LF-ML-051", Severity: finding.Warning, Summary: "ml templates: a high-risk action (iam:PassRole not limited to named roles and one service, iam:CreateAccessKey, s3:DeleteBucket)"},
	{ID: "LF-ML-052", Severity: finding.Warning, Summary: "ml templates: a taggable resource without one of the required tags"},
}

// DefaultRequiredTags are required when the template names none.
var DefaultRequiredTags = []string{"cost_center", "owner", "project"}

// Options say what the template is.
type Options struct {
	Tier         string   // starter, professional or enterprise
	RequiredTags []string // tag keys every taggable resource carries
}

// FromMetadata reads the options from Metadata.Landform, and reports
// whether the template is an ml template.
func FromMetadata(t *yamltree.Tree) (Options, bool) {
	meta := t.Root.Get("Metadata").Get("Landform")
	if kind, _ := meta.Get("Kind").String(); kind != "ml" {
		return Options{}, false
	}
	o := Options{}
	o.Tier, _ = meta.Get("Tier").String()
	for _, n := range cfn.Values(meta.Get("RequiredTags")) {
		if s, ok := n.String(); ok {
			o.RequiredTags = append(o.RequiredTags, s)
		}
	}
	if o.RequiredTags == nil {
		o.RequiredTags = DefaultRequiredTags
	}
	return o, true
}

// JustificationKey is the resource Metadata key that justifies a
// privileged CodeBuild project: Metadata.Landform.PrivilegedJustification.
const JustificationKey = "PrivilegedJustification"

type checker struct {
	t  *yamltree.Tree
	o  Options
	fs finding.List
}

// Check runs every rule on a parsed template.
func Check(t *yamltree.Tree, o Options) finding.List {
	c := &checker{t: t, o: o}
	c.secrets(t.Root)
	for _, e := range t.Root.Get("Resources").Fields() {
		c.resource(e.Key, e.Value)
	}
	c.fs.Sort()
	return c.fs
}

func (c *checker) enterprise() bool { return c.o.Tier == "enterprise" }

func (c *checker) add(rule string, sev finding.Severity, n *yamltree.Node, path, hint, format string, args ...any) {
	pos := finding.Pos{}
	if n != nil && n.Pos.Line != 0 {
		pos = n.Pos
	} else {
		pos = c.t.KeyPos(path)
	}
	c.fs.Add(finding.Finding{Rule: rule, Severity: sev, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (c *checker) resource(id string, r *yamltree.Node) {
	typ, _ := r.Get("Type").String()
	props := r.Get("Properties")
	path := yamltree.ChildPath("Resources", id)
	pp := path + ".Properties"
	switch typ {
	case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
		if pol := props.Get("Policies"); pol != nil {
			if c.o.Tier != "starter" && c.o.Tier != "" {
				c.add("LF-ML-002", finding.Error, pol, pp+".Policies", "move the statements into an AWS::IAM::ManagedPolicy attached to the role",
					"%s %s has inline policies; tier %s uses managed policies", typ, id, c.o.Tier)
			}
			for i, p := range cfn.Values(pol) {
				c.policy(p.Get("PolicyDocument"), yamltree.IndexPath(pp+".Policies", i)+".PolicyDocument")
			}
		}
	case "AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy":
		if c.o.Tier != "starter" && c.o.Tier != "" {
			c.add("LF-ML-002", finding.Error, r.Get("Type"), path+".Type", "use AWS::IAM::ManagedPolicy instead",
				"%s is an inline policy (%s); tier %s uses managed policies", id, typ, c.o.Tier)
		}
		c.policy(props.Get("PolicyDocument"), pp+".PolicyDocument")
	case "AWS::IAM::ManagedPolicy":
		c.policy(props.Get("PolicyDocument"), pp+".PolicyDocument")
	case "AWS::S3::Bucket":
		c.bucket(id, props, pp)
	case "AWS::Logs::LogGroup":
		c.logGroup(id, props, pp)
	case "AWS::SNS::Topic":
		if c.enterprise() && props.Get("KmsMasterKeyId") == nil {
			c.add("LF-ML-005", finding.Error, props, pp+".KmsMasterKeyId", "set KmsMasterKeyId to the product's key", "topic %s is not encrypted with a KMS key", id)
		}
	case "AWS::CodeBuild::Project":
		if n := props.Get("Environment").Get("PrivilegedMode"); truthy(n) {
			j, _ := r.Get("Metadata").Get("Landform").Get(JustificationKey).String()
			if strings.TrimSpace(j) == "" {
				c.add("LF-ML-006", finding.Error, n, pp+".Environment.PrivilegedMode",
					"turn privileged mode off, or say why it is needed (ml_product.build.privileged_justification; in a template, Metadata.Landform."+JustificationKey+")",
					"CodeBuild project %s runs privileged (root on the build host) with no justification", id)
			}
		}
	case "AWS::EC2::SecurityGroup":
		for i, rule := range cfn.Values(props.Get("SecurityGroupIngress")) {
			c.sgRule(id, rule, yamltree.IndexPath(pp+".SecurityGroupIngress", i))
		}
	case "AWS::EC2::SecurityGroupIngress":
		c.sgRule(id, props, pp)
	}
	c.tags(id, typ, props, pp)
}

// policy checks an identity policy's statements.
func (c *checker) policy(doc *yamltree.Node, path string) {
	if doc == nil {
		return
	}
	st := doc.Get("Statement")
	sts := cfn.Values(st)
	if st != nil && st.Kind == yamltree.Map {
		sts = []*yamltree.Node{st}
	}
	for i, s := range sts {
		sp := yamltree.IndexPath(path+".Statement", i)
		if st.Kind == yamltree.Map {
			sp = path + ".Statement"
		}
		if e, _ := s.Get("Effect").String(); e != "Allow" {
			continue
		}
		c.statement(s, sp)
	}
}

func values(n *yamltree.Node) []*yamltree.Node {
	if n != nil && n.Kind == yamltree.Scalar {
		return []*yamltree.Node{n}
	}
	return cfn.Values(n)
}

func (c *checker) statement(s *yamltree.Node, path string) {
	cat := catalog.Default()
	star := false
	for _, r := range values(s.Get("Resource")) {
		if v, _ := r.String(); v == "*" {
			star = true
		}
	}
	cond := s.Get("Condition") != nil
	var scoped []string
	for i, a := range values(s.Get("Action")) {
		name, ok := a.String()
		if !ok {
			continue
		}
		matched := cat.Match(name)
		if name == "*" {
			matched = []string{"*"}
		}
		if slices.ContainsFunc(matched, func(m string) bool {
			if m == "*" {
				return true
			}
			types, _ := cat.Lookup(m)
			return len(types) > 0
		}) {
			scoped = append(scoped, name)
		}
		ap := func() string { // only for a finding
			if s.Get("Action").Kind == yamltree.Scalar {
				return path + ".Action"
			}
			return yamltree.IndexPath(path+".Action", i)
		}
		lower := strings.ToLower(name)
		switch {
		case lower == "iam:createaccesskey" || lower == "s3:deletebucket" || lower == "*" || strings.HasSuffix(lower, ":*") && (strings.HasPrefix(lower, "iam:") || strings.HasPrefix(lower, "s3:")):
			c.add("LF-ML-051", finding.Warning, a, ap(), "remove it, or grant it to a break-glass role outside this product, with the reason recorded",
				"%s is a high-risk action (it covers %s)", name, risky(lower))
		case lower == "iam:passrole" && (star || !passedToService(s)):
			c.add("LF-ML-051", finding.Warning, a, ap(), "name the roles that may be passed and add Condition StringEquals iam:PassedToService (SageMaker execution roles: sagemaker.amazonaws.com)",
				"iam:PassRole is not limited to named roles and one service")
		}
	}
	if star && !cond && len(scoped) > 0 {
		c.add("LF-ML-001", finding.Error, s.Get("Resource"), path+".Resource", "scope Resource to this product's ARNs, or add a Condition",
			"Resource \"*\" with no condition on actions that support resource-level permissions: %s", strings.Join(scoped, ", "))
	}
}

func risky(a string) string {
	switch a {
	case "iam:createaccesskey":
		return "long-lived credentials for any user"
	case "s3:deletebucket":
		return "deleting buckets"
	}
	return "iam:PassRole, iam:CreateAccessKey or s3:DeleteBucket"
}

func passedToService(s *yamltree.Node) bool {
	for _, op := range s.Get("Condition").Fields() {
		for _, k := range op.Value.Fields() {
			if strings.EqualFold(k.Key, "iam:PassedToService") {
				return true
			}
		}
	}
	return false
}

func truthy(n *yamltree.Node) bool {
	if n == nil {
		return false
	}
	switch v := n.Value.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// secrets reports plaintext access key ids in any string of the template.
func (c *checker) secrets(n *yamltree.Node) {
	yamltree.EachString(n, func(n *yamltree.Node, s string, path func() string) {
		if key := cfn.AccessKeyID(s); key != "" {
			c.add("LF-ML-003", finding.Error, n, path(), "remove the key, deactivate and rotate it, and let the roles give credentials",
				"plaintext AWS access key id %s… in the template", key[:8])
		}
	})
}

func (c *checker) bucket(id string, props *yamltree.Node, pp string) {
	if !c.enterprise() {
		return
	}
	pab := props.Get("PublicAccessBlockConfiguration")
	var off []string
	for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
		if !truthy(pab.Get(k)) {
			off = append(off, k)
		}
	}
	if len(off) > 0 {
		at, where := pab, pp+".PublicAccessBlockConfiguration"
		if pab == nil {
			at = props
		} else if n := pab.Get(off[0]); n != nil {
			at, where = n, where+"."+off[0]
		}
		c.add("LF-ML-004", finding.Error, at, where, "set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets to true",
			"bucket %s does not block public access (%s not true)", id, strings.Join(off, ", "))
	}
	rules := cfn.Values(props.Get("BucketEncryption").Get("ServerSideEncryptionConfiguration"))
	kms := false
	for _, r := range rules {
		d := r.Get("ServerSideEncryptionByDefault")
		if alg, _ := d.Get("SSEAlgorithm").String(); strings.HasPrefix(alg, "aws:kms") && d.Get("KMSMasterKeyID") != nil {
			kms = true
		}
	}
	if !kms {
		at := props.Get("BucketEncryption")
		if at == nil {
			at = props
		}
		c.add("LF-ML-005", finding.Error, at, pp+".BucketEncryption", "encrypt with SSEAlgorithm aws:kms and KMSMasterKeyID set to the product's key",
			"bucket %s is not encrypted with a customer managed KMS key", id)
	}
}

func (c *checker) logGroup(id string, props *yamltree.Node, pp string) {
	if !c.enterprise() {
		return
	}
	if props.Get("KmsKeyId") == nil {
		c.add("LF-ML-005", finding.Error, props, pp+".KmsKeyId", "set KmsKeyId to the product's key ARN", "log group %s is not encrypted with a KMS key", id)
	}
	n := props.Get("RetentionInDays")
	if n == nil {
		c.add("LF-ML-008", finding.Error, props, pp+".RetentionInDays", "set RetentionInDays to 90 or more (365 is common)", "log group %s has no retention", id)
		return
	}
	if days, err := strconv.Atoi(n.Text); err == nil && days < 90 {
		c.add("LF-ML-008", finding.Error, n, pp+".RetentionInDays", "keep compliance logs 90 days or more (compliance.log_retention_days)",
			"log group %s keeps logs for %d days; enterprise needs 90 or more", id, days)
	}
}

func (c *checker) sgRule(id string, rule *yamltree.Node, path string) {
	cidr := text(rule.Get("CidrIp"))
	cidr6 := text(rule.Get("CidrIpv6"))
	world := cidr == "0.0.0.0/0" || cidr6 == "::/0"
	if !world {
		return
	}
	proto := text(rule.Get("IpProtocol"))
	from, err1 := strconv.Atoi(text(rule.Get("FromPort")))
	to, err2 := strconv.Atoi(text(rule.Get("ToPort")))
	all := proto == "-1" || proto == "all"
	for _, p := range []struct {
		port int
		name string
	}{{22, "SSH"}, {3389, "RDP"}} {
		if all || ((proto == "tcp" || proto == "6") && err1 == nil && err2 == nil && from <= p.port && p.port <= to) {
			peer := cidr
			if peer != "0.0.0.0/0" {
				peer = cidr6
			}
			c.add("LF-ML-007", finding.Error, rule, path, "the endpoint security group takes HTTPS (443) from the VPC only: remove the rule",
				"security group %s opens port %d (%s) to %s", id, p.port, p.name, peer)
		}
	}
}

func text(n *yamltree.Node) string {
	if n == nil || n.Kind != yamltree.Scalar {
		return ""
	}
	return n.Text
}

// tags warns when a taggable resource lacks a required tag.
func (c *checker) tags(id, typ string, props *yamltree.Node, pp string) {
	spec, ok := cfnspec.Lookup(typ)
	if !ok || spec.Props["Tags"] == nil || len(c.o.RequiredTags) == 0 {
		return
	}
	have := map[string]bool{}
	tags := props.Get("Tags")
	if tags != nil && tags.Kind == yamltree.Map {
		for _, e := range tags.Entries {
			have[e.Key] = true
		}
	} else {
		for _, t := range cfn.Values(tags) {
			if k, ok := t.Get("Key").String(); ok {
				have[k] = true
			}
		}
	}
	var missing []string
	for _, k := range c.o.RequiredTags {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return
	}
	at, where := tags, pp+".Tags"
	if at == nil {
		at = props
	}
	c.add("LF-ML-052", finding.Warning, at, where, "add the tags (the config's tags section) to the resource",
		"%s %s has no %s tag", typ, id, strings.Join(missing, ", "))
}
