package estate

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// GraphJSON is the estate as `landform graph --output json` prints it.
type GraphJSON struct {
	Stacks int          `json:"stacks"`
	Levels [][]NodeJSON `json:"levels"`
	Edges  []EdgeJSON   `json:"edges"`
}

// NodeJSON is one stack of the graph.
type NodeJSON struct {
	ID       string    `json:"id"`
	Label    string    `json:"label"`
	Config   string    `json:"config"`
	Unit     string    `json:"unit,omitempty"`
	Kind     string    `json:"kind"`
	Stack    string    `json:"stack"`
	Account  string    `json:"account"`
	Region   string    `json:"region"`
	Writes   []string  `json:"writes,omitempty"`
	Reads    []string  `json:"reads,omitempty"`
	StackSet *StackSet `json:"stack_set,omitempty"`
}

// EdgeJSON says From must be deployed before To, and why.
type EdgeJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
	Via  string `json:"via"`
}

// JSON is the graph as data.
func (e *Estate) JSON() GraphJSON {
	g := GraphJSON{Stacks: len(e.Nodes), Levels: [][]NodeJSON{}, Edges: []EdgeJSON{}}
	for _, level := range e.Levels() {
		var ns []NodeJSON
		for _, n := range level {
			a := n.Artifact
			j := NodeJSON{ID: n.ID, Label: n.Label, Config: a.Config, Unit: a.Unit.Name, Kind: a.Kind, Stack: a.StackName,
				Account: n.Account(), Region: n.Region(), StackSet: n.StackSet}
			for _, p := range n.Writes {
				j.Writes = append(j.Writes, p.Name)
			}
			for _, p := range n.Reads {
				j.Reads = append(j.Reads, p.Name)
			}
			ns = append(ns, j)
		}
		g.Levels = append(g.Levels, ns)
	}
	e.edges(func(from, to *Node, via string) {
		g.Edges = append(g.Edges, EdgeJSON{From: from.ID, To: to.ID, Via: via})
	})
	return g
}

// edges calls f for every edge, writer first, in launch order.
func (e *Estate) edges(f func(from, to *Node, via string)) {
	for _, n := range e.Nodes {
		for _, m := range n.Needs {
			f(m, n, n.Why[m])
		}
	}
}

// WriteText prints the launch order: levels of stacks that can run
// together, each with what it waits for.
func (e *Estate) WriteText(w io.Writer) error {
	levels := e.Levels()
	fmt.Fprintf(w, "launch order: %d stacks in %d levels (the stacks of a level can run together)\n", len(e.Nodes), len(levels))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, level := range levels {
		fmt.Fprintf(tw, "\nlevel %d\n", i)
		for _, n := range level {
			where := n.Account() + " " + n.Region()
			if ss := n.StackSet; ss != nil {
				where = "stack set: " + ss.targets()
			}
			var needs []string
			for _, m := range n.Needs {
				needs = append(needs, m.Label+" ("+n.Why[m]+")")
			}
			after := "-"
			if len(needs) > 0 {
				after = "after " + strings.Join(needs, ", ")
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", n.Label, n.Artifact.Kind, n.Artifact.StackName, where, after)
		}
	}
	return tw.Flush()
}

// targets says where a stack set goes, in a few words.
func (s *StackSet) targets() string {
	who := strings.Join(s.Accounts, ",")
	if s.ServiceManaged() {
		who = strings.Join(s.OrganizationalUnits, ",")
	}
	return who + " × " + strings.Join(s.Regions, ",")
}

// WriteDOT prints the graph for Graphviz: an edge from writer to reader.
func (e *Estate) WriteDOT(w io.Writer) error {
	var b strings.Builder
	b.WriteString("digraph estate {\n  rankdir=LR;\n  node [shape=box];\n")
	for _, n := range e.Nodes {
		fmt.Fprintf(&b, "  %s [label=%s];\n", strconv.Quote(n.ID), strconv.Quote(n.Label+"\n"+n.Artifact.Kind+" · "+n.Account()+" "+n.Region()))
	}
	e.edges(func(from, to *Node, via string) {
		fmt.Fprintf(&b, "  %s -> %s [label=%s];\n", strconv.Quote(from.ID), strconv.Quote(to.ID), strconv.Quote(via))
	})
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMermaid prints the graph as a Mermaid flowchart.
func (e *Estate) WriteMermaid(w io.Writer) error {
	id := map[*Node]string{}
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for i, n := range e.Nodes {
		id[n] = "n" + strconv.Itoa(i)
		fmt.Fprintf(&b, "  %s[\"%s<br/>%s · %s %s\"]\n", id[n], mermaidText(n.Label), n.Artifact.Kind, n.Account(), n.Region())
	}
	e.edges(func(from, to *Node, via string) {
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", id[from], mermaidText(via), id[to])
	})
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidText escapes what would end a Mermaid label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "|", "#124;", "<", "#lt;", ">", "#gt;").Replace(s)
}
