package ml

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// Validate runs the config's own rules. The rules judged on the built
// template (names within their limits, the product validator) run in the
// artifact stage, through MapTemplateFindings.
func (s *spec) Validate() finding.List {
	var fs finding.List
	fs = append(fs, s.checkVPC()...)
	fs = append(fs, s.checkTags()...)
	if c := s.cfg.Compliance; c != nil && c.Trail == "create" && c.TrailLogGroup != "" {
		fs.Errorf("LF-ML-106", s.doc.Pos("compliance.trail_log_group"), "compliance.trail_log_group",
			"keep trail: create (a trail of this stack feeds the compliance log group) or trail_log_group (your trail's group), not both",
			"compliance says both to create a trail and to read an existing trail's log group %q", c.TrailLogGroup)
	}
	fs.Sort()
	return fs
}

// MapTemplateFindings points the product validator's findings on the
// template at the config field that causes them (naming the template
// path in the message), keeps every other finding as it is, and adds the
// physical names over their limits.
func (s *spec) MapTemplateFindings(t *cfn.Template, tfs finding.List) finding.List {
	fs := s.checkNames(t)
	var product finding.List
	for _, f := range tfs {
		if strings.HasPrefix(f.Rule, "LF-ML-0") {
			product = append(product, f)
		} else {
			fs = append(fs, f)
		}
	}
	fs = append(fs, s.productFindings(product)...)
	fs.Sort()
	return fs
}

func (s *spec) productFindings(tfs finding.List) finding.List {
	var fs finding.List
	seen := map[string]bool{}
	for _, f := range tfs {
		path := s.configPathFor(f)
		if seen[f.Rule+" "+path] && path != "ml_product.tier" {
			continue // one config field, one finding: the first resource it reaches is named
		}
		seen[f.Rule+" "+path] = true
		f.Message = fmt.Sprintf("%s (template %s)", f.Message, f.Path)
		f.Pos, f.Path = s.doc.Pos(path), path
		if f.Pos.Line == 0 {
			f.Pos = s.doc.KeyPos(path)
		}
		fs.Add(f)
	}
	return fs
}

// configPathFor names the config field behind a template finding.
func (s *spec) configPathFor(f finding.Finding) string {
	switch f.Rule {
	case "LF-ML-006":
		if s.doc.Lookup("ml_product.build.privileged_justification") != nil {
			return "ml_product.build.privileged_justification"
		}
		return "ml_product.build.privileged_mode"
	case "LF-ML-008":
		if s.doc.Lookup("compliance.log_retention_days") != nil {
			return "compliance.log_retention_days"
		}
	case "LF-ML-003":
		if p := findString(s.doc.Root, "", accessKeyIn); p != "" {
			return p
		}
	case "LF-ML-052":
		return "tags"
	}
	return "ml_product.tier"
}

func accessKeyIn(v string) bool {
	for i := 0; i+20 <= len(v); i++ {
		if (strings.HasPrefix(v[i:], "AKIA") || strings.HasPrefix(v[i:], "ASIA")) && isKeyChars(v[i+4:i+20]) {
			return true
		}
	}
	return false
}

func isKeyChars(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// findString returns the path of the first scalar (in document order) that
// matches.
func findString(n *yamltree.Node, path string, match func(string) bool) string {
	switch n.Kind {
	case yamltree.Map:
		for _, e := range n.Entries {
			if p := findString(e.Value, yamltree.ChildPath(path, e.Key), match); p != "" {
				return p
			}
		}
	case yamltree.Seq:
		for i, it := range n.Items {
			if p := findString(it, yamltree.IndexPath(path, i), match); p != "" {
				return p
			}
		}
	default:
		if v, ok := n.String(); ok && match(v) {
			return path
		}
	}
	return ""
}

// checkVPC rejects fields of the other mode or source, and asks for the
// fields the chosen ones need.
func (s *spec) checkVPC() finding.List {
	var fs finding.List
	v := s.cfg.VPC
	if v == nil {
		return nil
	}
	present := func(field string) bool { return s.doc.Lookup("vpc_integration."+field) != nil }
	wrong := func(field, belongs, fix string) {
		if present(field) {
			p := "vpc_integration." + field
			fs.Errorf("LF-ML-102", s.doc.KeyPos(p), p, fix, "%s is for %s; this config has mode %s, vpc_source %s", field, belongs, v.Mode, v.Source)
		}
	}
	need := func(field, why, fix string) {
		if !present(field) {
			fs.Errorf("LF-ML-103", s.doc.KeyPos("vpc_integration"), "vpc_integration."+field, fix, "vpc_integration needs %s: %s", field, why)
		}
	}
	if v.Source == "parameter-store" {
		for _, f := range []string{"vpc_id", "subnet_ids", "security_group_id", "route_table_ids"} {
			wrong(f, "vpc_source direct", "remove it, or use vpc_source: direct")
		}
		need("vpc_parameter_store_path", "the SSM parameter holding the VPC id", "add vpc_parameter_store_path: /vpc/{vpc-name}/VPCId")
		need("subnet_parameter_store_path", "the SSM StringList parameter holding the private subnet ids", "add subnet_parameter_store_path: /vpc/{vpc-name}/PrivateSubnetIds")
		if v.Mode == "sg-provisioner" {
			need("sg_parameter_store_path", "the SSM parameter the sg kind published the group id in", "add sg_parameter_store_path: /sg/{sg-name}/{tier}/SecurityGroupId")
		}
	} else {
		for _, f := range []string{"vpc_parameter_store_path", "subnet_parameter_store_path", "sg_parameter_store_path", "route_table_parameter_store_path"} {
			wrong(f, "vpc_source parameter-store", "remove it, or use vpc_source: parameter-store")
		}
		need("vpc_id", "the VPC of the endpoints", "add vpc_id: vpc-…")
		need("subnet_ids", "the private subnets of the interface endpoints", "add subnet_ids: [subnet-…]")
		if v.Mode == "sg-provisioner" {
			need("security_group_id", "the security group the sg kind created", "add security_group_id: sg-…")
		}
	}
	if v.Mode == "standalone" {
		wrong("sg_parameter_store_path", "mode sg-provisioner", "remove it: standalone mode creates its own endpoint security group")
		wrong("security_group_id", "mode sg-provisioner", "remove it: standalone mode creates its own endpoint security group")
		need("vpc_cidr", "the endpoint security group allows 443 from the VPC's CIDR only", "add vpc_cidr: 10.0.0.0/16 (the VPC's IPv4 CIDR)")
	} else {
		wrong("vpc_cidr", "mode standalone", "remove it: in sg-provisioner mode the sg kind's group decides who reaches the endpoints")
	}
	return fs
}

// nameField is the config field a user shortens to shorten a name.
func (s *spec) nameField() string {
	if s.cfg.Product.NameOverride != "" {
		return "ml_product.product_name_override"
	}
	if s.cfg.Product.Workload != "" {
		return "ml_product.workload"
	}
	return "ml_product.use_case"
}

// checkNames holds every physical name to its service's limit.
func (s *spec) checkNames(t *cfn.Template) finding.List {
	var fs finding.List
	field := s.nameField()
	for _, r := range t.Resources {
		np, ok := cfn.NameProperties[r.Type]
		if !ok {
			continue
		}
		v, _ := r.Properties.Get(np.Prop)
		name, ok := v.(string)
		if !ok || len(name) <= np.Max {
			continue
		}
		hint := fmt.Sprintf("shorten %s by %d characters", field, len(name)-np.Max)
		if field != "ml_product.product_name_override" {
			hint += " (or client.company_prefix, environment.env, client.tenant_id)"
		}
		fs.Errorf("LF-ML-104", s.doc.Pos(field), field, hint,
			"%s %s would be %q, %d characters; %s allows %d", r.LogicalID, np.Prop, name, len(name), r.Type, np.Max)
	}
	return fs
}

// checkTags rejects the aws: prefix, which AWS reserves for its own tags.
func (s *spec) checkTags() finding.List {
	var fs finding.List
	for _, k := range sortedKeys(s.cfg.Tags) {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			path := yamltree.ChildPath("tags", k)
			fs.Errorf("LF-ML-105", s.doc.KeyPos(path), path, "rename the tag", "tag key %q starts with aws:, which AWS reserves", k)
		}
	}
	return fs
}
