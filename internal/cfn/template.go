package cfn

import (
	"fmt"
)

// FormatVersion is the only template format version CloudFormation has.
const FormatVersion = "2010-09-09"

// Template is a CloudFormation template. Builders add resources and outputs
// in the order they should appear; encoding preserves that order, so the
// same inputs always give the same bytes.
type Template struct {
	Description string
	Metadata    *Map
	Parameters  *Map
	Conditions  *Map
	Resources   []Resource
	Outputs     []Output
}

// Resource is one entry of the Resources section.
type Resource struct {
	LogicalID  string
	Type       string
	Condition  string
	DependsOn  []string
	Metadata   *Map // resource Metadata, such as a justification a validator reads
	Properties *Map
	// Retain keeps the resource when it leaves the stack or the stack is
	// deleted, and when it is replaced (DeletionPolicy and
	// UpdateReplacePolicy Retain): data that must outlive its stack.
	Retain bool
}

// Output is one entry of the Outputs section. Export, when set, is the value
// of Export.Name.
type Output struct {
	LogicalID   string
	Description string
	Value       any
	Export      any
}

// ValidLogicalID reports whether id is a legal logical id: alphanumeric,
// at most 255 characters.
func ValidLogicalID(id string) bool {
	if len(id) == 0 || len(id) > 255 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// AddResource appends a resource. Duplicate or invalid logical ids are a bug
// in the builder, reported as an error so no template is written.
func (t *Template) AddResource(r Resource) error {
	if !ValidLogicalID(r.LogicalID) {
		return fmt.Errorf("invalid logical id %q", r.LogicalID)
	}
	if t.Resource(r.LogicalID) != nil {
		return fmt.Errorf("duplicate logical id %q", r.LogicalID)
	}
	t.Resources = append(t.Resources, r)
	return nil
}

// AddOutput appends an output, refusing duplicate or invalid ids.
func (t *Template) AddOutput(o Output) error {
	if !ValidLogicalID(o.LogicalID) {
		return fmt.Errorf("invalid output id %q", o.LogicalID)
	}
	for _, x := range t.Outputs {
		if x.LogicalID == o.LogicalID {
			return fmt.Errorf("duplicate output id %q", o.LogicalID)
		}
	}
	t.Outputs = append(t.Outputs, o)
	return nil
}

// Resource returns the resource with the logical id, or nil.
func (t *Template) Resource(id string) *Resource {
	for i := range t.Resources {
		if t.Resources[i].LogicalID == id {
			return &t.Resources[i]
		}
	}
	return nil
}

// CountByType returns how many resources of each type the template has.
func (t *Template) CountByType() map[string]int {
	out := map[string]int{}
	for _, r := range t.Resources {
		out[r.Type]++
	}
	return out
}

// Document returns the template as one ordered map in CloudFormation's
// canonical section order.
func (t *Template) Document() *Map {
	doc := M("AWSTemplateFormatVersion", FormatVersion)
	doc.SetIf(t.Description != "", "Description", t.Description)
	doc.SetIf(t.Metadata.Len() > 0, "Metadata", t.Metadata)
	doc.SetIf(t.Parameters.Len() > 0, "Parameters", t.Parameters)
	doc.SetIf(t.Conditions.Len() > 0, "Conditions", t.Conditions)
	res := NewMap()
	for _, r := range t.Resources {
		m := M("Type", r.Type)
		m.SetIf(r.Condition != "", "Condition", r.Condition)
		m.SetIf(len(r.DependsOn) > 0, "DependsOn", r.DependsOn)
		m.SetIf(r.Retain, "DeletionPolicy", "Retain")
		m.SetIf(r.Retain, "UpdateReplacePolicy", "Retain")
		m.SetIf(r.Metadata.Len() > 0, "Metadata", r.Metadata)
		m.SetIf(r.Properties.Len() > 0, "Properties", r.Properties)
		res.Set(r.LogicalID, m)
	}
	doc.Set("Resources", res)
	if len(t.Outputs) > 0 {
		outs := NewMap()
		for _, o := range t.Outputs {
			m := NewMap()
			m.SetIf(o.Description != "", "Description", o.Description)
			m.Set("Value", o.Value)
			m.SetIf(o.Export != nil, "Export", M("Name", o.Export))
			outs.Set(o.LogicalID, m)
		}
		doc.Set("Outputs", outs)
	}
	return doc
}
