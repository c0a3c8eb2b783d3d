package principals

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// unresolvedPrefix marks a value the model could not resolve. In an Allow
// statement it matches nothing (the model never invents an allow); in a Deny
// statement the resolver puts "*" instead (an unknown deny is taken to deny
// everything it could).
const unresolvedPrefix = "landform-unresolved:"

// resolver evaluates CloudFormation intrinsics of one template: Ref,
// Fn::GetAtt (…Arn), Fn::Sub, Fn::Join, and the pseudo parameters.
type resolver struct {
	src    *Source
	refs   map[string]string // logical id → value of Ref
	arns   map[string]string // logical id → value of Fn::GetAtt X.Arn
	params map[string]any    // parameter defaults
}

type unresolved struct{ what string }

func (u *unresolved) Error() string { return u.what }

func (r *resolver) pseudo(name string) (string, bool) {
	switch name {
	case "AWS::AccountId":
		return r.src.Account, true
	case "AWS::Region":
		return r.region(), true
	case "AWS::Partition":
		return "aws", true
	case "AWS::URLSuffix":
		return "amazonaws.com", true
	}
	return "", false
}

func (r *resolver) region() string {
	if r.src.Region == "" {
		return "us-east-1"
	}
	return r.src.Region
}

func (r *resolver) ref(name string) (any, error) {
	if v, ok := r.pseudo(name); ok {
		return v, nil
	}
	if v, ok := r.refs[name]; ok {
		return v, nil
	}
	if v, ok := r.params[name]; ok {
		return r.value(v)
	}
	return nil, &unresolved{"Ref " + name}
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// value resolves every intrinsic inside v. An intrinsic it cannot resolve is
// an *unresolved error naming it.
func (r *resolver) value(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				switch k {
				case "Ref":
					s, _ := arg.(string)
					return r.ref(s)
				case "Fn::GetAtt":
					var parts []string
					switch a := arg.(type) {
					case string:
						parts = strings.SplitN(a, ".", 2)
					case []any:
						for _, e := range a {
							s, _ := e.(string)
							parts = append(parts, s)
						}
					}
					if len(parts) == 2 && parts[1] == "Arn" {
						if arn, ok := r.arns[parts[0]]; ok {
							return arn, nil
						}
					}
					return nil, &unresolved{fmt.Sprintf("Fn::GetAtt %v", arg)}
				case "Fn::Sub":
					return r.sub(arg)
				case "Fn::Join":
					a, _ := arg.([]any)
					if len(a) != 2 {
						return nil, &unresolved{"Fn::Join"}
					}
					sep, _ := a[0].(string)
					list, err := r.value(a[1])
					if err != nil {
						return nil, err
					}
					items, _ := list.([]any)
					var parts []string
					for _, it := range items {
						s, ok := it.(string)
						if !ok {
							return nil, &unresolved{"Fn::Join of a non-string"}
						}
						parts = append(parts, s)
					}
					return strings.Join(parts, sep), nil
				}
				if strings.HasPrefix(k, "Fn::") {
					return nil, &unresolved{k}
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			rv, err := r.value(e)
			if err != nil {
				return nil, err
			}
			out[k] = rv
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if m, ok := e.(map[string]any); ok && len(m) == 1 && m["Ref"] == "AWS::NoValue" {
				continue
			}
			rv, err := r.value(e)
			if err != nil {
				return nil, err
			}
			out = append(out, rv)
		}
		return out, nil
	case int:
		return json.Number(strconv.Itoa(x)), nil
	case int64:
		return json.Number(strconv.FormatInt(x, 10)), nil
	case uint64:
		return json.Number(strconv.FormatUint(x, 10)), nil
	case float64:
		return json.Number(strconv.FormatFloat(x, 'f', -1, 64)), nil
	}
	return v, nil
}

func (r *resolver) sub(arg any) (any, error) {
	var text string
	vars := map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) != 2 {
			return nil, &unresolved{"Fn::Sub"}
		}
		text, _ = a[0].(string)
		if m, ok := a[1].(map[string]any); ok {
			vars = m
		}
	default:
		return nil, &unresolved{"Fn::Sub"}
	}
	var err error
	out := subVar.ReplaceAllStringFunc(text, func(m string) string {
		name := m[2 : len(m)-1]
		if v, ok := vars[name]; ok {
			rv, e := r.value(v)
			if s, ok := rv.(string); ok && e == nil {
				return s
			}
			err = &unresolved{"Fn::Sub ${" + name + "}"}
			return m
		}
		if lid, ok := strings.CutSuffix(name, ".Arn"); ok {
			if arn, ok := r.arns[lid]; ok {
				return arn
			}
		}
		v, e := r.ref(name)
		if s, ok := v.(string); ok && e == nil {
			return s
		}
		err = &unresolved{"Fn::Sub ${" + name + "}"}
		return m
	})
	if err != nil {
		return nil, err
	}
	return strings.ReplaceAll(out, "${!", "${"), nil
}

// policy resolves a policy document statement by statement: an intrinsic
// that cannot be resolved becomes a value that matches nothing in an Allow
// statement and "*" in a Deny statement, with a warning.
func (r *resolver) policy(doc any, warn func(string)) any {
	m, ok := doc.(map[string]any)
	if !ok {
		v, err := r.value(doc)
		if err != nil {
			warn(err.Error())
		}
		return v
	}
	out := map[string]any{}
	for k, v := range m {
		if k != "Statement" {
			rv, err := r.value(v)
			if err != nil {
				warn(err.Error())
			}
			out[k] = rv
			continue
		}
		var stmts []any
		switch s := v.(type) {
		case []any:
			stmts = s
		default:
			stmts = []any{s}
		}
		var rs []any
		for _, st := range stmts {
			sm, ok := st.(map[string]any)
			if !ok {
				rs = append(rs, st)
				continue
			}
			deny := sm["Effect"] == "Deny"
			ns := map[string]any{}
			for sk, sv := range sm {
				ns[sk] = r.lenient(sv, deny, warn)
			}
			rs = append(rs, ns)
		}
		out[k] = rs
	}
	return out
}

func (r *resolver) lenient(v any, deny bool, warn func(string)) any {
	rv, err := r.value(v)
	if err == nil {
		return rv
	}
	if _, ok := err.(*unresolved); !ok {
		warn(err.Error())
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if isIntrinsic(x) {
			warn(fmt.Sprintf("cannot resolve %s; taken as matching %s", err.Error(), map[bool]string{true: "everything (Deny)", false: "nothing (Allow)"}[deny]))
			if deny {
				return "*"
			}
			return unresolvedPrefix + err.Error()
		}
		out := map[string]any{}
		for k, e := range x {
			out[k] = r.lenient(e, deny, warn)
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			out = append(out, r.lenient(e, deny, warn))
		}
		return out
	}
	return v
}

func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

// str resolves v to one string.
func (r *resolver) str(v any) (string, error) {
	rv, err := r.value(v)
	if err != nil {
		return "", err
	}
	s, ok := rv.(string)
	if !ok {
		return "", fmt.Errorf("expected a string, got %T", rv)
	}
	return s, nil
}

// strs resolves v to a list of strings (a single string is a list of one).
func (r *resolver) strs(v any) ([]string, error) {
	rv, err := r.value(v)
	if err != nil {
		return nil, err
	}
	switch x := rv.(type) {
	case string:
		return []string{x}, nil
	case []any:
		var out []string
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("expected strings, got %T", e)
			}
			out = append(out, s)
		}
		return out, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("expected a string or a list, got %T", rv)
}
