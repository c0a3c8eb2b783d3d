package estate

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/estate/estaterule"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/yamltree"
)

// Node is one stack of the estate: an artifact, where it goes and what it
// shares.
type Node struct {
	ID       string // the config file, and the unit for configs with several stacks
	Label    string // short, for prefixes and tables: the file's base name[/unit]
	Artifact *artifact.Artifact
	Spec     kinds.Spec
	StackSet *StackSet // deployed as a stack set (estate.yaml), or nil

	Writes, Reads []Param
	// Needs are the nodes that must be deployed first; Level is the
	// node's place in the launch order (0: needs nothing).
	Needs []*Node
	Level int
	// Why says, per needed node, which parameter makes the edge.
	Why map[*Node]string
}

// Account and Region are where the stack is.
func (n *Node) Account() string { return n.Artifact.Target.Account }

// Region is the stack's region.
func (n *Node) Region() string { return n.Artifact.Target.Region }

// Param is an SSM parameter or an export, where it lives.
type Param struct {
	Name    string
	Export  bool
	Account string
	Region  string
}

func (p Param) String() string {
	what := "SSM parameter"
	if p.Export {
		what = "export"
	}
	return fmt.Sprintf("%s %s (account %s, %s)", what, p.Name, p.Account, p.Region)
}

// Estate is the graph of every stack of a set of configs.
type Estate struct {
	Spec     *Spec   // estate.yaml, or nil
	Nodes    []*Node // in launch order: by level, then ID
	Findings finding.List
}

// Build makes the estate of the built configs. Configs that did not build
// (errors) are left out; their findings are already the user's. spec may
// be nil: then every read that no config writes is external.
func Build(configs []*artifact.Config, spec *Spec) *Estate {
	e := &Estate{Spec: spec}
	byFile := map[string][]*Node{}
	for _, c := range configs {
		for _, a := range c.Artifacts {
			var ss *StackSet
			if spec != nil {
				if o, ok := spec.override(c.File); ok {
					ss = o.StackSet
				}
			}
			n := newNode(c, a, ss)
			e.Nodes = append(e.Nodes, n)
			byFile[c.File] = append(byFile[c.File], n)
		}
	}
	e.wire()
	e.units(byFile)
	if spec != nil {
		e.after(byFile)
		e.checkStackSets()
	}
	e.order()
	return e
}

func newNode(c *artifact.Config, a *artifact.Artifact, ss *StackSet) *Node {
	label := strings.TrimSuffix(filepath.Base(c.File), filepath.Ext(c.File))
	id := c.File
	if a.Unit.Name != "" {
		label += "/" + a.Unit.Name
		id += "#" + a.Unit.Name
	}
	n := &Node{ID: id, Label: label, Artifact: a, Spec: c.Spec, StackSet: ss, Why: map[*Node]string{}}
	for _, at := range n.locations() {
		stackName := a.StackName
		if ss != nil {
			stackName = "" // StackSet-{set}-{id}, known only once deployed
		}
		add := func(to *[]Param, names []string, export bool) {
			for _, name := range names {
				*to = append(*to, Param{Name: at.resolve(name, stackName), Export: export, Account: at.Account, Region: at.Region})
			}
		}
		writes := a.Wiring.WritesSSM
		if ss != nil && a.Target.OutputsPath != "" {
			// deploy writes a stack's outputs to SSM itself; not a set's.
			writes = slices.DeleteFunc(slices.Clone(writes), func(w string) bool { return strings.HasPrefix(w, a.Target.OutputsPath+"/") })
		}
		add(&n.Writes, writes, false)
		add(&n.Writes, a.Wiring.WritesExports, true)
		add(&n.Reads, a.Wiring.ReadsSSM, false)
		add(&n.Reads, a.Wiring.ReadsExports, true)
	}
	return n
}

// location is an account and region a node's stack lives in.
type location struct{ Account, Region string }

// locations are where the node's stacks are: its target, or every account
// × region of its stack set (a service-managed set's accounts are not
// known offline: its parameters are placed in the administrator's account,
// in each region).
func (n *Node) locations() []location {
	ss := n.StackSet
	if ss == nil {
		return []location{{n.Account(), n.Region()}}
	}
	accounts := ss.Accounts
	if ss.ServiceManaged() || len(accounts) == 0 {
		accounts = []string{n.Account()}
	}
	var out []location
	for _, acct := range accounts {
		for _, r := range ss.Regions {
			out = append(out, location{acct, r})
		}
	}
	return out
}

// resolve fills in the pseudo parameters a name may hold, as
// CloudFormation will for a stack of this name here. A stack set's
// instances are named StackSet-{set}-{id}, which is not known offline: a
// name with ${AWS::StackName} in a set stays unresolved.
func (l location) resolve(s, stackName string) string {
	pairs := []string{"${AWS::Region}", l.Region, "${AWS::AccountId}", l.Account, "${AWS::Partition}", "aws"}
	if stackName != "" {
		pairs = append(pairs, "${AWS::StackName}", stackName)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// at is where a finding about a parameter of n goes: the config field
// behind it when the kind can say, else the config file.
func (n *Node) at(name string) (finding.Pos, string) {
	if ws, ok := n.Spec.(kinds.WiringSource); ok {
		if path, pos, ok := ws.WiringField(name); ok {
			return pos, path
		}
	}
	return finding.Pos{File: n.Artifact.Config}, ""
}

// wire joins every read to its writer, and reports the reads that have
// none, the names written twice and the readers in the wrong place.
func (e *Estate) wire() {
	writers := map[Param][]*Node{}
	byName := map[string][]Param{} // every place a name is written
	for _, n := range e.Nodes {
		for _, w := range n.Writes {
			if strings.Contains(w.Name, "${") {
				continue // computed from something only the deploy knows
			}
			if len(writers[w]) == 0 {
				byName[w.Name] = append(byName[w.Name], w)
			}
			writers[w] = append(writers[w], n)
		}
	}
	for _, w := range sortedParams(writers) {
		ns := writers[w]
		for _, n := range ns[1:] {
			pos, path := n.at(w.Name)
			e.Findings.Add(finding.Finding{Rule: estaterule.TwoWriters, Severity: finding.Error, Pos: pos, Path: path,
				Message: fmt.Sprintf("%s is written by %s too; one parameter, one writer", w, ns[0].ID),
				Hint:    "give one of the two stacks other names (a workload, a product name), or remove one of the configs from the estate"})
		}
	}
	for _, n := range e.Nodes {
		for _, r := range n.Reads {
			if strings.Contains(r.Name, "${") {
				continue
			}
			if ws := writers[r]; len(ws) > 0 {
				n.need(ws[0], r.Name)
				continue
			}
			if e.external(r) {
				continue
			}
			pos, path := n.at(r.Name)
			if elsewhere := byName[r.Name]; len(elsewhere) > 0 {
				w := elsewhere[0]
				e.Findings.Add(finding.Finding{Rule: estaterule.OtherLocation, Severity: finding.Error, Pos: pos, Path: path,
					Message: fmt.Sprintf("%s reads %s, which %s writes in account %s, %s; SSM parameters and exports are per account and region",
						n.Label, r.Name, writers[w][0].ID, w.Account, w.Region),
					Hint: fmt.Sprintf("deploy the reader to account %s, %s, or write the parameter where the reader is (account %s, %s)", w.Account, w.Region, r.Account, r.Region)})
				continue
			}
			hint := "write it from a config of the estate, or declare it under external: in " + e.specName()
			if m := finding.Suggest(r.Name, e.writtenNames(r)); m != "" {
				hint = "did you mean " + m + "? (written by the estate in this account and region); otherwise " + hint
			}
			e.Findings.Add(finding.Finding{Rule: estaterule.Unresolved, Severity: finding.Error, Pos: pos, Path: path,
				Message: fmt.Sprintf("%s reads %s, which no config of the estate writes", n.Label, r), Hint: hint})
		}
	}
	if e.Spec != nil {
		for i, x := range e.Spec.External {
			for _, w := range sortedParams(writers) {
				if x.matches(w) {
					e.Findings.Add(finding.Finding{Rule: estaterule.ExternalKnown, Severity: finding.Warning,
						Pos: e.Spec.Doc.Pos(fmt.Sprintf("external[%d]", i)), Path: fmt.Sprintf("external[%d]", i),
						Message: fmt.Sprintf("%s is declared external, but %s writes it", x.Name, writers[w][0].ID),
						Hint:    "remove it from external: the estate orders the reader after its writer"})
					break
				}
			}
		}
	}
}

func (e *Estate) specName() string {
	if e.Spec == nil {
		return FileName + " beside the configs"
	}
	return e.Spec.File
}

// writtenNames are the names written where r is read, for "did you mean".
func (e *Estate) writtenNames(r Param) []string {
	var out []string
	for _, n := range e.Nodes {
		for _, w := range n.Writes {
			if w.Export == r.Export && w.Account == r.Account && w.Region == r.Region {
				out = append(out, w.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (e *Estate) external(p Param) bool {
	if e.Spec == nil {
		return true // no estate.yaml: what the configs do not write is someone else's
	}
	for _, x := range e.Spec.External {
		if x.matches(p) {
			return true
		}
	}
	return false
}

func (x External) matches(p Param) bool {
	return x.Name == p.Name && x.Export == p.Export && (x.Account == "" || x.Account == p.Account) && (x.Region == "" || x.Region == p.Region)
}

// need records that n runs after m.
func (n *Node) need(m *Node, why string) {
	if m == n {
		return
	}
	if _, ok := n.Why[m]; !ok {
		n.Needs = append(n.Needs, m)
		n.Why[m] = why
	}
}

// units orders a config's own stacks as its kind says (access shards
// after their account's base stack).
func (e *Estate) units(byFile map[string][]*Node) {
	for _, ns := range byFile {
		byUnit := map[string]*Node{}
		for _, n := range ns {
			byUnit[n.Artifact.Unit.Name] = n
		}
		for _, n := range ns {
			if o, ok := n.Artifact.Unit.Unit.(kinds.Ordered); ok {
				for _, name := range o.After() {
					if m := byUnit[name]; m != nil {
						n.need(m, "unit "+name+" first")
					}
				}
			}
		}
	}
}

// after adds the orderings estate.yaml gives.
func (e *Estate) after(byFile map[string][]*Node) {
	for _, key := range sortedKeys(e.Spec.Configs) {
		file := filepath.Join(e.Spec.dir(), key)
		ns, ok := byFile[file]
		if !ok {
			e.Findings.Add(e.Spec.unknownConfig(yamltree.ChildPath("configs", key), true, key, byFile))
			continue
		}
		for i, dep := range e.Spec.Configs[key].After {
			ms, ok := byFile[filepath.Join(e.Spec.dir(), dep)]
			if !ok {
				e.Findings.Add(e.Spec.unknownConfig(yamltree.IndexPath(yamltree.ChildPath("configs", key)+".after", i), false, dep, byFile))
				continue
			}
			for _, n := range ns {
				for _, m := range ms {
					n.need(m, "after: in "+e.Spec.File)
				}
			}
		}
	}
}

func sortedParams(m map[Param][]*Node) []Param {
	out := make([]Param, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return !a.Export && b.Export
	})
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
