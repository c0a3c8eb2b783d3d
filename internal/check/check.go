package check

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// sections are the top-level keys a template may have.
var sections = []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
	"Mappings", "Conditions", "Transform", "Resources", "Outputs"}

// resourceKeys are the keys a resource entry may have.
var resourceKeys = []string{"Type", "Properties", "DependsOn", "Condition", "DeletionPolicy",
	"UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy"}

// Template checks a parsed template with check's own rules and the sets
// given; size is its length in bytes.
func Template(t *yamltree.Tree, size int, sets ...RuleSet) finding.List {
	t, loopFindings, loopGenerated := languageExtensions(t)
	c := newChecker(t)
	c.fs = loopFindings
	c.generated = append(c.generated, loopGenerated...)
	c.structure()
	c.unexpanded()
	c.limits(size)
	c.references()
	c.properties()
	c.cycles()
	c.outputs()
	c.names()
	c.policies()
	c.security()
	c.federation()
	c.escalations()
	c.dynamicStrings()
	for _, s := range sets {
		c.fs = append(c.fs, s.Check(t)...)
	}
	c.fs = supersede(c.fs, sets)
	c.suppress()
	return c.fs
}

// Bytes parses and checks an encoded template.
func Bytes(file string, data []byte, sets ...RuleSet) finding.List {
	t, fs := cfn.Parse(file, data)
	if t == nil {
		return fs
	}
	return append(fs, Template(t, len(data), sets...)...)
}

type checker struct {
	t          *yamltree.Tree
	fs         finding.List
	resources  map[string]*yamltree.Node
	params     map[string]bool
	conditions map[string]bool
	order      []string            // resource ids in document order
	deps       map[string][]string // resource -> resources it references
	transforms []string            // macros named in Transform
	generated  []*regexp.Regexp    // logical ids a transform or loop will add
}

// SAMTransform is the transform that expands AWS::Serverless resources.
const SAMTransform = "AWS::Serverless-2016-10-31"

func transforms(n *yamltree.Node) []string {
	var out []string
	for _, v := range stringsOf(n) {
		out = append(out, v.s)
	}
	return out
}

func newChecker(t *yamltree.Tree) *checker {
	c := &checker{t: t, resources: map[string]*yamltree.Node{}, params: map[string]bool{}, conditions: map[string]bool{}}
	c.transforms = transforms(t.Root.Get("Transform"))
	if res := t.Root.Get("Resources"); res != nil && !cfn.IsIntrinsic(res) {
		for _, e := range res.Entries {
			if strings.HasPrefix(e.Key, "Fn::ForEach::") {
				continue // a loop left unexpanded: languageExtensions says why
			}
			c.resources[e.Key] = e.Value
			c.order = append(c.order, e.Key)
		}
	}
	if slices.Contains(c.transforms, SAMTransform) {
		c.generated = append(c.generated, samIDs(c)...)
	}
	c.generated = append(c.generated, moduleIDs(c)...)
	for _, e := range t.Root.Get("Parameters").Fields() {
		// A parameter without a valid Type is not one CloudFormation
		// accepts: Refs to it are reported as well as the parameter.
		if typ, typed := e.Value.Get("Type").String(); typed && validParameterType(typ) {
			c.params[e.Key] = true
		}
	}
	for _, e := range t.Root.Get("Conditions").Fields() {
		c.conditions[e.Key] = true
	}
	return c
}

func (c *checker) errorf(rule string, n *yamltree.Node, path, hint, format string, args ...any) {
	c.fs.Errorf(rule, c.pos(n, path), path, hint, format, args...)
}

func (c *checker) warnf(rule string, n *yamltree.Node, path, hint, format string, args ...any) {
	c.fs.Warnf(rule, c.pos(n, path), path, hint, format, args...)
}

// pos is where a finding about n (at path) points: n's own position, or,
// when there is no node, the key of path, so a finding about a section or a
// missing property points at the key that holds it.
func (c *checker) pos(n *yamltree.Node, path string) finding.Pos {
	if n != nil && n.Pos.Line != 0 {
		return n.Pos
	}
	return c.t.KeyPos(path)
}

func (c *checker) structure() {
	root := c.t.Root
	for _, e := range root.Entries {
		if e.Key == "Globals" && slices.Contains(c.transforms, SAMTransform) {
			continue // SAM's section, consumed by the transform
		}
		if !slices.Contains(sections, e.Key) {
			c.errorf("LF-CFN-007", nil, e.Key, "remove it, or fix its name: "+finding.DidYouMean(e.Key, sections), "unknown top-level section %s", e.Key)
		}
	}
	if v := root.Get("AWSTemplateFormatVersion"); v != nil {
		if s, _ := v.String(); s != cfn.FormatVersion {
			c.errorf("LF-CFN-016", v, "AWSTemplateFormatVersion", `write "2010-09-09" (quoted: unquoted YAML reads a date)`,
				"AWSTemplateFormatVersion is %s; the only version is 2010-09-09", v.Text)
		}
	}
	res := root.Get("Resources")
	if res == nil || res.Kind != yamltree.Map || len(res.Entries) == 0 || cfn.IsIntrinsic(res) {
		c.errorf("LF-CFN-001", res, "Resources", "add a Resources section with at least one resource", "template has no resources")
	}
	for _, id := range c.order {
		r := c.resources[id]
		path := yamltree.ChildPath("Resources", id)
		if !cfn.ValidLogicalID(id) {
			c.errorf("LF-CFN-008", nil, path, "use letters and digits only", "logical id %q is not alphanumeric", id)
		}
		if r.Kind != yamltree.Map {
			c.errorf("LF-CFN-009", r, path, "give the resource a Type and Properties", "resource %s is %s %s, not a mapping", id, article(r.TypeName()), r.TypeName())
			continue
		}
		typ, _ := r.Get("Type").String()
		if typ == "" {
			c.errorf("LF-CFN-009", r, path, "add Type: AWS::Service::Resource", "resource %s has no Type", id)
		}
		for _, e := range r.Entries {
			if !slices.Contains(resourceKeys, e.Key) && !c.extraResourceKey(typ, e.Key) {
				c.errorf("LF-CFN-009", nil, path+"."+e.Key, finding.DidYouMean(e.Key, resourceKeys), "resource %s has unknown attribute %s", id, e.Key)
			}
		}
		if p := r.Get("Properties"); p != nil && p.Kind != yamltree.Map {
			c.errorf("LF-CFN-009", p, path+".Properties", "write the properties as a mapping", "Properties of %s is a %s", id, p.TypeName())
		}
	}
	for _, e := range root.Get("Parameters").Fields() {
		path := yamltree.ChildPath("Parameters", e.Key)
		typ, ok := e.Value.Get("Type").String()
		switch {
		case !ok:
			c.errorf("LF-CFN-017", e.Value, path, "add Type: String (or another parameter type)", "parameter %s has no Type", e.Key)
		case !validParameterType(typ):
			c.errorf("LF-CFN-017", e.Value.Get("Type"), path+".Type", finding.DidYouMean(typ, parameterTypes), "parameter %s has unknown Type %s", e.Key, typ)
		}
	}
}

// extraResourceKey reports the resource keys beyond resourceKeys that
// CloudFormation or a declared transform accepts: the legacy Version of a
// custom resource, and SAM's IgnoreGlobals and Connectors.
func (c *checker) extraResourceKey(typ, key string) bool {
	switch key {
	case "Version":
		return isCustomResource(typ)
	case "IgnoreGlobals", "Connectors":
		return slices.Contains(c.transforms, SAMTransform)
	}
	return false
}

func noteAt(file, rule, hint, format string, args ...any) finding.Finding {
	return finding.Finding{Rule: rule, Severity: finding.Note, Pos: finding.Pos{File: file}, Message: fmt.Sprintf(format, args...), Hint: hint}
}

// parameterTypes are the parameter types CloudFormation knows, besides the
// AWS::SSM::Parameter types and List<...> of the AWS-specific ones.
var parameterTypes = []string{"String", "Number", "List<Number>", "List<String>", "CommaDelimitedList",
	"AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id", "AWS::EC2::Instance::Id", "AWS::EC2::KeyPair::KeyName",
	"AWS::EC2::SecurityGroup::GroupName", "AWS::EC2::SecurityGroup::Id", "AWS::EC2::Subnet::Id", "AWS::EC2::Volume::Id",
	"AWS::EC2::VPC::Id", "AWS::Route53::HostedZone::Id"}

func validParameterType(t string) bool {
	switch {
	case slices.Contains(parameterTypes, t):
		return true
	case strings.HasPrefix(t, "AWS::SSM::Parameter::Name"), strings.HasPrefix(t, "AWS::SSM::Parameter::Value<") && strings.HasSuffix(t, ">"):
		return true
	case strings.HasPrefix(t, "List<") && strings.HasSuffix(t, ">"):
		return slices.Contains(parameterTypes, t[5:len(t)-1])
	}
	return false
}
