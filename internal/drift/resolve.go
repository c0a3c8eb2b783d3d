package drift

import (
	"fmt"
	"regexp"
	"strings"
)

// resolver evaluates the intrinsics of a deployed template with the
// stack's physical ids: Ref, Fn::GetAtt (Arn, GroupId), Fn::Sub, Fn::Join
// and the pseudo parameters. Anything else cannot be known without
// CloudFormation, and what depends on it is not compared.
type resolver struct {
	st    Stack
	types map[string]string
	props map[string]map[string]any
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	return fmt.Sprint(v)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func (r *resolver) path(id string) string {
	if s, ok := r.props[id]["Path"].(string); ok && s != "" {
		return s
	}
	return "/"
}

func (r *resolver) policyARN(id string) string {
	phys := r.st.Physical[id]
	if strings.HasPrefix(phys, "arn:") {
		return phys
	}
	return "arn:aws:iam::" + r.st.Account + ":policy" + r.path(id) + phys
}

func (r *resolver) ref(name string) (any, error) {
	switch name {
	case "AWS::AccountId":
		return r.st.Account, nil
	case "AWS::Region":
		return r.st.Region, nil
	case "AWS::Partition":
		return "aws", nil
	case "AWS::URLSuffix":
		return "amazonaws.com", nil
	case "AWS::StackName":
		return r.st.Name, nil
	}
	if v, ok := r.st.Parameters[name]; ok {
		return v, nil
	}
	if r.types[name] == "AWS::IAM::ManagedPolicy" {
		return r.policyARN(name), nil
	}
	if v := r.st.Physical[name]; v != "" {
		return v, nil
	}
	return nil, fmt.Errorf("no value in the stack for Ref %s", name)
}

func (r *resolver) getAtt(id, attr string) (string, error) {
	phys := r.st.Physical[id]
	if phys == "" {
		return "", fmt.Errorf("Fn::GetAtt %s.%s: %s is not in the stack", id, attr, id)
	}
	kinds := map[string]string{"AWS::IAM::Role": "role", "AWS::IAM::Group": "group", "AWS::IAM::User": "user", "AWS::IAM::InstanceProfile": "instance-profile"}
	switch {
	case attr == "Arn" && kinds[r.types[id]] != "":
		return "arn:aws:iam::" + r.st.Account + ":" + kinds[r.types[id]] + r.path(id) + phys, nil
	case attr == "Arn" && r.types[id] == "AWS::IAM::ManagedPolicy":
		return r.policyARN(id), nil
	case attr == "GroupId" && r.types[id] == "AWS::EC2::SecurityGroup":
		return phys, nil
	case attr == "Id" && strings.HasPrefix(r.types[id], "AWS::EC2::SecurityGroup"):
		return phys, nil
	}
	return "", fmt.Errorf("Fn::GetAtt %s.%s is only known to CloudFormation", id, attr)
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// value resolves every intrinsic inside v.
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
						for _, p := range a {
							parts = append(parts, scalar(p))
						}
					}
					if len(parts) != 2 {
						return nil, fmt.Errorf("Fn::GetAtt %v is not Resource.Attribute", arg)
					}
					return r.getAtt(parts[0], parts[1])
				case "Fn::Sub":
					return r.sub(arg)
				case "Fn::Join":
					a, _ := arg.([]any)
					if len(a) != 2 {
						return nil, fmt.Errorf("Fn::Join takes [delimiter, list]")
					}
					list, err := r.value(a[1])
					if err != nil {
						return nil, err
					}
					var parts []string
					for _, it := range asList(list) {
						parts = append(parts, scalar(it))
					}
					return strings.Join(parts, scalar(a[0])), nil
				}
				if strings.HasPrefix(k, "Fn::") {
					return nil, fmt.Errorf("%s is only known to CloudFormation", k)
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
	}
	return v, nil
}

func (r *resolver) sub(arg any) (any, error) {
	text, vars := "", map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) != 2 {
			return nil, fmt.Errorf("Fn::Sub takes a string or [string, variables]")
		}
		text = scalar(a[0])
		vars, _ = a[1].(map[string]any)
	}
	var err error
	out := subVar.ReplaceAllStringFunc(text, func(m string) string {
		name := strings.TrimSpace(m[2 : len(m)-1])
		var v any
		var e error
		if val, ok := vars[name]; ok {
			v, e = r.value(val)
		} else if id, attr, ok := strings.Cut(name, "."); ok {
			v, e = r.getAtt(id, attr)
		} else {
			v, e = r.ref(name)
		}
		if e != nil {
			err = e
			return m
		}
		return scalar(v)
	})
	if err != nil {
		return nil, err
	}
	return strings.ReplaceAll(out, "${!", "${"), nil
}

func (r *resolver) str(v any) (string, error) {
	rv, err := r.value(v)
	if err != nil {
		return "", err
	}
	return scalar(rv), nil
}

func (r *resolver) strs(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	rv, err := r.value(v)
	if err != nil {
		return nil, err
	}
	if l, ok := rv.([]any); ok {
		out := make([]string, 0, len(l))
		for _, e := range l {
			out = append(out, scalar(e))
		}
		return out, nil
	}
	return []string{scalar(rv)}, nil
}
