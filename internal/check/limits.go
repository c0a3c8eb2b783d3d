package check

import (
	"encoding/json"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/yamltree"
)

// CloudFormation's per-template quotas.
const (
	maxParameters = 200
	maxMappings   = 200
)

func (c *checker) limits(size int) {
	count := func(section string, max int) {
		if n := len(c.t.Root.Get(section).Fields()); n > max {
			c.errorf("LF-CFN-010", nil, section, "split the stack into nested or separate stacks",
				"%d entries in %s; CloudFormation allows %d", n, section, max)
		}
	}
	count("Resources", cfn.MaxResources)
	count("Outputs", cfn.MaxOutputs)
	count("Parameters", maxParameters)
	count("Mappings", maxMappings)
	switch {
	case size > cfn.MaxTemplateURL:
		c.errorf("LF-CFN-014", nil, "", "split the stack; CloudFormation reads at most 1,000,000 bytes from S3",
			"template is %d bytes", size)
	case size >= cfn.MaxTemplateBody:
		c.fs.Add(noteAt(c.t.File, "LF-CFN-014", "upload it to S3 and deploy it with TemplateURL (a config sets the bucket in deployment.template_bucket)",
			"template is %d bytes, over TemplateBody's %d", size, cfn.MaxTemplateBody))
	}
}

func (c *checker) outputs() {
	seen := map[string]string{}
	for _, e := range c.t.Root.Get("Outputs").Fields() {
		path := yamltree.ChildPath("Outputs", e.Key)
		if !cfn.ValidLogicalID(e.Key) {
			c.errorf("LF-CFN-008", nil, path, "use letters and digits only", "output id %q is not alphanumeric", e.Key)
		}
		if e.Value.Get("Value") == nil {
			c.errorf("LF-CFN-015", e.Value, path, "add Value:", "output %s has no Value", e.Key)
		}
		name := e.Value.Get("Export").Get("Name")
		if name == nil {
			continue
		}
		raw, _ := json.Marshal(name.Interface())
		if prev, ok := seen[string(raw)]; ok {
			c.errorf("LF-CFN-006", name, path+".Export.Name", "give each export its own name",
				"export name %s is also used by output %s", raw, prev)
			continue
		}
		seen[string(raw)] = e.Key
	}
}

// nameLimits are IAM's limits on the names CloudFormation passes through.
var nameLimits = map[string]map[string]int{
	"AWS::IAM::Role":            {"RoleName": 64},
	"AWS::IAM::InstanceProfile": {"InstanceProfileName": 128},
	"AWS::IAM::Group":           {"GroupName": 128},
	"AWS::IAM::User":            {"UserName": 64},
	"AWS::IAM::ManagedPolicy":   {"ManagedPolicyName": 128},
	"AWS::IAM::Policy":          {"PolicyName": 128},
}

func (c *checker) names() {
	for _, id := range c.order {
		r := c.resources[id]
		typ, _ := r.Get("Type").String()
		for prop, max := range nameLimits[typ] {
			n := r.Get("Properties").Get(prop)
			if s, ok := n.String(); ok && len(s) > max {
				c.errorf("LF-CFN-018", n, yamltree.ChildPath("Resources", id)+".Properties."+prop, "shorten the name",
					"%s %q is %d characters; IAM allows %d", prop, s, len(s), max)
			}
		}
	}
}
