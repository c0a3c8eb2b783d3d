package iam

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/jsonenc"
	"github.com/landform/landform/internal/yamltree"
)

// DocKind says where a policy document is used, which decides its grammar.
type DocKind int

// Policy document kinds.
const (
	Identity      DocKind = iota // attached to a user, group or role: no Principal
	Trust                        // a role's AssumeRolePolicyDocument: Principal, no Resource
	ResourceBased                // a bucket, queue, topic or key policy: Principal and Resource
)

var (
	docKeys       = []string{"Version", "Id", "Statement"}
	statementKeys = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
	conditionOps  = []string{
		"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
		"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
		"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
		"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
	}
)

// Linter checks policy documents written in a template against IAM's
// grammar and the action catalog.
type Linter struct {
	Catalog *catalog.Catalog
}

// Lint checks one policy document at path. at resolves a path to a position
// when a node has none (a missing key is reported at its parent).
func (l Linter) Lint(doc *yamltree.Node, path string, kind DocKind) finding.List {
	var fs finding.List
	if doc == nil || cfn.IsIntrinsic(doc) {
		return nil
	}
	if text, ok := doc.String(); ok {
		return l.lintString(doc, text, path, kind)
	}
	if doc.Kind != yamltree.Map {
		fs.Errorf("LF-IAM-001", doc.Pos, path, "write the policy as a mapping with Version and Statement", "policy document is a %s", doc.TypeName())
		return fs
	}
	for _, e := range doc.Entries {
		if !slices.Contains(docKeys, e.Key) {
			fs.Errorf("LF-IAM-001", e.Value.KeyPos, path+"."+e.Key, finding.DidYouMean(e.Key, docKeys), "unknown policy element %s", e.Key)
		}
	}
	switch v, _ := doc.Get("Version").String(); {
	case doc.Get("Version") == nil:
		fs.Warnf("LF-IAM-008", doc.Pos, path, `add Version: "2012-10-17"`, "policy has no Version, so IAM reads it as 2008-10-17 and policy variables do not work")
	case v != Version && v != "2008-10-17":
		fs.Errorf("LF-IAM-001", doc.Get("Version").Pos, path+".Version", `write "2012-10-17"`, "Version %q is not a policy language version", doc.Get("Version").Text)
	}
	st := doc.Get("Statement")
	switch {
	case st == nil:
		fs.Errorf("LF-IAM-001", doc.Pos, path, "add Statement: with at least one statement", "policy has no Statement")
	case cfn.IsIntrinsic(st):
	case st.Kind == yamltree.Map:
		fs = append(fs, l.statement(st, path+".Statement", kind)...)
	case st.Kind == yamltree.Seq:
		if len(st.Items) == 0 {
			fs.Errorf("LF-IAM-001", st.Pos, path+".Statement", "add at least one statement", "Statement is empty")
		}
		for i, s := range st.Items {
			fs = append(fs, l.statement(s, yamltree.IndexPath(path+".Statement", i), kind)...)
		}
	default:
		fs.Errorf("LF-IAM-001", st.Pos, path+".Statement", "write a statement or a list of statements", "Statement is a %s", st.TypeName())
	}
	return fs
}

// lintString checks a policy written as a JSON string, which CloudFormation
// accepts too. Its findings point at the string, since positions inside it
// are not positions in the template.
func (l Linter) lintString(doc *yamltree.Node, text, path string, kind DocKind) finding.List {
	opts := yamltree.Options{Rule: func(int) string { return "LF-IAM-001" }, What: "policy"}
	tree, fs := yamltree.Parse(doc.Pos.File, []byte(text), opts)
	if tree == nil || tree.Root.Kind != yamltree.Map || !strings.HasPrefix(strings.TrimSpace(text), "{") {
		var out finding.List
		out.Errorf("LF-IAM-001", doc.Pos, path, "write the policy as a mapping, or as a JSON object in a string", "policy string is not a JSON object")
		return out
	}
	fs = append(fs, l.Lint(tree.Root, path, kind)...)
	for i := range fs {
		fs[i].Pos = doc.Pos
	}
	return fs
}

func (l Linter) statement(s *yamltree.Node, path string, kind DocKind) finding.List {
	var fs finding.List
	if _, t, f, ok := cfn.If(s); ok {
		// A statement that a condition chooses: each branch is one.
		for i, branch := range []*yamltree.Node{t, f} {
			if !cfn.IsNoValue(branch) {
				fs = append(fs, l.statement(branch, yamltree.IndexPath(path+".Fn::If", i+1), kind)...)
			}
		}
		return fs
	}
	if cfn.IsIntrinsic(s) {
		return nil
	}
	if s.Kind != yamltree.Map {
		fs.Errorf("LF-IAM-001", s.Pos, path, "write the statement as a mapping", "statement is a %s", s.TypeName())
		return fs
	}
	for _, e := range s.Entries {
		if !slices.Contains(statementKeys, e.Key) {
			fs.Errorf("LF-IAM-001", e.Value.KeyPos, path+"."+e.Key, finding.DidYouMean(e.Key, statementKeys), "unknown statement element %s", e.Key)
		}
	}
	effect, _ := s.Get("Effect").String()
	if effect != "Allow" && effect != "Deny" && !cfn.IsIntrinsic(s.Get("Effect")) {
		fs.Errorf("LF-IAM-001", s.Pos, path+".Effect", "write Effect: Allow or Effect: Deny", "statement has no valid Effect")
	}
	one := func(a, b, hint string) {
		if (s.Get(a) == nil) == (s.Get(b) == nil) {
			fs.Errorf("LF-IAM-001", s.Pos, path, hint, "a statement needs exactly one of %s and %s", a, b)
		}
	}
	one("Action", "NotAction", "add Action: with the actions the statement allows or denies")
	hasPrincipal := s.Get("Principal") != nil || s.Get("NotPrincipal") != nil
	switch kind {
	case Identity:
		one("Resource", "NotResource", "add Resource: with the ARNs the statement applies to")
		if hasPrincipal {
			fs.Errorf("LF-IAM-001", s.Pos, path+".Principal", "remove Principal: an identity policy applies to whoever holds it", "Principal is not allowed in an identity policy")
		}
	case Trust:
		if !hasPrincipal {
			fs.Errorf("LF-IAM-001", s.Pos, path, "add Principal: who may assume the role", "a trust policy statement needs a Principal")
		}
		if s.Get("Resource") != nil || s.Get("NotResource") != nil {
			fs.Errorf("LF-IAM-001", s.Pos, path+".Resource", "remove Resource: the resource is the role itself", "Resource is not allowed in a trust policy")
		}
	case ResourceBased:
		if !hasPrincipal {
			fs.Errorf("LF-IAM-001", s.Pos, path, "add Principal: who the policy grants access to", "a resource policy statement needs a Principal")
		}
	}
	for _, k := range []string{"Resource", "NotResource"} {
		for _, r := range cfn.Values(s.Get(k)) {
			if v, ok := r.String(); ok && !isResourceARN(v) {
				fs.Errorf("LF-IAM-001", r.Pos, path+"."+k, `write an ARN (arn:aws:service:region:account:resource) or "*"; build it with !Sub, !GetAtt or !Ref when it comes from the template`,
					"%s %q is not an ARN or \"*\"", k, v)
			}
		}
	}
	if effect == "Allow" {
		for _, k := range []string{"NotAction", "NotResource"} {
			if n := s.Get(k); n != nil {
				fs.Warnf("LF-IAM-004", n.KeyPos, path+"."+k, "list what is allowed with "+strings.TrimPrefix(k, "Not")+" instead",
					"Allow with %s grants everything not listed, including actions AWS adds later", k)
			}
		}
	}
	if kind != Identity {
		fs = append(fs, principals(s, path)...)
	}
	fs = append(fs, l.actions(s, path, kind, effect)...)
	fs = append(fs, l.conditions(s.Get("Condition"), path+".Condition")...)
	return fs
}

// resourceARN is what IAM accepts in Resource: "*", or an ARN with its
// partition and service (wildcards and policy variables allowed after).
var resourceARN = regexp.MustCompile(`^(\*|arn:[^:]+:[^:]+:.*)$`)

func isResourceARN(s string) bool { return resourceARN.MatchString(s) }

// actions checks every action against the catalog, and Resource "*" on
// actions that can be scoped.
func (l Linter) actions(s *yamltree.Node, path string, kind DocKind, effect string) finding.List {
	var fs finding.List
	star := false
	for _, r := range cfn.Values(s.Get("Resource")) {
		if v, _ := r.String(); v == "*" {
			star = true
		}
	}
	// writes change something; scoped are actions that support
	// resource-level permissions and are not reported as writes.
	var writes, scoped []string
	for _, key := range []string{"Action", "NotAction"} {
		for i, a := range cfn.Values(s.Get(key)) {
			name, ok := a.String()
			p := func() string { return yamltree.IndexPath(path+"."+key, i) } // only for a finding
			if !ok {
				if !cfn.IsIntrinsic(a) {
					fs.Errorf("LF-IAM-001", a.Pos, p(), "write the action as service:Action", "an action must be a string")
				}
				continue
			}
			if name == "*" {
				continue
			}
			svc, act, found := strings.Cut(name, ":")
			if !found || svc == "" || act == "" {
				fs.Errorf("LF-IAM-002", a.Pos, p(), "write it as service:Action, such as s3:GetObject", "%q is not an action", name)
				continue
			}
			matched := l.Catalog.Match(name)
			if len(matched) == 0 {
				fs.Errorf("LF-IAM-002", a.Pos, p(), "check the spelling in the Service Authorization Reference", "unknown action %s", name)
				continue
			}
			if key != "Action" {
				continue
			}
			canScope := slices.ContainsFunc(matched, l.scopable)
			switch {
			case !isRead(name) && s.Get("Condition") == nil && (canScope || slices.ContainsFunc(matched, isConditionScoped)):
				writes = append(writes, name)
			case canScope:
				scoped = append(scoped, name)
			}
		}
	}
	// One warning per action: a write that could be scoped (by ARN, or by a
	// condition key such as cloudwatch:namespace) on every resource with no
	// condition is LF-IAM-009; anything else that could name its resources
	// is LF-IAM-003. Writes AWS only allows on * (xray:PutTraceSegments) are
	// left alone: there is nothing to scope them by.
	if star && effect == "Allow" && kind == Identity {
		res := s.Get("Resource")
		if len(writes) > 0 {
			fs.Warnf("LF-IAM-009", res.Pos, path+".Resource", "scope Resource to the ARNs the actions change, or add a Condition",
				"write actions on every resource with no condition: %s", strings.Join(slices.Compact(writes), ", "))
		}
		if len(scoped) > 0 {
			fs.Warnf("LF-IAM-003", res.Pos, path+".Resource", "scope Resource to the ARNs the actions need",
				"Resource \"*\" on actions that support resource-level permissions: %s", strings.Join(slices.Compact(scoped), ", "))
		}
	}
	if effect == "Allow" {
		fs = append(fs, l.risky(s, path, star)...)
	}
	return fs
}

// scopable reports whether a catalog action supports resource-level permissions.
func (l Linter) scopable(action string) bool {
	types, _ := l.Catalog.Lookup(action)
	return len(types) > 0
}

// readVerbs start the names of actions that only read; readActions are the
// reads whose names do not say so.
var (
	readVerbs   = []string{"Get", "List", "Describe", "Head", "View", "Search", "Lookup", "Query", "Scan", "Select", "Read", "BatchGet", "BatchCheck", "Check", "Validate", "Estimate", "Preview", "Simulate", "Test", "Filter"}
	readActions = []string{"logs:startquery", "logs:startlivetail", "dynamodb:conditioncheckitem", "dynamodb:partiqlselect",
		"es:eshttpget", "es:eshttphead", "codecommit:gitpull", "kinesis:subscribetoshard"}
	// conditionScoped are writes with no resource-level permission that a
	// condition key scopes (cloudwatch:namespace): on * with no condition
	// they are as open as a scopable write.
	conditionScoped = []string{"cloudwatch:putmetricdata"}
)

// riskyActions are allowed only with care, whatever their resources.
var riskyActions = []string{"iam:createaccesskey", "s3:deletebucket"}

// risky reports the high-risk actions the seeds name.
func (l Linter) risky(s *yamltree.Node, path string, star bool) finding.List {
	var fs finding.List
	for _, a := range cfn.Values(s.Get("Action")) {
		name, ok := a.String()
		if !ok {
			continue
		}
		matched := l.Catalog.Match(name)
		if name == "*" {
			matched = []string{"*"}
		}
		if star && slices.ContainsFunc(matched, func(m string) bool { return m == "*" || m == "iam:passrole" }) {
			fs.Warnf("LF-IAM-010", a.Pos, path+".Action", "name the roles that may be passed, and add an iam:PassedToService condition",
				"%s allows iam:PassRole on every role, which lets the holder hand any role to a service", name)
		}
		for _, r := range riskyActions {
			if name != "*" && slices.Contains(matched, r) {
				fs.Warnf("LF-IAM-010", a.Pos, path+".Action", "grant it to a break-glass role only, or remove it", "%s allows the high-risk action %s", name, r)
			}
		}
	}
	return fs
}

func isConditionScoped(action string) bool { return slices.Contains(conditionScoped, action) }

// isRead reports whether an action name (or pattern) only reads.
func isRead(action string) bool {
	lower := strings.ToLower(action)
	if slices.Contains(readActions, lower) {
		return true
	}
	_, verb, ok := strings.Cut(lower, ":")
	if !ok || verb == "*" || action == "*" {
		return false
	}
	for _, r := range lowerReadVerbs {
		if strings.HasPrefix(verb, r) {
			return true
		}
	}
	return false
}

// lowerReadVerbs are readVerbs in lower case, made once.
var lowerReadVerbs = func() []string {
	out := make([]string, len(readVerbs))
	for i, v := range readVerbs {
		out[i] = strings.ToLower(v)
	}
	return out
}()

func (l Linter) conditions(n *yamltree.Node, path string) finding.List {
	var fs finding.List
	if n == nil || cfn.IsIntrinsic(n) {
		return nil
	}
	if n.Kind != yamltree.Map {
		fs.Errorf("LF-IAM-001", n.Pos, path, "write Condition: {Operator: {key: value}}", "Condition is a %s", n.TypeName())
		return fs
	}
	for _, e := range n.Entries {
		op := strings.TrimSuffix(e.Key, "IfExists")
		if p, rest, ok := strings.Cut(op, ":"); ok && (p == "ForAllValues" || p == "ForAnyValue") {
			op = rest
		}
		if !slices.Contains(conditionOps, op) {
			fs.Errorf("LF-IAM-005", e.Value.KeyPos, path+"."+e.Key, finding.DidYouMean(op, conditionOps), "unknown condition operator %s", e.Key)
		}
		if e.Value.Kind != yamltree.Map && !cfn.IsIntrinsic(e.Value) {
			fs.Errorf("LF-IAM-001", e.Value.Pos, path+"."+e.Key, "write {condition-key: value}", "condition %s is a %s", e.Key, e.Value.TypeName())
			continue
		}
		for _, kv := range e.Value.Fields() {
			if known, checkable := l.Catalog.ConditionKey(kv.Key); checkable && !known {
				svc, _, _ := strings.Cut(kv.Key, ":")
				hint := "check the key in the Service Authorization Reference"
				if m := finding.Suggest(strings.ToLower(kv.Key), l.Catalog.ConditionKeys(svc)); m != "" {
					hint = "did you mean " + m + "? (keys are case-insensitive)"
				}
				fs.Warnf("LF-IAM-007", kv.Value.KeyPos, path+"."+e.Key+"."+kv.Key, hint, "unknown condition key %s", kv.Key)
			}
		}
	}
	return fs
}

// pseudoValues stand in for pseudo parameters when a policy is sized.
var pseudoValues = map[string]string{"AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::URLSuffix": "amazonaws.com"}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// NodeSize is a policy document's size as IAM counts it (JSON without
// whitespace) for a document still holding intrinsics. Intrinsics are
// resolved to their smallest plausible value (pseudo parameters to typical
// values, anything else to nothing), so the size is a lower bound: a
// document over a quota by this count is over it for certain. It is the
// size of json.Marshal's encoding, counted as the tree is walked.
func NodeSize(n *yamltree.Node) int {
	if n == nil {
		return len("null")
	}
	if cfn.IsIntrinsic(n) {
		fn, arg := n.Entries[0].Key, n.Entries[0].Value
		switch name, ok := arg.String(); {
		case fn == "Fn::Sub":
			if !ok && arg.Kind == yamltree.Seq && len(arg.Items) > 0 {
				name, _ = arg.Items[0].String()
			}
			return stringSize(subVar.ReplaceAllStringFunc(name, func(m string) string { return pseudoValues[m[2:len(m)-1]] }))
		case fn == "Ref" && ok:
			return stringSize(pseudoValues[name])
		}
		return stringSize("")
	}
	switch n.Kind {
	case yamltree.Map:
		size := 2 + max(len(n.Entries)-1, 0) // braces and commas
		for _, e := range n.Entries {
			size += stringSize(e.Key) + 1 + NodeSize(e.Value)
		}
		return size
	case yamltree.Seq:
		size := 2 + max(len(n.Items)-1, 0)
		for _, it := range n.Items {
			size += NodeSize(it)
		}
		return size
	}
	if s, ok := n.Value.(string); ok {
		return stringSize(s)
	}
	raw, _ := json.Marshal(n.Value) // a json.Number, a bool or nil: always encodes
	return len(raw)
}

// stringSize is the size of s as json.Marshal writes it, whitespace not
// counted.
func stringSize(s string) int {
	if !jsonenc.Plain(s, true) {
		raw, _ := json.Marshal(s) // a string always encodes
		return nonSpace(raw)
	}
	return 2 + len(s) - strings.Count(s, " ") // printable ASCII: only the space is whitespace
}

// IsRead reports whether an action only reads (Get, List, Describe …), by
// its verb; the planner role of the access kind may hold nothing else.
func IsRead(action string) bool { return isRead(action) }
