package iam

import "github.com/landform/landform/internal/cfn"

// MarshalYAML gives the policy as the template writer writes it: the
// fields goccy/go-yaml would write of the struct, in its order, empty ones
// left out as omitempty says (TestPolicyYAMLAsStruct).
func (p Policy) MarshalYAML() (any, error) {
	statements := make([]any, len(p.Statement))
	for i, st := range p.Statement {
		m := cfn.NewMap().SetIf(st.Sid != "", "Sid", st.Sid).Set("Effect", st.Effect).
			SetIf(len(st.Principal) > 0, "Principal", st.Principal).
			SetIf(len(st.Action) > 0, "Action", st.Action).
			SetIf(len(st.Resource) > 0, "Resource", st.Resource).
			SetIf(len(st.Condition) > 0, "Condition", st.Condition)
		statements[i] = m
	}
	return cfn.M("Version", p.Version, "Statement", statements), nil
}
