// Package operator checks an operator policy (the identity policy
// landform's `export --what operator-policy` writes for whoever deploys a
// stack) against everything the lifecycle will ask of AWS: the calls
// landform makes itself, and the calls CloudFormation makes with the
// caller's credentials for every resource of the template (its registry
// handlers' permissions, internal/cfnperm), each on that resource's ARN,
// decided by landform's own evaluation engine, offline.
package operator

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/landform/landform/internal/cfnperm"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/yamltree"
)

// Env is where the stack goes and what landform does around it.
type Env struct {
	Account, Region string
	StackName       string
	// OutputsPath is the SSM path deploy writes the stack's outputs under,
	// "" when it writes none.
	OutputsPath string
	// Bucket and Prefix are where templates over TemplateBody's limit are
	// uploaded; Bucket "" when there is no bucket.
	Bucket, Prefix string
	// FamilyPrefix and FamilySuffix bound the names of the stack's
	// family: the sibling stacks deploy lists and deletes when the config
	// no longer makes them (access's per-engineer stacks); both "" for none.
	FamilyPrefix, FamilySuffix string
}

func (e *Env) arn(service, rest string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, e.Region, e.Account, rest)
}

// Need is one request the lifecycle makes: an action on a resource, with
// the context keys a policy's conditions may test.
type Need struct {
	Action   string
	Resource string
	Context  map[string]string
	// Step is the lifecycle step that makes it: "plan", "deploy",
	// "drift", "destroy" for landform's own calls, "create", "update",
	// "delete" or "read" for CloudFormation's handler of a resource.
	Step string
	// LogicalID and Type name the resource whose handler needs it; both
	// empty for landform's own calls.
	LogicalID, Type string
	Pos             finding.Pos
	// ByCloudFormation is true for a handler's call: CloudFormation makes
	// it with the caller's credentials, and aws:CalledVia says so.
	ByCloudFormation bool
	// ResourcePolicy is the resource's own policy where it takes part in
	// the decision: a KMS key's key policy, intrinsics resolved.
	ResourcePolicy any
}

func (n Need) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s", n.Action, n.Resource)
	for _, k := range slices.Sorted(maps.Keys(n.Context)) {
		fmt.Fprintf(&b, " [%s=%s]", k, n.Context[k])
	}
	return b.String()
}

// Why says which step needs it, in a few words.
func (n Need) Why() string { return why(n, []string{n.Step}) }

// why says what needs a request, for one or more steps of the same
// resource (or of landform's own calls).
func why(n Need, steps []string) string {
	list := joinAnd(steps)
	switch {
	case n.LogicalID == "":
		return "landform's " + list
	case strings.HasPrefix(n.Type, "AWS::SSM::Parameter::Value<"):
		return fmt.Sprintf("CloudFormation resolving parameter %s at %s", n.LogicalID, list)
	case steps[0] == "drift" || steps[0] == "revert-drift":
		return fmt.Sprintf("landform's %s of %s (%s)", list, n.LogicalID, n.Type)
	}
	handlers := "handler"
	if len(steps) > 1 {
		handlers += "s"
	}
	return fmt.Sprintf("CloudFormation's %s %s of %s (%s)", list, handlers, n.LogicalID, n.Type)
}

func joinAnd(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// Needs lists every request deploying, updating, drift-checking and
// destroying the template as env says makes, in template order. Notes say
// what landform could not check: a resource type with no documented
// handler permissions.
func Needs(tree *yamltree.Tree, env Env) ([]Need, finding.List) {
	t, order := load(tree, &env)
	var out []Need
	var notes finding.List
	for _, c := range ownCalls {
		if !env.wants(c.When) {
			continue
		}
		out = append(out, Need{Action: c.Action, Resource: env.own(c.On), Step: c.Step, Pos: finding.Pos{File: tree.File},
			ByCloudFormation: c.Action == "s3:GetObject"})
	}
	out = append(out, t.parameterReads(tree)...)
	cat := catalog.Default()
	for _, r := range order {
		node := tree.Root.Get("Resources").Get(r.id)
		pos := node.Pos
		ty := cfnperm.Lookup(r.typ)
		if ty == nil || !ty.Documented {
			what := "is not a CloudFormation registry type landform knows"
			if ty != nil {
				what = "has no handler permissions in the CloudFormation registry"
			}
			notes.Add(finding.Finding{Rule: "LF-OPS-002", Severity: finding.Note, Pos: pos, Path: "Resources." + r.id + ".Type",
				Message: fmt.Sprintf("%s %s: what CloudFormation calls for %s cannot be checked", r.typ, what, r.id),
				Hint:    "check the operator policy against the service's documentation for this type"})
			continue
		}
		retain, _ := node.Get("DeletionPolicy").String()
		for _, step := range cfnperm.Steps {
			if step == cfnperm.Delete && retain == "Retain" {
				continue // CloudFormation leaves it: no delete handler runs
			}
			for _, action := range ty.Needed(step, r.has) {
				types, ok := cat.Lookup(action)
				if !ok || strings.Contains(action, "*") {
					continue // not an IAM action (the registry lists a few such)
				}
				for _, n := range r.requests(action, types) {
					n.Step, n.LogicalID, n.Type, n.Pos = string(step), r.id, r.typ, pos
					n.ByCloudFormation = true
					n.ResourcePolicy = r.policyFor(n)
					out = append(out, n)
				}
			}
		}
		for _, own := range []struct {
			step    string
			actions []string
		}{{"drift", deepReads[r.typ]}, {"revert-drift", reverts[r.typ]}} {
			for _, action := range own.actions {
				if g, ok := ty.Gates[strings.ToLower(action)]; ok && restores(action) && !slices.ContainsFunc(g.Properties, r.has) {
					continue // nothing of the template's to put back
				}
				types, _ := cat.Lookup(action)
				for _, n := range r.requests(action, types) {
					n.Step, n.LogicalID, n.Type, n.Pos = own.step, r.id, r.typ, pos
					out = append(out, n)
				}
			}
		}
	}
	return dedupe(out), notes
}

// requests are the requests one handler permission of r makes: one on r's
// own ARN, or one per policy, role or group it attaches or passes.
func (r *resource) requests(action string, types []string) []Need {
	if x := expansions[r.typ][strings.ToLower(action)]; x != nil {
		return x(r)
	}
	var out []Need
	for _, res := range r.resourcesFor(action, types) {
		out = append(out, Need{Action: action, Resource: res})
	}
	return out
}

// resourcesFor are the ARNs an action is authorized on: "*" for an action
// without resource-level permission; else each of r's ARNs (r itself, and
// what it names: a security group's VPC, an endpoint's subnets) whose IAM
// resource type the action takes, as AWS authorizes every resource a
// request involves; else "*".
func (r *resource) resourcesFor(action string, types []string) []string {
	if len(types) == 0 {
		return []string{"*"}
	}
	svc, _, _ := strings.Cut(strings.ToLower(action), ":")
	var out []string
	if f := arns[r.typ]; f != nil {
		for _, n := range f(r.t.env, r) {
			s, typ, _ := strings.Cut(n.Type, ":")
			if s == svc && slices.Contains(types, typ) && !slices.Contains(out, n.ARN) {
				out = append(out, n.ARN)
				if strings.Contains(strings.ToLower(action), "tag") {
					break // tagging acts on the resource itself alone
				}
			}
		}
	}
	if len(out) == 0 {
		return []string{"*"}
	}
	return out
}

// restores reports whether a repair call puts back something the template
// has (rather than removing something drift added).
func restores(action string) bool {
	_, name, _ := strings.Cut(action, ":")
	for _, p := range []string{"Put", "Add", "Attach", "Create", "Set"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// policyFor is the key policy of a KMS key, for a request on the key (by
// the key's handler, or an alias's): KMS decides with it even in the key's
// own account, so a key policy that does not let the account's IAM
// policies in locks the operator out. A key outside the template is taken
// to have the default policy.
func (r *resource) policyFor(n Need) any {
	if !strings.Contains(n.Resource, ":key/") {
		return nil
	}
	switch r.typ {
	case "AWS::KMS::Key":
	case "AWS::KMS::Alias":
		if k := r.t.target(r.props["TargetKeyId"]); k != nil && k.typ == "AWS::KMS::Key" {
			return k.policyFor(n)
		}
	default:
		return nil
	}
	if kp, ok := r.props["KeyPolicy"]; ok && r.typ == "AWS::KMS::Key" {
		return r.t.doc(kp, 0)
	}
	// No KeyPolicy: KMS gives the key its default policy, which lets the
	// account's IAM policies decide.
	return map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
		"Principal": map[string]any{"AWS": "arn:aws:iam::" + r.t.env.Account + ":root"}, "Action": "kms:*", "Resource": "*"}}}
}

func (e *Env) wants(field string) bool {
	switch field {
	case "":
		return true
	case "Family":
		return e.FamilyPrefix != ""
	case "Bucket":
		return e.Bucket != ""
	case "OutputsPath":
		return e.OutputsPath != ""
	}
	panic("operator: unknown condition " + field)
}

func (e *Env) own(t target) string {
	switch t {
	case onStack:
		return e.arn("cloudformation", "stack/"+e.StackName+"/*")
	case onOutputs:
		return e.arn("ssm", "parameter"+slash(strings.TrimSuffix(e.OutputsPath, "/"))+"/*")
	case onTemplates:
		return "arn:aws:s3:::" + e.Bucket + "/" + e.Prefix + "*"
	case onOutputsPath:
		return e.arn("ssm", "parameter"+slash(strings.TrimSuffix(e.OutputsPath, "/")))
	case onFamily:
		return e.arn("cloudformation", "stack/"+e.FamilyPrefix+"*"+e.FamilySuffix+"/*")
	}
	return "*"
}

// load reads the template's resources and parameters.
func load(tree *yamltree.Tree, env *Env) (*tmpl, []*resource) {
	t := &tmpl{env: env, resources: map[string]*resource{}, params: map[string]any{}}
	for _, e := range tree.Root.Get("Parameters").Fields() {
		typ, _ := e.Value.Get("Type").String()
		d := e.Value.Get("Default")
		if d == nil || strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
			t.params[e.Key] = "*"
			continue
		}
		t.params[e.Key] = d.Interface()
	}
	var order []*resource
	for _, e := range tree.Root.Get("Resources").Fields() {
		typ, _ := e.Value.Get("Type").String()
		var props map[string]any
		if p := e.Value.Get("Properties"); p != nil {
			props, _ = p.Interface().(map[string]any)
		}
		r := &resource{id: e.Key, typ: typ, props: props, t: t}
		t.resources[e.Key] = r
		order = append(order, r)
	}
	return t, order
}

// parameterReads are the reads CloudFormation makes, with the caller's
// credentials, to resolve SSM parameter types at create and update.
func (t *tmpl) parameterReads(tree *yamltree.Tree) []Need {
	var out []Need
	for _, e := range tree.Root.Get("Parameters").Fields() {
		typ, _ := e.Value.Get("Type").String()
		if !strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
			continue
		}
		name := "*"
		if d, ok := e.Value.Get("Default").String(); ok {
			name = d
		}
		for _, step := range []string{"create", "update"} {
			out = append(out, Need{Action: "ssm:GetParameters", Resource: t.env.arn("ssm", "parameter"+slash(name)),
				Step: step, LogicalID: e.Key, Type: typ, Pos: e.Value.Pos})
		}
	}
	return out
}

func dedupe(ns []Need) []Need {
	seen := map[string]bool{}
	out := ns[:0]
	for _, n := range ns {
		k := n.Step + "\x00" + n.LogicalID + "\x00" + n.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}
