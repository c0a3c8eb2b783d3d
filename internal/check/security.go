package check

import (
	"strconv"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/yamltree"
)

// security runs the rules the seeds block, on top of what CloudFormation
// itself would reject.
func (c *checker) security() {
	c.secrets(c.t.Root)
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
		}
	}
}

// secrets reports plaintext access key ids in any string of the template.
func (c *checker) secrets(n *yamltree.Node) {
	yamltree.EachString(n, func(n *yamltree.Node, s string, path func() string) {
		if key := cfn.AccessKeyID(s); key != "" {
			c.errorf("LF-CFN-301", n, path(), "remove the key, rotate it, and pass credentials through a role or Secrets Manager",
				"plaintext AWS access key id %s…", key[:8])
		}
	})
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
