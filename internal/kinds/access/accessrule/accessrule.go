// Package accessrule holds the access kind's rules that can be judged on a
// template, so check applies them to any template the access kind
// generated (Metadata.Landform.Kind: access) and generate applies them
// before writing: custom policies that grant iam:*, * or sts:AssumeRole on
// every resource (LF-ACC-007), and a planner role holding a write action
// (LF-ACC-008). A policy whose config gave allow_wildcard_reason carries a
// suppression in its resource's metadata, with the reason.
package accessrule

import (
	"strconv"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/yamltree"
)

// Applies reports whether the template is one the access kind generated.
func Applies(t *yamltree.Tree) bool {
	kind, _ := t.Root.Get("Metadata").Get("Landform").Get("Kind").String()
	return kind == "access"
}

// Rules are the access template rules, in id order. The access kind
// reports the same two ids on configs, with the same hints: one rule,
// judged wherever it can be.
var Rules = []finding.Rule{
	{ID: "LF-ACC-007", Severity: finding.Error, Summary: "a custom policy allows iam:*, * or sts:AssumeRole on * (without allow_wildcard_reason)"},
	{ID: "LF-ACC-008", Severity: finding.Error, Summary: "the planner role holds a write action"},
}

// WildcardHint and PlannerWriteHint are the hints of LF-ACC-007 and
// LF-ACC-008, on configs and templates alike.
const (
	WildcardHint     = "name the roles or actions it needs, or give the atomic policy allow_wildcard_reason"
	PlannerWriteHint = "give the planner read-only policies; writes belong to terraform"
)

// PlannerLogicalID is the planner role's logical id in access templates.
const PlannerLogicalID = "TeamRolePlanner"

// Check runs the rules on an access template.
func Check(t *yamltree.Tree) finding.List {
	var fs finding.List
	res := t.Root.Get("Resources")
	if res == nil {
		return nil
	}
	for _, e := range res.Fields() {
		typ, _ := e.Value.Get("Type").String()
		props := e.Value.Get("Properties")
		path := yamltree.ChildPath("Resources", e.Key)
		switch typ {
		case "AWS::IAM::ManagedPolicy":
			doc := props.Get("PolicyDocument")
			fs = append(fs, wildcards(t, doc, path+".Properties.PolicyDocument")...)
			if attachedTo(props, PlannerLogicalID) {
				fs = append(fs, writes(t, doc, path+".Properties.PolicyDocument")...)
			}
		case "AWS::IAM::Role":
			for i, p := range values(props.Get("Policies")) {
				pp := yamltree.IndexPath(path+".Properties.Policies", i) + ".PolicyDocument"
				fs = append(fs, wildcards(t, p.Get("PolicyDocument"), pp)...)
				if e.Key == PlannerLogicalID {
					fs = append(fs, writes(t, p.Get("PolicyDocument"), pp)...)
				}
			}
		}
	}
	return fs
}

// wildcards reports Allow statements granting every IAM action, every
// action, or role assumption on every resource.
func wildcards(t *yamltree.Tree, doc *yamltree.Node, path string) finding.List {
	var fs finding.List
	for i, st := range values(doc.Get("Statement")) {
		if eff, _ := st.Get("Effect").String(); eff != "Allow" {
			continue
		}
		star := false
		for _, r := range values(st.Get("Resource")) {
			if s, _ := r.String(); s == "*" {
				star = true
			}
		}
		for _, a := range values(st.Get("Action")) {
			s, _ := a.String()
			la := strings.ToLower(s)
			if la == "*" || la == "iam:*" || (star && (la == "sts:assumerole" || la == "sts:*")) {
				p := yamltree.IndexPath(path+".Statement", i) + ".Action"
				fs.Errorf("LF-ACC-007", t.Pos(p), p, WildcardHint,
					"statement %s allows %s%s: every role, every permission", sid(st, i), s, map[bool]string{true: " on *", false: ""}[star])
			}
		}
	}
	return fs
}

// writes reports the first non-read action a planner policy allows.
func writes(t *yamltree.Tree, doc *yamltree.Node, path string) finding.List {
	var fs finding.List
	for i, st := range values(doc.Get("Statement")) {
		if eff, _ := st.Get("Effect").String(); eff != "Allow" {
			continue
		}
		for _, a := range values(st.Get("Action")) {
			if s, _ := a.String(); s != "" && !iam.IsRead(s) && !switching(s) {
				p := yamltree.IndexPath(path+".Statement", i) + ".Action"
				fs.Errorf("LF-ACC-008", t.Pos(p), p, PlannerWriteHint,
					"the planner role gets %s (statement %s), which is not read-only", s, sid(st, i))
				return fs
			}
		}
	}
	return fs
}

// switching reports the actions of role chaining, which the planner needs
// to reach the read-only state role: they change nothing.
func switching(action string) bool {
	a := strings.ToLower(action)
	return a == "sts:assumerole" || a == "sts:tagsession"
}

// attachedTo reports whether a managed policy's Roles names the role by Ref.
func attachedTo(props *yamltree.Node, logicalID string) bool {
	for _, r := range values(props.Get("Roles")) {
		if ref, _ := r.Get("Ref").String(); ref == logicalID {
			return true
		}
	}
	return false
}

func sid(st *yamltree.Node, i int) string {
	if s, _ := st.Get("Sid").String(); s != "" {
		return s
	}
	return "#" + strconv.Itoa(i+1)
}

// values is a list's items, or the node itself for a scalar or mapping.
func values(n *yamltree.Node) []*yamltree.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yamltree.Seq:
		return n.Items
	}
	return []*yamltree.Node{n}
}
