package cfn

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/landform/landform/internal/finding"
)

// Template limits CloudFormation enforces.
const (
	MaxResources = 500
	MaxOutputs   = 200
)

// Check runs the local checks on an encoded template's generic form (as
// decoded from JSON): every Ref, Fn::GetAtt, Fn::Sub variable and DependsOn
// names something that exists, and the template is within CloudFormation's
// limits. file names the template in findings.
func Check(file string, doc map[string]any) finding.List {
	c := checker{file: file, resources: map[string]bool{}, params: map[string]bool{}}
	var fs finding.List
	res, _ := doc["Resources"].(map[string]any)
	if len(res) == 0 {
		fs.Errorf("LF-CFN-001", c.pos(), "Resources", "add at least one resource", "template has no resources")
	}
	for id := range res {
		c.resources[id] = true
	}
	params, _ := doc["Parameters"].(map[string]any)
	for id := range params {
		c.params[id] = true
	}
	if len(res) > MaxResources {
		fs.Errorf("LF-CFN-010", c.pos(), "Resources", "split the config into several stacks",
			"%d resources; CloudFormation allows %d per template", len(res), MaxResources)
	}
	outs, _ := doc["Outputs"].(map[string]any)
	if len(outs) > MaxOutputs {
		fs.Errorf("LF-CFN-010", c.pos(), "Outputs", "split the config into several stacks",
			"%d outputs; CloudFormation allows %d per template", len(outs), MaxOutputs)
	}
	for _, id := range sortedKeys(res) {
		r, _ := res[id].(map[string]any)
		path := "Resources." + id
		for _, dep := range stringsOf(r["DependsOn"]) {
			if !c.resources[dep] {
				fs.Errorf("LF-CFN-004", c.pos(), path+".DependsOn", "name a resource of this template", "DependsOn names unknown resource %q", dep)
			}
		}
		c.walk(&fs, path+".Properties", r["Properties"])
	}
	for _, id := range sortedKeys(outs) {
		c.walk(&fs, "Outputs."+id, outs[id])
	}
	fs = append(fs, checkExports(c.pos(), outs)...)
	return fs
}

// Decode turns an encoded JSON template into the generic form Check takes.
func Decode(b []byte) (map[string]any, error) {
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("decoding template: %w", err)
	}
	return doc, nil
}

// CheckTemplate encodes t and checks it.
func CheckTemplate(file string, t *Template) (finding.List, error) {
	b, err := t.Encode(JSON)
	if err != nil {
		return nil, err
	}
	doc, err := Decode(b)
	if err != nil {
		return nil, err
	}
	return Check(file, doc), nil
}

type checker struct {
	file      string
	resources map[string]bool
	params    map[string]bool
}

func (c *checker) pos() finding.Pos { return finding.Pos{File: c.file} }

func (c *checker) walk(fs *finding.List, path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for fn, arg := range x {
				if c.intrinsic(fs, path, fn, arg) {
					return
				}
			}
		}
		for _, k := range sortedKeys(x) {
			c.walk(fs, path+"."+k, x[k])
		}
	case []any:
		for i, it := range x {
			c.walk(fs, fmt.Sprintf("%s[%d]", path, i), it)
		}
	}
}

// intrinsic checks one intrinsic function call and reports whether fn was one
// whose arguments it has fully handled.
func (c *checker) intrinsic(fs *finding.List, path, fn string, arg any) bool {
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		if !c.resources[name] && !c.params[name] && !pseudoParams[name] {
			fs.Errorf("LF-CFN-002", c.pos(), path, "name a resource, parameter or pseudo parameter", "Ref to unknown %q", name)
		}
		return true
	case "Fn::GetAtt":
		var res string
		switch a := arg.(type) {
		case []any:
			if len(a) == 2 {
				res, _ = a[0].(string)
			}
		case string:
			res, _, _ = strings.Cut(a, ".")
		}
		if !c.resources[res] {
			fs.Errorf("LF-CFN-003", c.pos(), path, "name a resource of this template", "Fn::GetAtt of unknown resource %q", res)
		}
		return true
	case "Fn::Sub":
		s, vars := "", map[string]any{}
		switch a := arg.(type) {
		case string:
			s = a
		case []any:
			if len(a) == 2 {
				s, _ = a[0].(string)
				vars, _ = a[1].(map[string]any)
				c.walk(fs, path, a[1])
			}
		}
		for _, name := range subVars(s) {
			base, _, _ := strings.Cut(name, ".")
			if _, ok := vars[name]; ok {
				continue
			}
			if !c.resources[base] && !c.params[name] && !pseudoParams[name] {
				fs.Errorf("LF-CFN-005", c.pos(), path, "name a resource, parameter or pseudo parameter", "Fn::Sub variable ${%s} is unknown", name)
			}
		}
		return true
	}
	return false
}

func checkExports(pos finding.Pos, outs map[string]any) finding.List {
	var fs finding.List
	seen := map[string]string{}
	for _, id := range sortedKeys(outs) {
		o, _ := outs[id].(map[string]any)
		exp, _ := o["Export"].(map[string]any)
		if exp == nil {
			continue
		}
		b, _ := json.Marshal(exp["Name"])
		name := string(b)
		if prev, ok := seen[name]; ok {
			fs.Errorf("LF-CFN-006", pos, "Outputs."+id+".Export.Name", "give each export its own name",
				"export name %s is also used by output %s", name, prev)
			continue
		}
		seen[name] = id
	}
	return fs
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func stringsOf(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, it := range x {
			if s, ok := it.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
