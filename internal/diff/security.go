package diff

import (
	"fmt"
	"sort"
	"strings"
)

// Impact is one change that matters to security.
type Impact struct {
	Severity  string `json:"severity"` // error (a new privilege-escalation path), high, medium or low
	LogicalID string `json:"logical_id"`
	Type      string `json:"type"`
	// Kind is what happened: iam-allow-added, iam-deny-removed,
	// managed-policy-attached, trust-policy-changed, sg-ingress-opened,
	// sg-egress-opened.
	Kind   string `json:"kind"`
	Policy string `json:"policy,omitempty"` // the policy's name or property
	Detail string `json:"detail"`
}

// Severities, most severe first.
var severityRank = map[string]int{"error": 0, "high": 1, "medium": 2, "low": 3}

func security(oldRes, newRes map[string]any) []Impact {
	var out []Impact
	for _, id := range sortedKeys(newRes) {
		nr := asMap(newRes[id])
		or := asMap(oldRes[id])
		typ := str(nr["Type"])
		out = append(out, policyImpacts(id, typ, documents(or), documents(nr))...)
		out = append(out, attachmentImpacts(id, typ, or, nr, newRes)...)
		out = append(out, trustImpacts(id, typ, or, nr)...)
		out = append(out, ruleImpacts(id, typ, or, nr)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := severityRank[out[i].Severity], severityRank[out[j].Severity]; a != b {
			return a < b
		}
		return out[i].LogicalID < out[j].LogicalID
	})
	return out
}

// documents returns the permission policies of a resource by name: the
// document of a managed or inline policy resource, the inline policies of a
// role, group or user, and resource policies (bucket, key, queue …).
func documents(r map[string]any) map[string]any {
	props := asMap(r["Properties"])
	docs := map[string]any{}
	for _, p := range asSlice(props["Policies"]) {
		pm := asMap(p)
		docs[str(pm["PolicyName"])] = pm["PolicyDocument"]
	}
	for _, name := range []string{"PolicyDocument", "KeyPolicy", "RepositoryPolicyText"} {
		if d, ok := props[name]; ok {
			docs[name] = d
		}
	}
	return docs
}

// grant is one permission a statement gives or takes: an action on a
// resource, for a principal, under conditions.
type grant struct {
	stmt, effect, action, resource, principal, condition string
}

func grants(doc any) map[grant]bool {
	out := map[grant]bool{}
	stmts := asSlice(asMap(doc)["Statement"])
	if m := asMap(asMap(doc)["Statement"]); m != nil { // a single statement object
		stmts = []any{m}
	}
	for i, s := range stmts {
		sm := asMap(s)
		sid := str(sm["Sid"])
		if sid == "" {
			sid = fmt.Sprintf("statement %d", i+1)
		}
		g := grant{stmt: sid, effect: str(sm["Effect"])}
		if p, ok := sm["Principal"]; ok {
			g.principal = compact(p)
		}
		if p, ok := sm["NotPrincipal"]; ok {
			g.principal = "not " + compact(p)
		}
		if c, ok := sm["Condition"]; ok {
			g.condition = compact(c)
		}
		actions, notAction := strList(sm["Action"]), false
		if _, ok := sm["NotAction"]; ok {
			actions, notAction = strList(sm["NotAction"]), true
		}
		resources, notResource := strList(sm["Resource"]), false
		if _, ok := sm["NotResource"]; ok {
			resources, notResource = strList(sm["NotResource"]), true
		}
		if len(resources) == 0 {
			resources = []string{""}
		}
		for _, a := range actions {
			for _, r := range resources {
				g := g
				g.action, g.resource = strings.ToLower(a), r
				if notAction {
					g.action = "every action but " + g.action
				}
				if notResource && r != "" {
					g.resource = "every resource but " + r
				}
				out[g] = true
			}
		}
	}
	return out
}

func policyImpacts(id, typ string, old, new map[string]any) []Impact {
	var out []Impact
	for _, name := range union(old, new) {
		og, ng := grants(old[name]), grants(new[name])
		// More is allowed when an Allow appears or a Deny disappears.
		added := groupGrants(ng, og, "Allow")
		removedDenies := groupGrants(og, ng, "Deny")
		for _, g := range added {
			out = append(out, Impact{Severity: allowSeverity(g), LogicalID: id, Type: typ, Kind: "iam-allow-added", Policy: name,
				Detail: describeGroup("allows", g)})
		}
		for _, g := range removedDenies {
			out = append(out, Impact{Severity: "medium", LogicalID: id, Type: typ, Kind: "iam-deny-removed", Policy: name,
				Detail: describeGroup("no longer denies", g)})
		}
	}
	return out
}

// grantGroup gathers the grants of one statement that changed.
type grantGroup struct {
	stmt, principal, condition string
	actions, resources         []string
}

// groupGrants returns the grants of effect in a but not in b, by statement.
func groupGrants(a, b map[grant]bool, effect string) []grantGroup {
	// The same permission from another statement (a statement renamed or
	// split) is not a change.
	inB := map[grant]bool{}
	for g := range b {
		g.stmt = ""
		inB[g] = true
	}
	byStmt := map[string]*grantGroup{}
	var order []string
	for g := range a {
		bare := g
		bare.stmt = ""
		if g.effect != effect || inB[bare] {
			continue
		}
		key := g.stmt + "\x00" + g.principal + "\x00" + g.condition
		gg := byStmt[key]
		if gg == nil {
			gg = &grantGroup{stmt: g.stmt, principal: g.principal, condition: g.condition}
			byStmt[key] = gg
			order = append(order, key)
		}
		gg.actions = appendUnique(gg.actions, g.action)
		gg.resources = appendUnique(gg.resources, g.resource)
	}
	sort.Strings(order)
	out := make([]grantGroup, 0, len(order))
	for _, k := range order {
		g := byStmt[k]
		sort.Strings(g.actions)
		sort.Strings(g.resources)
		out = append(out, *g)
	}
	return out
}

func describeGroup(verb string, g grantGroup) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s", g.stmt, verb, strings.Join(g.actions, ", "))
	if len(g.resources) > 1 || (len(g.resources) == 1 && g.resources[0] != "") { // a trust policy names no resource
		fmt.Fprintf(&b, " on %s", strings.Join(g.resources, ", "))
	}
	if g.principal != "" {
		fmt.Fprintf(&b, " to %s", g.principal)
	}
	if g.condition != "" {
		fmt.Fprintf(&b, " when %s", g.condition)
	}
	return b.String()
}

// allowSeverity is high for grants that are broad or lead to privilege
// escalation (wildcard actions, iam:PassRole and the IAM writes that change
// permissions), medium otherwise.
func allowSeverity(g grantGroup) string {
	for _, a := range g.actions {
		if a == "*" || strings.HasSuffix(a, ":*") || strings.HasPrefix(a, "every action") {
			return "high"
		}
		switch a {
		case "iam:passrole", "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:attachrolepolicy",
			"iam:attachuserpolicy", "iam:attachgrouppolicy", "iam:putrolepolicy", "iam:putuserpolicy",
			"iam:putgrouppolicy", "iam:updateassumerolepolicy", "iam:createaccesskey", "iam:addusertogroup",
			"sts:assumerole":
			return "high"
		}
	}
	return "medium"
}

func attachmentImpacts(id, typ string, or, nr map[string]any, resources map[string]any) []Impact {
	oldARNs := map[string]bool{}
	for _, a := range asSlice(asMap(or["Properties"])["ManagedPolicyArns"]) {
		oldARNs[compact(a)] = true
	}
	var out []Impact
	for _, a := range asSlice(asMap(nr["Properties"])["ManagedPolicyArns"]) {
		arn := compact(a)
		if oldARNs[arn] {
			continue
		}
		imp := Impact{Severity: "medium", LogicalID: id, Type: typ, Kind: "managed-policy-attached", Detail: "attaches " + arn}
		for _, broad := range []string{"/AdministratorAccess", "/IAMFullAccess", "/PowerUserAccess"} {
			if strings.HasSuffix(arn, broad) {
				imp.Severity = "high"
			}
		}
		// A policy of the same template: say what it grants.
		if ref := str(asMap(a)["Ref"]); ref != "" {
			if p := asMap(resources[ref]); str(p["Type"]) == "AWS::IAM::ManagedPolicy" {
				props := asMap(p["Properties"])
				actions, resources := map[string]bool{}, map[string]bool{}
				var groups []grantGroup
				for g := range grants(props["PolicyDocument"]) {
					if g.effect == "Allow" {
						actions[g.action], resources[g.resource] = true, true
						groups = append(groups, grantGroup{actions: []string{g.action}})
					}
				}
				for _, g := range groups {
					if allowSeverity(g) == "high" {
						imp.Severity = "high"
					}
				}
				name := str(props["ManagedPolicyName"])
				if name == "" {
					name = "a generated name"
				}
				imp.Detail = fmt.Sprintf("attaches %s (%s): allows %d actions on %d resources", ref, name, len(actions), len(resources))
			}
		}
		out = append(out, imp)
	}
	return out
}

func trustImpacts(id, typ string, or, nr map[string]any) []Impact {
	const prop = "AssumeRolePolicyDocument"
	nd, ok := asMap(nr["Properties"])[prop]
	if !ok {
		return nil
	}
	od := asMap(or["Properties"])[prop]
	if or != nil && compact(norm(od)) == compact(norm(nd)) {
		return nil
	}
	var out []Impact
	for _, g := range groupGrants(grants(nd), grants(od), "Allow") {
		sev := "medium"
		if strings.Contains(g.principal, `"*"`) && g.condition == "" {
			sev = "high"
		}
		out = append(out, Impact{Severity: sev, LogicalID: id, Type: typ, Kind: "trust-policy-changed", Policy: prop,
			Detail: fmt.Sprintf("%s: %s may now %s", g.stmt, orAnyone(g.principal), strings.Join(g.actions, ", ")) + when(g.condition)})
	}
	for _, g := range groupGrants(grants(od), grants(nd), "Allow") {
		out = append(out, Impact{Severity: "low", LogicalID: id, Type: typ, Kind: "trust-policy-changed", Policy: prop,
			Detail: fmt.Sprintf("%s: %s may no longer %s", g.stmt, orAnyone(g.principal), strings.Join(g.actions, ", ")) + when(g.condition)})
	}
	return out
}

func orAnyone(p string) string {
	if p == "" {
		return "anyone"
	}
	return p
}

func when(c string) string {
	if c == "" {
		return ""
	}
	return " when " + c
}

// ruleImpacts reports security-group rules that exist in the new template
// and not in the old: inline rules of AWS::EC2::SecurityGroup and the
// standalone ingress and egress resources.
func ruleImpacts(id, typ string, or, nr map[string]any) []Impact {
	var out []Impact
	add := func(kind string, oldRules, newRules []any) {
		old := map[string]bool{}
		for _, r := range oldRules {
			old[ruleKey(asMap(r))] = true
		}
		for _, r := range newRules {
			rm := asMap(r)
			if old[ruleKey(rm)] {
				continue
			}
			out = append(out, Impact{Severity: ruleSeverity(kind, rm), LogicalID: id, Type: typ, Kind: kind, Detail: describeRule(rm)})
		}
	}
	op, np := asMap(or["Properties"]), asMap(nr["Properties"])
	switch typ {
	case "AWS::EC2::SecurityGroup":
		add("sg-ingress-opened", asSlice(op["SecurityGroupIngress"]), asSlice(np["SecurityGroupIngress"]))
		add("sg-egress-opened", asSlice(op["SecurityGroupEgress"]), asSlice(np["SecurityGroupEgress"]))
	case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
		kind := "sg-ingress-opened"
		if typ == "AWS::EC2::SecurityGroupEgress" {
			kind = "sg-egress-opened"
		}
		var oldRules []any
		if op != nil {
			oldRules = []any{op}
		}
		add(kind, oldRules, []any{np})
	}
	return out
}

var ruleFields = []string{"IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "SourcePrefixListId",
	"SourceSecurityGroupId", "SourceSecurityGroupName", "DestinationPrefixListId", "DestinationSecurityGroupId"}

func ruleKey(r map[string]any) string {
	var b strings.Builder
	for _, f := range ruleFields {
		if v, ok := r[f]; ok {
			fmt.Fprintf(&b, "%s=%s;", f, compact(norm(v)))
		}
	}
	return b.String()
}

func describeRule(r map[string]any) string {
	proto := str(norm(r["IpProtocol"]))
	ports := str(norm(r["FromPort"]))
	if to := str(norm(r["ToPort"])); to != ports && to != "" {
		ports += "-" + to
	}
	if proto == "-1" {
		proto, ports = "all traffic", ""
	}
	peer := ""
	for _, f := range []string{"CidrIp", "CidrIpv6", "SourcePrefixListId", "SourceSecurityGroupId", "DestinationPrefixListId", "DestinationSecurityGroupId"} {
		if v, ok := r[f]; ok {
			peer = compact(v)
		}
	}
	s := strings.TrimSpace(proto + " " + ports)
	if d := str(r["Description"]); d != "" {
		return fmt.Sprintf("%s with %s (%s)", s, peer, d)
	}
	return fmt.Sprintf("%s with %s", s, peer)
}

func ruleSeverity(kind string, r map[string]any) string {
	open := false
	for _, f := range []string{"CidrIp", "CidrIpv6"} {
		if c := str(r[f]); c == "0.0.0.0/0" || c == "::/0" {
			open = true
		}
	}
	if !open {
		return "low"
	}
	if kind == "sg-egress-opened" {
		return "medium"
	}
	from, to := str(norm(r["FromPort"])), str(norm(r["ToPort"]))
	if (from == "443" && to == "443") || (from == "80" && to == "80") {
		return "medium"
	}
	return "high"
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// strList reads a string-or-list policy element.
func strList(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, str(e))
		}
		return out
	}
	return []string{str(v)}
}

func appendUnique(s []string, v string) []string {
	for _, e := range s {
		if e == v {
			return s
		}
	}
	return append(s, v)
}

// PolicyChanges compares two permission or trust documents as plan's
// security impacts do: what b allows that a did not (an Allow added, a Deny
// removed) and what a allowed that b no longer does (an Allow removed, a
// Deny added), one line per statement. A permission that only moved to
// another statement is no change.
func PolicyChanges(a, b any) (broader, narrower []string) {
	ga, gb := grants(a), grants(b)
	for _, g := range groupGrants(gb, ga, "Allow") {
		broader = append(broader, describeGroup("allows", g))
	}
	for _, g := range groupGrants(ga, gb, "Deny") {
		broader = append(broader, describeGroup("no longer denies", g))
	}
	for _, g := range groupGrants(ga, gb, "Allow") {
		narrower = append(narrower, describeGroup("no longer allows", g))
	}
	for _, g := range groupGrants(gb, ga, "Deny") {
		narrower = append(narrower, describeGroup("denies", g))
	}
	return broader, narrower
}
