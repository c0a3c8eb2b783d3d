package report_test

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/landform/landform/internal/report"
)

// The deployment page's properties: sorted outputs, same bytes every time,
// the input untouched, every user-controlled value escaped.

// Outputs are listed by key in byte order, whatever order the map hands
// them out in, and each value stays with its key.
func TestDeploymentHTMLOutputsSorted(t *testing.T) {
	t.Parallel()
	var keys []string
	for i := range 64 {
		keys = append(keys, fmt.Sprintf("Output%02d", i))
	}
	keys = append(keys, "a", "B", "Z9", "Z10", "_x", "ä", "Api", "API", "Api2")
	want := slices.Clone(keys)
	sort.Strings(want)

	var first []byte
	for i := range 30 {
		// Build each map in a different insertion order; Go also randomises
		// the iteration order of every range over a map.
		m := map[string]string{}
		for j := range keys {
			k := keys[(j*7+i)%len(keys)]
			m[k] = "value of " + k
		}
		d := deployed()
		d.Outputs = m
		out := renderDeployment(t, d)
		rows := body(mustParse(t, out)).byID(t, "outputs").rows(t)
		if got := rows[0].texts(); !slices.Equal(got, []string{"Key", "Value"}) {
			t.Fatalf("outputs header %q", got)
		}
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r.cells[0].text)
			if r.cells[1].text != "value of "+r.cells[0].text {
				t.Errorf("output %q shows value %q", r.cells[0].text, r.cells[1].text)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("render %d: output keys in order\n%q\nwant\n%q", i, got, want)
		}
		if first == nil {
			first = out
		} else if !bytes.Equal(out, first) {
			t.Fatalf("render %d differs from render 0 for the same outputs", i)
		}
	}
}

// The same deployment renders to the same bytes every time.
func TestDeploymentHTMLDeterministic(t *testing.T) {
	t.Parallel()
	for _, d := range []report.Deployment{deployed(), failedDeploy(), noChanges(), {}} {
		want := renderDeployment(t, d)
		for range 20 {
			if got := renderDeployment(t, d); !bytes.Equal(got, want) {
				t.Fatalf("two renders of the same deployment %q differ", d.Stack)
			}
		}
	}
}

// Rendering does not change the deployment it is given.
func TestDeploymentHTMLLeavesInputAlone(t *testing.T) {
	t.Parallel()
	d := failedDeploy()
	resources, events := slices.Clone(d.Resources), slices.Clone(d.Events)
	outputs := map[string]string{}
	for k, v := range d.Outputs {
		outputs[k] = v
	}
	renderDeployment(t, d)
	if !slices.Equal(d.Resources, resources) || !slices.Equal(d.Events, events) || len(d.Outputs) != len(outputs) {
		t.Fatal("DeploymentHTML changed its input")
	}
	for k, v := range outputs {
		if d.Outputs[k] != v {
			t.Fatalf("DeploymentHTML changed output %q", k)
		}
	}
}

const hostile = `</td><script>alert("x & 'y'")</script><a href="https://evil.example/">&amp;`

// Every text a user or AWS controls comes out escaped: the page stays well
// formed, holds no script or link, and shows the value exactly.
func TestDeploymentHTMLEscapes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field string
		set   func(*report.Deployment)
		// where returns the rendered texts that must equal the hostile value.
		where func(*testing.T, *node) []string
	}{
		{"Stack", func(d *report.Deployment) { d.Stack = hostile }, func(t *testing.T, root *node) []string {
			return []string{
				strings.TrimSuffix(root.one(t, "title").textContent(), ": deployment report"),
				strings.TrimPrefix(root.one(t, "h1").textContent(), "Deployment report: "),
			}
		}},
		{"StackID", func(d *report.Deployment) { d.StackID = hostile }, factIs("Stack id", "")},
		{"Kind", func(d *report.Deployment) { d.Kind = hostile }, factAround("Config", "configs/shop-prod-network.yaml (kind ", ")")},
		{"Config", func(d *report.Deployment) { d.Config = hostile }, factAround("Config", "", " (kind sg)")},
		{"Account", func(d *report.Deployment) { d.Account = hostile }, factAround("Account / region", "", " / eu-west-1")},
		{"Region", func(d *report.Deployment) { d.Region = hostile }, factAround("Account / region", "123456789012 / ", "")},
		{"Caller", func(d *report.Deployment) { d.Caller = hostile }, factIs("Deployed by", "")},
		{"Status", func(d *report.Deployment) { d.Status = hostile }, factIs("Status", "")},
		{"Method", func(d *report.Deployment) { d.Method = hostile }, factIs("Template sent by", "")},
		{"Generator", func(d *report.Deployment) { d.Generator = hostile }, factIs("Generator", "")},
		{"Outcome", func(d *report.Deployment) { d.Outcome, d.Failed = "Failed: "+hostile, true }, func(t *testing.T, root *node) []string {
			return []string{strings.TrimPrefix(root.byID(t, "outcome").textContent(), "Failed: ")}
		}},
		{"output key", func(d *report.Deployment) { d.Outputs = map[string]string{hostile: "v"} }, cellOf("outputs", 1, 0)},
		{"output value", func(d *report.Deployment) { d.Outputs = map[string]string{"Url": hostile} }, cellOf("outputs", 1, 1)},
		{"resource logical id", func(d *report.Deployment) { d.Resources[0].LogicalID = hostile }, cellOf("resources", 1, 0)},
		{"resource type", func(d *report.Deployment) { d.Resources[0].Type = hostile }, cellOf("resources", 1, 1)},
		{"resource physical id", func(d *report.Deployment) { d.Resources[0].PhysicalID = hostile }, cellOf("resources", 1, 2)},
		{"resource status", func(d *report.Deployment) { d.Resources[0].Status = hostile }, cellOf("resources", 1, 3)},
		{"event logical id", func(d *report.Deployment) { d.Events[0].LogicalID = hostile }, cellOf("events", 1, 1)},
		{"event type", func(d *report.Deployment) { d.Events[0].Type = hostile }, cellOf("events", 1, 2)},
		{"event status", func(d *report.Deployment) { d.Events[0].Status = hostile }, cellOf("events", 1, 3)},
		{"event reason", func(d *report.Deployment) { d.Events[0].Reason = hostile }, cellOf("events", 1, 4)},
	} {
		t.Run(tc.field, func(t *testing.T) {
			t.Parallel()
			d := deployed()
			tc.set(&d)
			out := renderDeployment(t, d)
			if bytes.Contains(out, []byte("<script")) || bytes.Contains(out, []byte(`href="`)) || bytes.Contains(out, []byte("</td><script")) {
				t.Fatalf("%s is rendered raw:\n%s", tc.field, out)
			}
			root := mustParse(t, out)
			checkSelfContained(t, root)
			got := tc.where(t, root)
			if len(got) == 0 {
				t.Fatal("no place to look for the value")
			}
			for _, g := range got {
				if g != hostile {
					t.Errorf("%s shows as %q, want %q", tc.field, g, hostile)
				}
			}
			// Everything else is where it was: the hostile value did not
			// break out of its cell and reshape the tables.
			for _, id := range []string{"outputs", "resources", "events"} {
				for i, r := range root.byID(t, id).rows(t) {
					if want := map[string]int{"outputs": 2, "resources": 4, "events": 5}[id]; len(r.cells) != want {
						t.Errorf("%s row %d has %d cells, want %d", id, i, len(r.cells), want)
					}
				}
			}
		})
	}
}
