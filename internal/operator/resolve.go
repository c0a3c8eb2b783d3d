package operator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// resource is one template resource, with what landform can resolve of its
// properties before deployment.
type resource struct {
	id, typ string
	props   map[string]any
	t       *tmpl
	// resolved memoizes value: each property is resolved once, so names
	// that refer to each other cost linear time, and a loop gives "*".
	resolved map[string]string
}

// tmpl resolves the intrinsics of one template far enough to name
// resources: Ref, Fn::GetAtt …Arn, Fn::Sub, Fn::Join and the pseudo
// parameters. Anything else (an import, a condition, a value only
// deployment knows) resolves to "*".
type tmpl struct {
	env       *Env
	resources map[string]*resource
	params    map[string]any
	// naming counts the resources being named at once: a name that
	// refers to itself, or a longer loop, resolves to "*" past maxDepth.
	naming int
}

// enter starts naming a resource (for a Ref or Fn::GetAtt of it); false
// when too many are under way, a loop.
func (t *tmpl) enter() bool {
	if t.naming >= maxDepth {
		return false
	}
	t.naming++
	return true
}

func (t *tmpl) leave() { t.naming-- }

const maxDepth = 16

// has reports whether the resource sets prop: a top-level property, or a
// dotted path through maps and lists ("Stages.Actions.Configuration.ConnectionArn":
// in any action of any stage).
func (r *resource) has(prop string) bool {
	return hasPath(r.props, strings.Split(prop, "."))
}

func hasPath(v any, path []string) bool {
	if len(path) == 0 {
		return v != nil
	}
	switch v := v.(type) {
	case map[string]any:
		next, ok := v[path[0]]
		return ok && hasPath(next, path[1:])
	case []any:
		for _, it := range v {
			if hasPath(it, path) {
				return true
			}
		}
	}
	return false
}

// doc resolves every intrinsic in a policy document to a string.
func (t *tmpl) doc(v any, depth int) any {
	if depth > maxDepth {
		return "*"
	}
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for k := range v {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return t.str(v, depth)
				}
			}
		}
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = t.doc(x, depth+1)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = t.doc(x, depth+1)
		}
		return out
	}
	return v
}

// value is a property resolved to a string, "*" when it is unset or cannot
// be known before deployment.
func (r *resource) value(prop string) string {
	if s, ok := r.resolved[prop]; ok {
		return s
	}
	v, ok := r.props[prop]
	if !ok {
		return "*"
	}
	if r.resolved == nil {
		r.resolved = map[string]string{}
	}
	r.resolved[prop] = "*" // what a reference back to it meanwhile sees
	s := r.t.str(v, 0)
	r.resolved[prop] = s
	return s
}

// values is a list property, each item resolved; a list landform cannot
// see into (a list parameter, an import) is one "*".
func (r *resource) values(prop string) []string {
	v, ok := r.props[prop]
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		return []string{"*"}
	}
	var out []string
	for _, v := range list {
		out = append(out, r.t.str(v, 0))
	}
	return out
}

// name is the resource's physical name: the name property resolved, or the
// name CloudFormation generates when the template sets none
// ({stack}-{logical id}-{random}).
func (r *resource) name(prop string) string {
	if r.has(prop) {
		return r.value(prop)
	}
	return r.t.env.StackName + "-" + r.id + "-*"
}

// arn is the resource's own ARN, "*" when landform cannot name it.
func (r *resource) arn() string {
	if f := arns[r.typ]; f != nil {
		return f(r.t.env, r)[0].ARN
	}
	return "*"
}

// refIsName are the types whose Ref is their physical name; refIsARN those
// whose Ref is their ARN. Any other Ref is an id only deployment knows.
var refIsName = map[string]string{
	"AWS::IAM::Role": "RoleName", "AWS::IAM::Group": "GroupName", "AWS::IAM::User": "UserName",
	"AWS::IAM::InstanceProfile": "InstanceProfileName", "AWS::S3::Bucket": "BucketName", "AWS::SSM::Parameter": "Name",
	"AWS::Logs::LogGroup": "LogGroupName", "AWS::Events::Rule": "Name", "AWS::CodeBuild::Project": "Name",
	"AWS::CodePipeline::Pipeline": "Name", "AWS::CloudWatch::Alarm": "AlarmName", "AWS::CloudWatch::Dashboard": "DashboardName",
	"AWS::DynamoDB::Table": "TableName", "AWS::CloudTrail::Trail": "TrailName", "AWS::KMS::Alias": "AliasName",
	"AWS::SageMaker::ModelPackageGroup": "ModelPackageGroupName",
}

var refIsARN = map[string]bool{"AWS::IAM::ManagedPolicy": true, "AWS::SNS::Topic": true, "AWS::IAM::SAMLProvider": true}

func (t *tmpl) ref(name string, depth int) string {
	switch name {
	case "AWS::AccountId":
		return t.env.Account
	case "AWS::Region":
		return t.env.Region
	case "AWS::StackName":
		return t.env.StackName
	case "AWS::Partition":
		return "aws"
	case "AWS::URLSuffix":
		return "amazonaws.com"
	}
	if r := t.resources[name]; r != nil {
		if !t.enter() {
			return "*"
		}
		defer t.leave()
		if p, ok := refIsName[r.typ]; ok {
			return r.name(p)
		}
		if refIsARN[r.typ] {
			return r.arn()
		}
		return "*"
	}
	if d, ok := t.params[name]; ok {
		return t.str(d, depth+1)
	}
	return "*"
}

var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

// str resolves v to a string.
func (t *tmpl) str(v any, depth int) string {
	if depth > maxDepth {
		return "*"
	}
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	case map[string]any:
		if len(v) != 1 {
			return "*"
		}
		for fn, arg := range v {
			return t.intrinsic(fn, arg, depth)
		}
	}
	return "*"
}

func (t *tmpl) intrinsic(fn string, arg any, depth int) string {
	switch fn {
	case "Ref":
		s, _ := arg.(string)
		return t.ref(s, depth)
	case "Fn::GetAtt":
		var parts []string
		switch a := arg.(type) {
		case string:
			parts = strings.SplitN(a, ".", 2)
		case []any:
			for _, p := range a {
				parts = append(parts, t.str(p, depth+1))
			}
		}
		if len(parts) == 2 && parts[1] == "Arn" {
			if r := t.resources[parts[0]]; r != nil && t.enter() {
				defer t.leave()
				return r.arn()
			}
		}
		return "*"
	case "Fn::Sub":
		var s string
		vars := map[string]any{}
		switch a := arg.(type) {
		case string:
			s = a
		case []any:
			if len(a) > 0 {
				s, _ = a[0].(string)
			}
			if len(a) > 1 {
				vars, _ = a[1].(map[string]any)
			}
		}
		return subVar.ReplaceAllStringFunc(s, func(m string) string {
			name := strings.TrimSpace(m[2 : len(m)-1])
			if v, ok := vars[name]; ok {
				return t.str(v, depth+1)
			}
			if id, att, ok := strings.Cut(name, "."); ok {
				return t.intrinsic("Fn::GetAtt", []any{id, att}, depth+1)
			}
			return t.ref(name, depth+1)
		})
	case "Fn::Join":
		a, _ := arg.([]any)
		if len(a) != 2 {
			return "*"
		}
		sep, _ := a[0].(string)
		items, ok := a[1].([]any)
		if !ok {
			return "*"
		}
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = t.str(it, depth+1)
		}
		return strings.Join(parts, sep)
	}
	return "*"
}

// target is the template resource a Ref or Fn::GetAtt names, or nil.
func (t *tmpl) target(v any) *resource {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return nil
	}
	switch a := m["Ref"].(type) {
	case string:
		return t.resources[a]
	}
	switch a := m["Fn::GetAtt"].(type) {
	case []any:
		if len(a) > 0 {
			id, _ := a[0].(string)
			return t.resources[id]
		}
	case string:
		id, _, _ := strings.Cut(a, ".")
		return t.resources[id]
	}
	return nil
}
