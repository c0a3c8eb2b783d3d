package drift

import (
	"context"
	"fmt"
)

// Check compares everything Expect found with IAM and EC2. An aspect the
// template leaves to CloudFormation (a value it alone can resolve) is a
// note, not a finding.
func Check(ctx context.Context, c Clients, stackName string, e *Expected) (*Report, error) {
	r := &Report{Stack: stackName, Findings: []Finding{}, Notes: append([]string(nil), e.Notes...)}
	names := map[string]bool{}
	for _, p := range e.Principals {
		names[p.Kind+"/"+p.Name] = true
	}
	inStack := func(kind, name string) bool { return names[kind+"/"+name] }
	add := func(fs []Finding, err error) error {
		r.Findings = append(r.Findings, fs...)
		r.Checked++
		return err
	}
	for _, p := range e.Principals {
		for aspect, why := range p.skip {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: %s not compared: %s", p.LogicalID, aspect, why))
		}
		if err := add(principal(ctx, c, p, inStack)); err != nil {
			return nil, err
		}
	}
	for _, mp := range e.Policies {
		if mp.skip != "" {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: document not compared: %s", mp.LogicalID, mp.skip))
		}
		if err := add(managedPolicy(ctx, c, mp, inStack)); err != nil {
			return nil, err
		}
	}
	for _, ip := range e.Profiles {
		if ip.skip != "" {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: not compared: %s", ip.LogicalID, ip.skip))
			continue
		}
		if err := add(instanceProfile(ctx, c, ip)); err != nil {
			return nil, err
		}
	}
	for _, sg := range e.Groups {
		if sg.skip != "" {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: not compared: %s", sg.LogicalID, sg.skip))
			continue
		}
		if err := add(securityGroup(ctx, c, sg)); err != nil {
			return nil, err
		}
	}
	r.sort()
	return r, nil
}
