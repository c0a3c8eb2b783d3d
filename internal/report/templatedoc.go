package report

import (
	"encoding/json"
	"fmt"
	"github.com/landform/landform/internal/finding"
	"slices"
	"strings"
)

// TemplateDoc is the template documentation page (reports/{stem}-template.html):
// every resource, parameter and output of a template (decoded, plain maps and
// lists), with what each is for, as far as the template says so.
func TemplateDoc(title string, facts [][2]string, doc map[string]any) Review {
	resources, _ := doc["Resources"].(map[string]any)
	params, _ := doc["Parameters"].(map[string]any)
	outputs, _ := doc["Outputs"].(map[string]any)
	r := Review{Title: "Template documentation: " + title, Facts: facts}
	if d, ok := doc["Description"].(string); ok {
		r.Subtitle = d
	}
	r.Facts = append(r.Facts, [2]string{"Resources", fmt.Sprint(len(resources))},
		[2]string{"Parameters", fmt.Sprint(len(params))}, [2]string{"Outputs", fmt.Sprint(len(outputs))})

	res := ReviewTable{Caption: "Resources", Columns: []string{"Logical id", "Type", "Name", "What it is for", "Depends on"}, Empty: "None."}
	for _, id := range sortedKeys(resources) {
		m, _ := resources[id].(map[string]any)
		typ, _ := m["Type"].(string)
		props, _ := m["Properties"].(map[string]any)
		res.Rows = append(res.Rows, ReviewRow{Cells: []string{id, typ, physicalName(props), purpose(props), strings.Join(strs(m["DependsOn"]), ", ")}})
	}
	par := ReviewTable{Caption: "Parameters", Columns: []string{"Name", "Type", "Default", "Description"}, Empty: "None."}
	for _, name := range sortedKeys(params) {
		m, _ := params[name].(map[string]any)
		par.Rows = append(par.Rows, ReviewRow{Cells: []string{name, text(m["Type"]), text(m["Default"]), text(m["Description"])}})
	}
	out := ReviewTable{Caption: "Outputs", Columns: []string{"Name", "Description", "Value", "Export"}, Empty: "None."}
	for _, name := range sortedKeys(outputs) {
		m, _ := outputs[name].(map[string]any)
		export, _ := m["Export"].(map[string]any)
		out.Rows = append(out.Rows, ReviewRow{Cells: []string{name, text(m["Description"]), text(m["Value"]), text(export["Name"])}})
	}
	r.Sections = []ReviewSection{{Name: "Resources", Tables: []ReviewTable{res}}, {Name: "Parameters and outputs", Tables: []ReviewTable{par, out}}}
	return r
}

// physicalName is the resource's own name property (RoleName, BucketName,
// GroupName, …), when the template sets one.
func physicalName(props map[string]any) string {
	for _, k := range sortedKeys(props) {
		if strings.HasSuffix(k, "Name") && k != "PolicyName" {
			if s := text(props[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

// purpose is what the resource says it is for: its Description (or
// GroupDescription) property.
func purpose(props map[string]any) string {
	for _, k := range []string{"Description", "GroupDescription"} {
		if s := text(props[k]); s != "" {
			return s
		}
	}
	return ""
}

// text renders a value on one line: a string as it is, anything else (an
// intrinsic function) as compact JSON.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, text(e))
		}
		return out
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Suppressed is the section of a template's page that lists the findings
// someone accepted: the rule, where, what it was, who accepted it (the
// suppressions file's entry or the template's Metadata), the owner, until
// when and why.
func Suppressed(fs finding.List) ReviewSection {
	t := ReviewTable{Caption: "Suppressed findings", Columns: []string{"Rule", "Where", "Was", "Suppressed by", "Owner", "Until", "Why"}, Empty: "None."}
	for _, f := range fs {
		s := f.Suppressed
		if s == nil {
			continue
		}
		t.Rows = append(t.Rows, ReviewRow{Cells: []string{f.Rule, f.Path, s.Severity, s.By, s.Owner, s.Expires, s.Reason}})
	}
	return ReviewSection{Name: "Suppressed findings", Tables: []ReviewTable{t}}
}
