package artifact

import (
	"regexp"
	"sort"
	"strings"

	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/yamltree"
)

// Wiring is what a stack shares with other stacks: the SSM parameters and
// CloudFormation exports it writes and the ones it reads. Names are as the
// template writes them; one that an intrinsic computes is kept as its
// Fn::Sub text (with its ${…}) when it is one, and left out otherwise.
type Wiring struct {
	WritesSSM     []string `json:"writes_ssm,omitempty"`
	WritesExports []string `json:"writes_exports,omitempty"`
	ReadsSSM      []string `json:"reads_ssm,omitempty"`
	ReadsExports  []string `json:"reads_exports,omitempty"`
}

// resolveSSM finds dynamic references to SSM parameters in any string.
var resolveSSM = regexp.MustCompile(`\{\{resolve:ssm(?:-secure)?:([^:}]+)`)

func wiringOf(tree *yamltree.Tree, target kinds.Target) Wiring {
	var w Wiring
	root := tree.Root
	for _, e := range root.Get("Parameters").Fields() {
		typ, _ := e.Value.Get("Type").String()
		if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
			if name, ok := e.Value.Get("Default").String(); ok && name != "" {
				w.ReadsSSM = append(w.ReadsSSM, name)
			}
		}
	}
	for _, e := range root.Get("Resources").Fields() {
		if typ, _ := e.Value.Get("Type").String(); typ == "AWS::SSM::Parameter" {
			if name := nameOf(e.Value.Get("Properties").Get("Name")); name != "" {
				w.WritesSSM = append(w.WritesSSM, name)
			}
		}
	}
	for _, e := range root.Get("Outputs").Fields() {
		if name := nameOf(e.Value.Get("Export").Get("Name")); name != "" {
			w.WritesExports = append(w.WritesExports, name)
		}
		// deploy writes every output of kinds that keep them in SSM.
		if target.OutputsPath != "" {
			w.WritesSSM = append(w.WritesSSM, target.OutputsPath+"/"+e.Key)
		}
	}
	walk(root, func(n *yamltree.Node) {
		if n.Kind == yamltree.Map && len(n.Entries) == 1 && n.Entries[0].Key == "Fn::ImportValue" {
			if name := nameOf(n.Entries[0].Value); name != "" {
				w.ReadsExports = append(w.ReadsExports, name)
			}
		}
		if s, ok := n.String(); ok {
			for _, m := range resolveSSM.FindAllStringSubmatch(s, -1) {
				w.ReadsSSM = append(w.ReadsSSM, m[1])
			}
		}
	})
	for _, l := range []*[]string{&w.WritesSSM, &w.WritesExports, &w.ReadsSSM, &w.ReadsExports} {
		*l = sortedUnique(*l)
	}
	return w
}

// nameOf is a literal name, or the text of a Fn::Sub that computes one.
func nameOf(n *yamltree.Node) string {
	if s, ok := n.String(); ok {
		return s
	}
	if n != nil && n.Kind == yamltree.Map && len(n.Entries) == 1 && n.Entries[0].Key == "Fn::Sub" {
		v := n.Entries[0].Value
		if v.Kind == yamltree.Seq && len(v.Items) > 0 {
			v = v.Items[0]
		}
		s, _ := v.String()
		return s
	}
	return ""
}

func walk(n *yamltree.Node, f func(*yamltree.Node)) {
	if n == nil {
		return
	}
	f(n)
	for _, e := range n.Entries {
		walk(e.Value, f)
	}
	for _, it := range n.Items {
		walk(it, f)
	}
}

func sortedUnique(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	sort.Strings(in)
	out := in[:1]
	for _, s := range in[1:] {
		if s != out[len(out)-1] {
			out = append(out, s)
		}
	}
	return out
}
