package principals

import (
	"fmt"
	"sort"
	"strings"

	"github.com/landform/landform/internal/iam/eval"
)

func props(res map[string]any) map[string]any {
	p, _ := res["Properties"].(map[string]any)
	if p == nil {
		p = map[string]any{}
	}
	return p
}

func iamPath(p map[string]any) string {
	if s, ok := p["Path"].(string); ok && s != "" {
		return s
	}
	return "/"
}

// Add takes in one template. Errors are for templates the model cannot
// read at all; anything it reads only partly is a Warning.
func (w *Model) Add(src Source) error {
	if len(src.Account) != 12 || strings.Trim(src.Account, "0123456789") != "" {
		return fmt.Errorf("%s: account %q is not a 12-digit account id; give the account the template deploys to (--template FILE@123456789012)", src.File, src.Account)
	}
	resources, _ := src.Template["Resources"].(map[string]any)
	if resources == nil {
		return fmt.Errorf("%s: no Resources mapping; is this a CloudFormation template?", src.File)
	}
	r := &resolver{src: &src, refs: map[string]string{}, arns: map[string]string{}, params: map[string]any{}}
	if params, ok := src.Template["Parameters"].(map[string]any); ok {
		for name, p := range params {
			if pm, ok := p.(map[string]any); ok {
				if d, ok := pm["Default"]; ok {
					r.params[name] = d
				}
			}
		}
	}
	ids := make([]string, 0, len(resources))
	for id := range resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	acct, region := src.Account, r.region()
	// Pass 1: names and ARNs, so Ref and Fn::GetAtt resolve in any order.
	for _, id := range ids {
		res, _ := resources[id].(map[string]any)
		typ, _ := res["Type"].(string)
		p := props(res)
		name := func(field string) string {
			if s, err := r.str(p[field]); err == nil && s != "" {
				return s
			}
			return id // CloudFormation would generate one; the logical id stands for it
		}
		switch typ {
		case "AWS::IAM::Role":
			n := name("RoleName")
			r.refs[id], r.arns[id] = n, "arn:aws:iam::"+acct+":role"+iamPath(p)+n
		case "AWS::IAM::User":
			n := name("UserName")
			r.refs[id], r.arns[id] = n, "arn:aws:iam::"+acct+":user"+iamPath(p)+n
		case "AWS::IAM::Group":
			n := name("GroupName")
			r.refs[id], r.arns[id] = n, "arn:aws:iam::"+acct+":group"+iamPath(p)+n
		case "AWS::IAM::ManagedPolicy":
			n := name("ManagedPolicyName")
			arn := "arn:aws:iam::" + acct + ":policy" + iamPath(p) + n
			r.refs[id], r.arns[id] = arn, arn
		case "AWS::IAM::InstanceProfile":
			n := name("InstanceProfileName")
			r.refs[id], r.arns[id] = n, "arn:aws:iam::"+acct+":instance-profile"+iamPath(p)+n
		case "AWS::IAM::SAMLProvider":
			arn := "arn:aws:iam::" + acct + ":saml-provider/" + name("Name")
			r.refs[id], r.arns[id] = arn, arn
		case "AWS::IAM::OIDCProvider":
			u, _ := r.str(p["Url"])
			arn := "arn:aws:iam::" + acct + ":oidc-provider/" + strings.TrimPrefix(u, "https://")
			r.refs[id], r.arns[id] = arn, arn
		case "AWS::S3::Bucket":
			n := name("BucketName")
			r.refs[id], r.arns[id] = n, "arn:aws:s3:::"+n
		case "AWS::KMS::Key":
			// The key id exists only after deployment; the logical id stands for it.
			r.refs[id], r.arns[id] = id, "arn:aws:kms:"+region+":"+acct+":key/"+id
		case "AWS::Lambda::Function":
			n := name("FunctionName")
			r.refs[id], r.arns[id] = n, "arn:aws:lambda:"+region+":"+acct+":function:"+n
		case "AWS::SQS::Queue":
			n := name("QueueName")
			r.refs[id], r.arns[id] = "https://sqs."+region+".amazonaws.com/"+acct+"/"+n, "arn:aws:sqs:"+region+":"+acct+":"+n
		case "AWS::SNS::Topic":
			arn := "arn:aws:sns:" + region + ":" + acct + ":" + name("TopicName")
			r.refs[id], r.arns[id] = arn, arn
		case "AWS::ECR::Repository":
			n := name("RepositoryName")
			r.refs[id], r.arns[id] = n, "arn:aws:ecr:"+region+":"+acct+":repository/"+n
		case "AWS::SecretsManager::Secret":
			arn := "arn:aws:secretsmanager:" + region + ":" + acct + ":secret:" + name("Name")
			r.refs[id], r.arns[id] = arn, arn
		default:
			if spec, ok := workloadNames[typ]; ok {
				n := id
				if spec.name != "" {
					n = name(spec.name)
				}
				r.refs[id], r.arns[id] = n, workloadARN(typ, region, acct, n, id)
				if typ == "AWS::SageMaker::NotebookInstance" {
					r.refs[id] = r.arns[id]
				}
			}
		}
	}
	usedTemplates := launchTemplatesUsed(r, resources)
	// Pass 2: principals, policies, attachments.
	for _, id := range ids {
		res, _ := resources[id].(map[string]any)
		typ, _ := res["Type"].(string)
		p := props(res)
		warn := func(field, msg string) {
			w.Warnings = append(w.Warnings, Warning{File: src.File, LogicalID: id, Field: field, Message: msg})
		}
		switch typ {
		case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
			pr := &Principal{Name: r.refs[id], ARN: r.arns[id], Account: acct, AccountName: src.AccountName, File: src.File, LogicalID: id}
			switch typ {
			case "AWS::IAM::Role":
				pr.Kind = Role
				w.loadTrust(r, pr, p["AssumeRolePolicyDocument"], warn)
			case "AWS::IAM::User":
				pr.Kind = User
				pr.HasLogin = p["LoginProfile"] != nil
				groups, err := r.strs(p["Groups"])
				if err != nil {
					warn("Groups", err.Error()+"; the user's groups are left out")
				}
				if len(groups) > 0 {
					w.pending = append(w.pending, pendingAttach{account: acct, file: src.File, lid: id, users: []string{pr.Name}, groups: groups})
				}
			default:
				pr.Kind = Group
			}
			w.loadInline(r, pr, p["Policies"], warn)
			arns, err := r.strs(p["ManagedPolicyArns"])
			if err != nil {
				warn("ManagedPolicyArns", err.Error()+"; those policies are left out (they grant nothing here)")
			}
			for _, a := range arns {
				pr.attached = append(pr.attached, attachment{arn: a, field: "ManagedPolicyArns"})
			}
			if b, ok := p["PermissionsBoundary"]; ok {
				s, err := r.str(b)
				if err != nil {
					s = unresolvedPrefix + err.Error()
					warn("PermissionsBoundary", err.Error()+"; the boundary allows nothing here")
				}
				pr.boundary = s
			}
			w.Principals = append(w.Principals, pr)
			w.byARN[pr.ARN] = pr
		case "AWS::IAM::ManagedPolicy":
			doc := r.policy(p["PolicyDocument"], func(m string) { warn("PolicyDocument", m) })
			pol, err := w.compile(doc, eval.Identity, PolicySource{File: src.File, LogicalID: id, PolicyName: r.refs[id][strings.LastIndex(r.refs[id], "/")+1:], ARN: r.refs[id]})
			if err != nil {
				warn("PolicyDocument", err.Error()+"; the policy is left out")
				continue
			}
			def := &managedDef{policy: pol, file: src.File, lid: id, name: r.refs[id]}
			w.policies[r.refs[id]] = def
			w.pendingTargets(r, p, pendingAttach{policy: def, account: acct, file: src.File, lid: id}, warn)
		case "AWS::IAM::Policy":
			pn, _ := r.str(p["PolicyName"])
			doc := r.policy(p["PolicyDocument"], func(m string) { warn("PolicyDocument", m) })
			pol, err := w.compile(doc, eval.Identity, PolicySource{File: src.File, LogicalID: id, PolicyName: pn})
			if err != nil {
				warn("PolicyDocument", err.Error()+"; the policy is left out")
				continue
			}
			w.pendingTargets(r, p, pendingAttach{inline: pol, account: acct, file: src.File, lid: id}, warn)
		case "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy":
			pn, _ := r.str(p["PolicyName"])
			doc := r.policy(p["PolicyDocument"], func(m string) { warn("PolicyDocument", m) })
			pol, err := w.compile(doc, eval.Identity, PolicySource{File: src.File, LogicalID: id, PolicyName: pn})
			if err != nil {
				warn("PolicyDocument", err.Error()+"; the policy is left out")
				continue
			}
			pa := pendingAttach{inline: pol, account: acct, file: src.File, lid: id}
			field := strings.TrimSuffix(strings.TrimPrefix(typ, "AWS::IAM::"), "Policy") + "Name"
			n, err := r.str(p[field])
			if err != nil {
				warn(field, err.Error())
				continue
			}
			switch field {
			case "RoleName":
				pa.roles = []string{n}
			case "UserName":
				pa.users = []string{n}
			default:
				pa.groups = []string{n}
			}
			w.pending = append(w.pending, pa)
		case "AWS::IAM::UserToGroupAddition":
			g, err := r.str(p["GroupName"])
			users, err2 := r.strs(p["Users"])
			if err != nil || err2 != nil {
				warn("GroupName", "cannot resolve the group or its users; the addition is left out")
				continue
			}
			w.pending = append(w.pending, pendingAttach{account: acct, file: src.File, lid: id, users: users, groups: []string{g}})
		case "AWS::IAM::InstanceProfile":
			roles, _ := r.strs(p["Roles"])
			for _, rn := range roles {
				w.pending = append(w.pending, pendingAttach{account: acct, file: src.File, lid: "profile:" + r.arns[id], roles: []string{rn}})
			}
		case "AWS::S3::BucketPolicy", "AWS::KMS::Key", "AWS::ECR::Repository",
			"AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::SecretsManager::ResourcePolicy":
			w.loadResourcePolicy(r, typ, id, p, warn)
		case "AWS::Lambda::Function":
			role, err := r.str(p["Role"])
			if err != nil {
				warn("Role", err.Error())
				continue
			}
			w.Workloads = append(w.Workloads, &Workload{Type: typ, ARN: r.arns[id], Role: role, Account: acct, File: src.File, LogicalID: id})
		default:
			if _, ok := workloadNames[typ]; ok {
				w.loadWorkload(r, typ, id, p, usedTemplates, warn)
			}
			if eventSources[typ] {
				w.loadEventSource(typ, acct, p)
			}
		}
	}
	w.edges, w.public = nil, nil
	return nil
}

func (w *Model) pendingTargets(r *resolver, p map[string]any, pa pendingAttach, warn func(string, string)) {
	var err error
	if pa.roles, err = r.strs(p["Roles"]); err != nil {
		warn("Roles", err.Error())
	}
	if pa.users, err = r.strs(p["Users"]); err != nil {
		warn("Users", err.Error())
	}
	if pa.groups, err = r.strs(p["Groups"]); err != nil {
		warn("Groups", err.Error())
	}
	w.pending = append(w.pending, pa)
}

func (w *Model) loadInline(r *resolver, pr *Principal, v any, warn func(string, string)) {
	list, _ := v.([]any)
	for i, e := range list {
		m, _ := e.(map[string]any)
		name, _ := r.str(m["PolicyName"])
		field := fmt.Sprintf("Policies[%d]", i)
		doc := r.policy(m["PolicyDocument"], func(msg string) { warn(field, msg) })
		pol, err := w.compile(doc, eval.Identity, PolicySource{File: pr.File, LogicalID: pr.LogicalID, PolicyName: name})
		if err != nil {
			warn(field, err.Error()+"; the policy is left out")
			continue
		}
		pr.Own = append(pr.Own, pol)
	}
}

func (w *Model) loadTrust(r *resolver, pr *Principal, v any, warn func(string, string)) {
	if v == nil {
		warn("AssumeRolePolicyDocument", "a role needs a trust policy; nobody can assume this one")
		return
	}
	doc := r.policy(v, func(m string) { warn("AssumeRolePolicyDocument", m) })
	pol, err := w.compile(doc, eval.Resource, PolicySource{File: pr.File, LogicalID: pr.LogicalID, PolicyName: "AssumeRolePolicyDocument"})
	if err != nil {
		warn("AssumeRolePolicyDocument", err.Error()+"; nobody can assume this role here")
		return
	}
	pr.Trust = pol
	// What the trust names, for the entry points and the reachability prefilter.
	m, _ := doc.(map[string]any)
	stmts, _ := m["Statement"].([]any)
	for _, s := range stmts {
		sm, _ := s.(map[string]any)
		if sm["Effect"] != "Allow" {
			continue
		}
		actions := anyStrings(sm["Action"])
		if _, ok := sm["NotPrincipal"]; ok {
			pr.trusted = append(pr.trusted, "*")
		}
		switch prin := sm["Principal"].(type) {
		case string:
			pr.trusted = append(pr.trusted, prin)
		case map[string]any:
			pr.trusted = append(pr.trusted, anyStrings(prin["AWS"])...)
			pr.Services = append(pr.Services, anyStrings(prin["Service"])...)
			for _, f := range anyStrings(prin["Federated"]) {
				for _, a := range actions {
					switch strings.ToLower(a) {
					case "sts:assumerolewithsaml":
						pr.Entries = append(pr.Entries, Entry{Type: "SAML", Provider: f, Action: "sts:AssumeRoleWithSAML"})
					case "sts:assumerolewithwebidentity":
						pr.Entries = append(pr.Entries, Entry{Type: "OIDC", Provider: f, Action: "sts:AssumeRoleWithWebIdentity"})
					}
				}
			}
		}
	}
}

func anyStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Finish resolves what spans templates — managed policy ARNs, attachments
// by name, group memberships, boundaries — and must be called after the
// last Add.
func (w *Model) Finish() {
	find := func(kind Kind, account, name string) *Principal {
		for _, p := range w.Principals {
			if p.Kind == kind && p.Account == account && p.Name == name {
				return p
			}
		}
		return nil
	}
	missing := func(pa pendingAttach, what, name string) {
		w.Warnings = append(w.Warnings, Warning{File: pa.file, LogicalID: pa.lid, Message: fmt.Sprintf("%s %q is not in the workspace in account %s; that attachment is left out", what, name, pa.account)})
	}
	for _, pa := range w.pending {
		if strings.HasPrefix(pa.lid, "profile:") {
			for _, rn := range pa.roles {
				if p := find(Role, pa.account, rn); p != nil {
					p.Profiles = append(p.Profiles, strings.TrimPrefix(pa.lid, "profile:"))
				}
			}
			continue
		}
		attach := func(p *Principal) {
			switch {
			case pa.policy != nil:
				p.attached = append(p.attached, attachment{arn: pa.policy.name, field: pa.lid})
			case pa.inline != nil:
				p.Own = append(p.Own, pa.inline)
			}
		}
		for _, n := range pa.roles {
			if p := find(Role, pa.account, n); p != nil {
				attach(p)
			} else {
				missing(pa, "role", n)
			}
		}
		if pa.policy == nil && pa.inline == nil {
			// group membership: users × groups
			for _, un := range pa.users {
				u := find(User, pa.account, un)
				for _, gn := range pa.groups {
					g := find(Group, pa.account, gn)
					if u == nil || g == nil {
						missing(pa, "user or group", un+" / "+gn)
						continue
					}
					u.Groups = append(u.Groups, g)
					g.Members = append(g.Members, u)
				}
			}
			continue
		}
		for _, n := range pa.users {
			if p := find(User, pa.account, n); p != nil {
				attach(p)
			} else {
				missing(pa, "user", n)
			}
		}
		for _, n := range pa.groups {
			if p := find(Group, pa.account, n); p != nil {
				attach(p)
			} else {
				missing(pa, "group", n)
			}
		}
	}
	w.pending = nil
	for _, p := range w.Principals {
		for _, a := range p.attached {
			if pol := w.managed(p, a.arn, a.field); pol != nil {
				p.Own = append(p.Own, pol)
			}
		}
		if p.boundary != "" {
			if pol := w.managed(p, p.boundary, "PermissionsBoundary"); pol != nil {
				b := *pol
				b.Kind = eval.Boundary
				p.Boundaries = []*eval.Policy{&b}
			} else {
				// An unknown boundary allows nothing: never a silent allow.
				p.Boundaries = []*eval.Policy{{Name: "unknown boundary " + p.boundary, Kind: eval.Boundary}}
			}
		}
	}
	for _, p := range w.Principals {
		p.identity = append([]*eval.Policy(nil), p.Own...)
		for _, g := range p.Groups {
			p.identity = append(p.identity, g.Own...)
		}
	}
	for _, p := range w.Principals {
		p.workloads = nil
	}
	for _, wl := range w.Workloads {
		if r := w.workloadRole(wl); r != nil && r.Account == wl.Account {
			r.workloads = append(r.workloads, wl)
		}
	}
	sort.SliceStable(w.Principals, func(i, j int) bool { return w.Principals[i].ARN < w.Principals[j].ARN })
	w.edges, w.public = nil, nil
}

// managed resolves a managed policy ARN: a customer-managed policy of the
// workspace or an embedded AWS-managed one. Unknown: a warning, no policy.
func (w *Model) managed(p *Principal, arn, field string) *eval.Policy {
	if d, ok := w.policies[arn]; ok {
		if !containsP(d.attached, p) {
			d.attached = append(d.attached, p)
		}
		return d.policy
	}
	if pol, ok := w.aws[arn]; ok {
		return pol
	}
	if strings.HasPrefix(arn, "arn:aws:iam::aws:policy/") {
		pol, name, ok, err := managedPolicy(arn)
		if err != nil {
			w.Warnings = append(w.Warnings, Warning{File: p.File, LogicalID: p.LogicalID, Field: field, Message: err.Error()})
			return nil
		}
		if ok {
			if _, seen := w.sources[pol.Name]; !seen {
				w.sources[pol.Name] = PolicySource{File: "AWS-managed", PolicyName: name, ARN: arn}
			}
			w.aws[arn] = pol
			return pol
		}
		w.Warnings = append(w.Warnings, Warning{File: p.File, LogicalID: p.LogicalID, Field: field,
			Message: fmt.Sprintf("unknown AWS-managed policy %s: it grants nothing in this model (add its document to internal/iam/workspace/managed/)", arn)})
		return nil
	}
	w.Warnings = append(w.Warnings, Warning{File: p.File, LogicalID: p.LogicalID, Field: field,
		Message: fmt.Sprintf("managed policy %s is in no template of the workspace: it grants nothing in this model (add its template with --template FILE@ACCOUNT)", arn)})
	return nil
}

func containsP(list []*Principal, p *Principal) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}
