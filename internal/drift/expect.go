package drift

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Stack is a deployed stack as drift needs it: its template as plain
// values, its parameters and the physical id of each resource.
type Stack struct {
	Name       string
	Account    string
	Region     string
	Template   any
	Parameters map[string]string
	Physical   map[string]string // logical id → physical id
}

// Expected is what the stack's template says IAM and EC2 should hold.
type Expected struct {
	Principals []*Principal
	Policies   []*ManagedPolicy
	Profiles   []*InstanceProfile
	Groups     []*SecurityGroup
	// Notes are what could not be expected: a value only CloudFormation
	// can resolve, a resource not in the stack.
	Notes []string
}

// Principal is a role, group or user of the stack.
type Principal struct {
	Kind      string // role, group, user
	LogicalID string
	Type      string
	Name      string
	Inline    map[string]any  // policy name → document
	Managed   map[string]bool // attached managed policy ARNs
	Boundary  string          // role and user
	Trust     any             // role
	Tags      map[string]string
	Groups    map[string]bool // user: the groups it is in
	Members   map[string]bool // group: its users that the stack declares
	Keys      map[string]bool // user: access key ids of the stack
	Login     bool            // user: a login profile is declared
	skip      map[string]string
}

// ManagedPolicy is a customer managed policy of the stack.
type ManagedPolicy struct {
	LogicalID string
	ARN       string
	Document  any
	// Entities are the roles, groups and users it is attached to, by
	// kind, as the template declares (its Roles/Groups/Users and their
	// ManagedPolicyArns).
	Entities map[string]map[string]bool
	skip     string
}

// InstanceProfile is an instance profile of the stack.
type InstanceProfile struct {
	LogicalID string
	Name      string
	Roles     []string
	skip      string
}

// SecurityGroup is a security group of the stack, with every rule the
// template gives it (inline and standalone).
type SecurityGroup struct {
	LogicalID string
	ID        string
	Rules     []Rule
	Tags      map[string]string
	skip      string
}

// Rule is one security-group rule.
type Rule struct {
	Egress      bool
	Protocol    string // tcp, udp, icmp, icmpv6, -1, or a number
	From, To    int32
	Peer        string // cidr:…, cidr6:…, sg:…, pl:…
	Description string
	ID          string // sgr-…, for a live rule
	LogicalID   string // the standalone resource that declares it, if any
}

// Key identifies the rule without its description.
func (r Rule) Key() string {
	dir := "ingress"
	if r.Egress {
		dir = "egress"
	}
	return fmt.Sprintf("%s %s %d-%d %s", dir, r.Protocol, r.From, r.To, r.Peer)
}

func (r Rule) String() string {
	ports := fmt.Sprintf(" %d", r.From)
	if r.To != r.From {
		ports = fmt.Sprintf(" %d-%d", r.From, r.To)
	}
	proto := r.Protocol
	if proto == "-1" {
		proto, ports = "all traffic", ""
	}
	dir, peer := "from", r.Peer
	if r.Egress {
		dir = "to"
	}
	s := fmt.Sprintf("%s %s%s %s %s", map[bool]string{false: "ingress", true: "egress"}[r.Egress], proto, ports, dir, strings.SplitN(peer, ":", 2)[1])
	if r.Description != "" {
		s += fmt.Sprintf(" (%q)", r.Description)
	}
	return s
}

// Expect reads the stack's template. Resources CloudFormation has no
// physical id for are left to CloudFormation's own drift.
func Expect(st Stack) *Expected {
	root, _ := st.Template.(map[string]any)
	resources, _ := root["Resources"].(map[string]any)
	r := &resolver{st: st, types: map[string]string{}, props: map[string]map[string]any{}}
	ids := make([]string, 0, len(resources))
	for id, v := range resources {
		res, _ := v.(map[string]any)
		typ, _ := res["Type"].(string)
		p, _ := res["Properties"].(map[string]any)
		if p == nil {
			p = map[string]any{}
		}
		r.types[id], r.props[id] = typ, p
		ids = append(ids, id)
	}
	sort.Strings(ids)
	e := &Expected{}
	byName := map[string]*Principal{}
	policies := map[string]*ManagedPolicy{}
	groups := map[string]*SecurityGroup{}
	for _, id := range ids {
		typ, p := r.types[id], r.props[id]
		phys := st.Physical[id]
		kind := principalKinds[typ]
		switch {
		case kind != "":
			if phys == "" {
				continue
			}
			pr := &Principal{Kind: kind, LogicalID: id, Type: typ, Name: phys, Inline: map[string]any{}, Managed: map[string]bool{},
				Tags: map[string]string{}, Groups: map[string]bool{}, Members: map[string]bool{}, Keys: map[string]bool{}, skip: map[string]string{}}
			r.principal(pr, p)
			e.Principals = append(e.Principals, pr)
			byName[kind+"/"+phys] = pr
		case typ == "AWS::IAM::ManagedPolicy" && phys != "":
			mp := &ManagedPolicy{LogicalID: id, ARN: r.policyARN(id), Entities: map[string]map[string]bool{"role": {}, "group": {}, "user": {}}}
			doc, err := r.value(p["PolicyDocument"])
			if err != nil {
				mp.skip = err.Error()
			}
			mp.Document = doc
			e.Policies = append(e.Policies, mp)
			policies[id] = mp
		case typ == "AWS::IAM::InstanceProfile" && phys != "":
			ip := &InstanceProfile{LogicalID: id, Name: phys}
			roles, err := r.strs(p["Roles"])
			if err != nil {
				ip.skip = err.Error()
			}
			ip.Roles = roles
			e.Profiles = append(e.Profiles, ip)
		case typ == "AWS::EC2::SecurityGroup" && phys != "":
			sg := &SecurityGroup{LogicalID: id, ID: phys, Tags: map[string]string{}}
			if err := r.tags(p["Tags"], sg.Tags); err != nil {
				sg.skip = err.Error()
			}
			for _, dir := range []string{"SecurityGroupIngress", "SecurityGroupEgress"} {
				list, _ := p[dir].([]any)
				for _, item := range list {
					rm, _ := item.(map[string]any)
					rule, err := r.rule(rm, dir == "SecurityGroupEgress", "")
					if err != nil {
						sg.skip = err.Error()
						continue
					}
					sg.Rules = append(sg.Rules, rule)
				}
			}
			e.Groups = append(e.Groups, sg)
			groups[phys] = sg
		}
	}
	// Resources that give permissions to, or rules for, another resource.
	for _, id := range ids {
		typ, p := r.types[id], r.props[id]
		switch typ {
		case "AWS::IAM::ManagedPolicy":
			mp := policies[id]
			if mp == nil {
				continue
			}
			for _, kind := range []string{"role", "group", "user"} {
				names, err := r.strs(p[plural[kind]])
				if err != nil {
					e.note(id, err)
					continue
				}
				for _, n := range names {
					mp.Entities[kind][n] = true
					if pr := byName[kind+"/"+n]; pr != nil {
						pr.Managed[mp.ARN] = true
					}
				}
			}
		case "AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::GroupPolicy", "AWS::IAM::UserPolicy":
			name, err := r.str(p["PolicyName"])
			doc, err2 := r.value(p["PolicyDocument"])
			targets := map[string][]string{}
			if typ == "AWS::IAM::Policy" {
				for _, kind := range []string{"role", "group", "user"} {
					names, e3 := r.strs(p[plural[kind]])
					err = firstErr(err, e3)
					targets[kind] = names
				}
			} else {
				kind := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(typ, "AWS::IAM::"), "Policy"))
				n, e3 := r.str(p[strings.ToUpper(kind[:1])+kind[1:]+"Name"])
				err = firstErr(err, e3)
				targets[kind] = []string{n}
			}
			for kind, names := range targets {
				for _, n := range names {
					pr := byName[kind+"/"+n]
					if pr == nil {
						continue
					}
					if err = firstErr(err, err2); err != nil {
						pr.skip["inline"] = err.Error()
						continue
					}
					pr.Inline[name] = doc
				}
			}
		case "AWS::IAM::UserToGroupAddition":
			g, err := r.str(p["GroupName"])
			users, err2 := r.strs(p["Users"])
			if err = firstErr(err, err2); err != nil {
				e.note(id, err)
				continue
			}
			for _, u := range users {
				if pr := byName["group/"+g]; pr != nil {
					pr.Members[u] = true
				}
				if pr := byName["user/"+u]; pr != nil {
					pr.Groups[g] = true
				}
			}
		case "AWS::IAM::AccessKey":
			u, err := r.str(p["UserName"])
			if err != nil {
				e.note(id, err)
				continue
			}
			if pr := byName["user/"+u]; pr != nil && st.Physical[id] != "" {
				pr.Keys[st.Physical[id]] = true
			}
		case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
			gid, err := r.str(p["GroupId"])
			if err != nil {
				e.note(id, err)
				continue
			}
			sg := groups[gid]
			if sg == nil {
				continue // a rule on a group of another stack
			}
			rule, err := r.rule(p, typ == "AWS::EC2::SecurityGroupEgress", id)
			if err != nil {
				sg.skip = err.Error()
				continue
			}
			sg.Rules = append(sg.Rules, rule)
		}
	}
	// A user's groups make the group's members; ManagedPolicyArns make the
	// policy's entities.
	for _, pr := range e.Principals {
		if pr.Kind == "user" {
			for g := range pr.Groups {
				if gp := byName["group/"+g]; gp != nil {
					gp.Members[pr.Name] = true
				}
			}
		}
		for arn := range pr.Managed {
			for _, mp := range e.Policies {
				if mp.ARN == arn {
					mp.Entities[pr.Kind][pr.Name] = true
				}
			}
		}
	}
	// A group given no egress rule keeps EC2's default: all traffic to anywhere.
	for _, sg := range e.Groups {
		egress := false
		for _, rl := range sg.Rules {
			egress = egress || rl.Egress
		}
		if !egress {
			sg.Rules = append(sg.Rules, Rule{Egress: true, Protocol: "-1", From: -1, To: -1, Peer: "cidr:0.0.0.0/0"})
		}
	}
	return e
}

func (e *Expected) note(id string, err error) {
	e.Notes = append(e.Notes, fmt.Sprintf("%s: not compared: %v", id, err))
}

var principalKinds = map[string]string{"AWS::IAM::Role": "role", "AWS::IAM::Group": "group", "AWS::IAM::User": "user"}

var plural = map[string]string{"role": "Roles", "group": "Groups", "user": "Users"}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) principal(pr *Principal, p map[string]any) {
	set := func(aspect string, err error) {
		if err != nil {
			pr.skip[aspect] = err.Error()
		}
	}
	for _, item := range asList(p["Policies"]) {
		m, _ := item.(map[string]any)
		name, err := r.str(m["PolicyName"])
		doc, err2 := r.value(m["PolicyDocument"])
		if err = firstErr(err, err2); err != nil {
			set("inline", err)
			continue
		}
		pr.Inline[name] = doc
	}
	arns, err := r.strs(p["ManagedPolicyArns"])
	set("managed", err)
	for _, a := range arns {
		pr.Managed[a] = true
	}
	if b, ok := p["PermissionsBoundary"]; ok {
		pr.Boundary, err = r.str(b)
		set("boundary", err)
	}
	if t, ok := p["AssumeRolePolicyDocument"]; ok {
		pr.Trust, err = r.value(t)
		set("trust", err)
	}
	set("tags", r.tags(p["Tags"], pr.Tags))
	if pr.Kind == "user" {
		gs, err := r.strs(p["Groups"])
		set("groups", err)
		for _, g := range gs {
			pr.Groups[g] = true
		}
		_, pr.Login = p["LoginProfile"]
	}
}

func (r *resolver) tags(v any, into map[string]string) error {
	for _, item := range asList(v) {
		m, _ := item.(map[string]any)
		k, err := r.str(m["Key"])
		if err != nil {
			return err
		}
		val, err := r.str(m["Value"])
		if err != nil {
			return err
		}
		into[k] = val
	}
	return nil
}

var protocolNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

func protocol(s string) string {
	s = strings.ToLower(s)
	if n, ok := protocolNames[s]; ok {
		return n
	}
	return s
}

// rule reads one rule of a template: inline, or a standalone resource.
func (r *resolver) rule(m map[string]any, egress bool, logicalID string) (Rule, error) {
	v, err := r.value(m)
	if err != nil {
		return Rule{}, err
	}
	m, _ = v.(map[string]any)
	rule := Rule{Egress: egress, Protocol: protocol(scalar(m["IpProtocol"])), From: -1, To: -1, LogicalID: logicalID}
	rule.Description = scalar(m["Description"])
	if rule.Protocol != "-1" {
		if f, err := strconv.Atoi(scalar(m["FromPort"])); err == nil {
			rule.From = int32(f)
		}
		if t, err := strconv.Atoi(scalar(m["ToPort"])); err == nil {
			rule.To = int32(t)
		}
	}
	for _, peer := range []struct{ field, prefix string }{
		{"CidrIp", "cidr:"}, {"CidrIpv6", "cidr6:"}, {"SourceSecurityGroupId", "sg:"}, {"DestinationSecurityGroupId", "sg:"},
		{"SourcePrefixListId", "pl:"}, {"DestinationPrefixListId", "pl:"},
	} {
		if s := scalar(m[peer.field]); s != "" {
			rule.Peer = peer.prefix + s
		}
	}
	if rule.Peer == "" {
		return rule, fmt.Errorf("a rule with no peer this check reads (SourceSecurityGroupName?)")
	}
	return rule, nil
}
