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

// moduleSuffix ends the type of a CloudFormation registry module.
const moduleSuffix = "::MODULE"

func isModule(typ string) bool { return strings.HasSuffix(typ, moduleSuffix) }

// moduleIDs returns the logical ids the template's modules will add: a
// module's resources are named after it (Bucket + its resource Policy is
// BucketPolicy).
func moduleIDs(c *checker) []*regexp.Regexp {
	var prefixes []string
	for _, id := range c.order {
		if typ, _ := c.resources[id].Get("Type").String(); isModule(typ) {
			prefixes = append(prefixes, regexp.QuoteMeta(id))
		}
	}
	if len(prefixes) == 0 {
		return nil
	}
	return []*regexp.Regexp{regexp.MustCompile("^(" + strings.Join(prefixes, "|") + ")[A-Za-z0-9]+$")}
}

// unexpanded says, as notes, what check leaves unchecked because only
// CloudFormation can expand it: transforms other than the
// AWS::LanguageExtensions one check expands itself, Fn::Transform macros,
// registry modules, and SAM's resources (checked as written, not as the
// resources SAM makes of them).
func (c *checker) unexpanded() {
	for _, tr := range stringsOf(c.t.Root.Get("Transform")) {
		switch tr.s {
		case cfn.LanguageExtensions:
		case SAMTransform:
			var sam []string
			for _, id := range c.order {
				if typ, _ := c.resources[id].Get("Type").String(); strings.HasPrefix(typ, "AWS::Serverless::") {
					sam = append(sam, id)
				}
			}
			if len(sam) > 0 {
				c.note(tr.n, "Transform", "check the processed template too: sam validate, or aws cloudformation get-template --template-stage Processed",
					"the %s transform turns %s into the resources it deploys; their references are checked, their properties against SAM's specification are not", tr.s, plural(sam))
			}
		default:
			c.note(tr.n, "Transform", "check the processed template too (aws cloudformation get-template --template-stage Processed)",
				"transform %s runs only in CloudFormation: what it adds or changes is not checked", tr.s)
		}
	}
	t := yamltree.NewTrail("Resources")
	for _, id := range c.order {
		r := c.resources[id]
		if typ, _ := r.Get("Type").String(); isModule(typ) {
			c.note(r.Get("Type"), yamltree.ChildPath("Resources", id)+".Type", "check the processed template too (aws cloudformation get-template --template-stage Processed)",
				"%s is a registry module, expanded by CloudFormation from the registry: the resources it creates are not checked", typ)
		}
		c.macros(r, t.Key(id))
		t.Up()
	}
}

// macros notes each Fn::Transform under n: a macro CloudFormation runs on
// that part of the template.
func (c *checker) macros(n *yamltree.Node, t *yamltree.Trail) {
	switch {
	case n == nil:
	case n.Kind == yamltree.Map:
		for _, e := range n.Entries {
			if e.Key == "Fn::Transform" {
				name, _ := e.Value.Get("Name").String()
				c.note(e.Value, t.String(), "check the processed template too (aws cloudformation get-template --template-stage Processed)",
					"Fn::Transform runs macro %s in CloudFormation: what it writes here is not checked", orUnnamed(name))
				continue
			}
			c.macros(e.Value, t.Key(e.Key))
			t.Up()
		}
	case n.Kind == yamltree.Seq:
		for i, it := range n.Items {
			c.macros(it, t.Index(i))
			t.Up()
		}
	}
}

func (c *checker) note(n *yamltree.Node, path, hint, format string, args ...any) {
	c.fs.Add(finding.Finding{Rule: "LF-CFN-032", Severity: finding.Note, Pos: c.pos(n, path), Path: path, Hint: hint, Message: fmt.Sprintf(format, args...)})
}

func plural(ids []string) string {
	slices.Sort(ids)
	if len(ids) == 1 {
		return ids[0]
	}
	if len(ids) > 5 {
		return fmt.Sprintf("%d resources (%s, …)", len(ids), strings.Join(ids[:5], ", "))
	}
	return strings.Join(ids, ", ")
}

func orUnnamed(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return s
}
