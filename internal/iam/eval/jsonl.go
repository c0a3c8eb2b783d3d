package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Case is one line of the `landform access eval` format: the policies that
// apply to a request and the request. Policies stay raw until Compile.
type Case struct {
	ID                   string              `json:"id"`
	IdentityPolicies     []json.RawMessage   `json:"identityPolicies,omitempty"`
	ResourcePolicy       json.RawMessage     `json:"resourcePolicy,omitempty"`
	PermissionBoundaries []json.RawMessage   `json:"permissionBoundaries,omitempty"`
	SessionPolicy        json.RawMessage     `json:"sessionPolicy,omitempty"`
	SCPs                 []json.RawMessage   `json:"scps,omitempty"`
	SCPLevels            [][]json.RawMessage `json:"scpLevels,omitempty"`
	RCPs                 []json.RawMessage   `json:"rcps,omitempty"`
	RCPLevels            [][]json.RawMessage `json:"rcpLevels,omitempty"`
	Request              CaseRequest         `json:"request"`
}

// CaseRequest is the request of a Case.
type CaseRequest struct {
	Principal string `json:"principal"`
	Action    string `json:"action"`
	Resource  struct {
		Resource  string `json:"resource"`
		AccountID string `json:"accountId"`
	} `json:"resource"`
	ContextVariables map[string]any `json:"contextVariables,omitempty"`
}

// DecodeCase reads one line.
func DecodeCase(line []byte) (*Case, error) {
	var c Case
	if err := json.Unmarshal(line, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

func absent(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

// Request builds the engine's request.
func (c *Case) NewRequest() (*Request, error) {
	r := &Request{
		Principal:       c.Request.Principal,
		Action:          c.Request.Action,
		Resource:        c.Request.Resource.Resource,
		ResourceAccount: c.Request.Resource.AccountID,
	}
	for k, v := range c.Request.ContextVariables {
		switch x := v.(type) {
		case string:
			r.Context.Set(k, x)
		case []any:
			vals := make([]string, 0, len(x))
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("context key %s: values must be strings", k)
				}
				vals = append(vals, s)
			}
			r.Context.SetMulti(k, vals...)
		case bool:
			r.Context.Set(k, strconv.FormatBool(x))
		case float64:
			r.Context.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
		default:
			return nil, fmt.Errorf("context key %s: a value is a string or a list of strings", k)
		}
	}
	return r, nil
}

// Compile validates and compiles every policy of the case into a Set.
func (c *Case) Compile() (*Set, error) {
	s := &Set{}
	for i, raw := range c.IdentityPolicies {
		p, err := Compile(raw, Identity, "identity["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		s.Identity = append(s.Identity, p)
	}
	if !absent(c.ResourcePolicy) {
		p, err := Compile(c.ResourcePolicy, Resource, "resource")
		if err != nil {
			return nil, err
		}
		s.Resource = p
	}
	for i, raw := range c.PermissionBoundaries {
		p, err := Compile(raw, Boundary, "boundary["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		s.Boundaries = append(s.Boundaries, p)
	}
	if !absent(c.SessionPolicy) {
		p, err := Compile(c.SessionPolicy, Session, "session")
		if err != nil {
			return nil, err
		}
		s.Session = p
	}
	levels := func(kind Kind, one []json.RawMessage, many [][]json.RawMessage) ([][]*Policy, error) {
		if one != nil {
			many = append([][]json.RawMessage{one}, many...)
		}
		var out [][]*Policy
		for l, level := range many {
			var ps []*Policy
			for i, raw := range level {
				p, err := Compile(raw, kind, kind.String()+"["+strconv.Itoa(l)+"]["+strconv.Itoa(i)+"]")
				if err != nil {
					return nil, err
				}
				ps = append(ps, p)
			}
			out = append(out, ps)
		}
		return out, nil
	}
	var err error
	if s.SCPs, err = levels(SCP, c.SCPs, c.SCPLevels); err != nil {
		return nil, err
	}
	if s.RCPs, err = levels(RCP, c.RCPs, c.RCPLevels); err != nil {
		return nil, err
	}
	return s, nil
}

// Decide compiles the case and evaluates its request with ev.
func (c *Case) Decide(ev *Evaluator) (*Decision, error) {
	set, err := c.Compile()
	if err != nil {
		return nil, err
	}
	req, err := c.NewRequest()
	if err != nil {
		return nil, err
	}
	return ev.Evaluate(set, req), nil
}

// Outcome is one output line of `landform access eval`.
type Outcome struct {
	ID     string `json:"id"`
	Result string `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}
