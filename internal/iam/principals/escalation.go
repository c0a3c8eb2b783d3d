package principals

import (
	"slices"
	"sort"
	"strings"

	"github.com/landform/landform/internal/iam/eval"
)

// Admin-equivalent: a principal that is allowed every one of these probes
// in its own account — IAM writes and PassRole on any role, and destructive
// actions of S3, EC2 and Lambda on resources it has no reason to know, and
// kms:CreateKey.
// Action "*" on "*" passes; PowerUserAccess (no iam:*) and iam:* alone do
// not (iam:* reaches admin in one step, which is an escalation path).
var adminProbes = []struct{ action, resource string }{
	{"iam:PutRolePolicy", "arn:aws:iam::%s:role/landform-probe"},
	{"iam:AttachRolePolicy", "arn:aws:iam::%s:role/landform-probe"},
	{"iam:PassRole", "arn:aws:iam::%s:role/landform-probe"},
	{"iam:CreateUser", "arn:aws:iam::%s:user/landform-probe"},
	{"s3:DeleteBucket", "arn:aws:s3:::landform-probe-%s"},
	{"ec2:TerminateInstances", "arn:aws:ec2:us-east-1:%s:instance/i-0landformprobe"},
	{"kms:CreateKey", "*"}, // a key without a key policy denies everything, so ask for a new one
	{"lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:%s:function:landform-probe"},
}

func sprintf1(f, acct string) string {
	out := []byte{}
	for i := 0; i < len(f); i++ {
		if f[i] == '%' && i+1 < len(f) && f[i+1] == 's' {
			out = append(out, acct...)
			i++
			continue
		}
		out = append(out, f[i])
	}
	return string(out)
}

// IsAdmin reports whether p is admin-equivalent by itself.
func (w *Model) IsAdmin(p *Principal, ctx Context) bool {
	var ev eval.Evaluator
	req := requestFor(p, ctx.merged())
	for _, pr := range adminProbes {
		if w.decide(&ev, p, req, pr.action, sprintf1(pr.resource, p.Account)).Result != eval.Allowed {
			return false
		}
	}
	return true
}

// Step is one step of an escalation path: Technique lets From become (or
// act as) To, allowed by Statements.
type Step struct {
	Technique string `json:"technique"`
	From      string `json:"from"`
	To        string `json:"to"`
	Detail    string `json:"detail,omitempty"`
	// Pathfinding is the technique's id in the pathfinding.cloud catalogue;
	// on the first step of a two-step path, the pair's.
	Pathfinding string `json:"pathfinding,omitempty"`
	Statements  []Stmt `json:"statements"`
}

// Path is one privilege-escalation path from a principal that is not
// admin-equivalent to one that is (or to itself made admin).
type Path struct {
	Principal string `json:"principal"`
	Admin     string `json:"admin"`
	Steps     []Step `json:"steps"`
}

// passRoleServices are the compute and service creations that run code as a
// passed role, with the actions each needs besides iam:PassRole.
var passRoleServices = []struct {
	technique, service string
	actions            []string
	profile            bool // EC2: the role must be in an instance profile
	source             bool // an event source (stream, queue) of the workspace must feed it
}{
	{"iam:PassRole+lambda:CreateFunction", "lambda.amazonaws.com", []string{"lambda:CreateFunction", "lambda:InvokeFunction"}, false, false},
	{"iam:PassRole+lambda:CreateFunction+lambda:AddPermission", "lambda.amazonaws.com", []string{"lambda:CreateFunction", "lambda:AddPermission"}, false, false},
	{"iam:PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping", "lambda.amazonaws.com", []string{"lambda:CreateFunction", "lambda:CreateEventSourceMapping"}, false, true},
	{"iam:PassRole+codebuild:CreateProject+codebuild:StartBuildBatch", "codebuild.amazonaws.com", []string{"codebuild:CreateProject", "codebuild:StartBuildBatch"}, false, false},
	{"iam:PassRole+glue:CreateJob+glue:CreateTrigger", "glue.amazonaws.com", []string{"glue:CreateJob", "glue:CreateTrigger"}, false, false},
	{"iam:PassRole+ec2:RunInstances", "ec2.amazonaws.com", []string{"ec2:RunInstances"}, true, false},
	{"iam:PassRole+cloudformation:CreateStack", "cloudformation.amazonaws.com", []string{"cloudformation:CreateStack"}, false, false},
	{"iam:PassRole+glue:CreateDevEndpoint", "glue.amazonaws.com", []string{"glue:CreateDevEndpoint"}, false, false},
	{"iam:PassRole+codebuild:CreateProject", "codebuild.amazonaws.com", []string{"codebuild:CreateProject", "codebuild:StartBuild"}, false, false},
	{"iam:PassRole+sagemaker:CreateNotebookInstance", "sagemaker.amazonaws.com", []string{"sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}, false, false},
	{"iam:PassRole+ecs:RunTask", "ecs-tasks.amazonaws.com", []string{"ecs:RegisterTaskDefinition", "ecs:RunTask"}, false, false},
	{"iam:PassRole+glue:CreateJob", "glue.amazonaws.com", []string{"glue:CreateJob", "glue:StartJobRun"}, false, false},
	{"iam:PassRole+sagemaker:CreateTrainingJob", "sagemaker.amazonaws.com", []string{"sagemaker:CreateTrainingJob"}, false, false},
	{"iam:PassRole+sagemaker:CreateProcessingJob", "sagemaker.amazonaws.com", []string{"sagemaker:CreateProcessingJob"}, false, false},
	{"iam:PassRole+ecs:CreateService", "ecs-tasks.amazonaws.com", []string{"ecs:RegisterTaskDefinition", "ecs:CreateService"}, false, false},
	{"iam:PassRole+apprunner:CreateService", "tasks.apprunner.amazonaws.com", []string{"apprunner:CreateService"}, false, false},
	{"iam:PassRole+states:CreateStateMachine", "states.amazonaws.com", []string{"states:CreateStateMachine", "states:StartExecution"}, false, false},
	{"iam:PassRole+batch:SubmitJob", "ecs-tasks.amazonaws.com", []string{"batch:RegisterJobDefinition", "batch:SubmitJob"}, false, false},
	{"iam:PassRole+bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore.amazonaws.com", []string{"bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"}, false, false},
	{"iam:PassRole+cloudformation:UpdateStack", "cloudformation.amazonaws.com", []string{"cloudformation:UpdateStack"}, false, false},
	{"iam:PassRole+cloudformation:CreateStackSet", "cloudformation.amazonaws.com", []string{"cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"}, false, false},
	{"iam:PassRole+ec2:RequestSpotInstances", "ec2.amazonaws.com", []string{"ec2:RequestSpotInstances"}, true, false},
	{"iam:PassRole+autoscaling:CreateAutoScalingGroup", "ec2.amazonaws.com", []string{"autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"}, true, false},
	{"iam:PassRole+elasticmapreduce:RunJobFlow", "ec2.amazonaws.com", []string{"elasticmapreduce:RunJobFlow"}, true, false},
}

// escEdge is one way to become (or act as) another principal: steps, in
// order, that end as to. made says the steps also made to admin-equivalent
// (to was not), so a path that takes the edge ends there.
type escEdge struct {
	to    *Principal
	steps []Step
	made  bool
}

// edge is the escEdge of one step.
func edge(to *Principal, s Step) escEdge {
	s.Pathfinding = pathfinding[s.Technique]
	return escEdge{to: to, steps: []Step{s}}
}

// allowAll evaluates every (action, resource) by p; ok when all are allowed,
// with the allowing statements.
func (w *Model) allowAll(ev *eval.Evaluator, p *Principal, req *eval.Request, reqs [][2]string, extra map[string]string) ([]Stmt, bool) {
	var stmts []Stmt
	for _, r := range reqs {
		for k, v := range extra {
			req.Context.Set(k, v)
		}
		d := w.decide(ev, p, req, r[0], r[1])
		if d.Result != eval.Allowed {
			return nil, false
		}
		for _, st := range w.decision(d).Statements {
			if !slices.Contains(stmts, st) { // one statement may allow several of the actions
				stmts = append(stmts, st)
			}
		}
	}
	return stmts, true
}

func trustsService(r *Principal, svc string) bool {
	for _, s := range r.Services {
		if s == svc {
			return true
		}
	}
	return false
}

// escalationEdges are the ways p can become (or act as) another principal
// other than assuming a role as its trust policy allows (the assume-role
// graph g has those). "self" techniques make p itself admin: the edge
// points to p.
func (w *Model) escalationEdges(p *Principal, ctx Context, admin map[*Principal]bool, g *graph) []escEdge {
	var ev eval.Evaluator
	mctx := ctx.merged()
	var out []escEdge
	req := requestFor(p, mctx)
	named := w.actionsNamed(p)
	if named == nil {
		return out // p's policies name no action of any technique
	}
	for _, t := range w.Principals {
		if t == p || t.Account != p.Account {
			continue
		}
		if !admin[t] {
			out = append(out, w.editThenBecome(&ev, p, req, t, named, func() []*Edge { return w.outEdges(g, p, mctx) })...)
		}
		// The ways to act as t. t need not be admin-equivalent: a path
		// goes on from it with its permissions.
		switch t.Kind {
		case Role:
			for _, s := range passRoleServices {
				if !named["iam:PassRole"] || !allNamed(named, s.actions) || !trustsService(t, s.service) ||
					(s.profile && len(t.Profiles) == 0) || (s.source && !w.hasEventSource(p.Account)) {
					continue
				}
				reqs := [][2]string{{"iam:PassRole", t.ARN}}
				for _, a := range s.actions {
					reqs = append(reqs, [2]string{a, "*"})
				}
				// Create actions are asked on "*": an allow on specific
				// resources is not counted (the attacker chooses the name).
				if st, ok := w.allowAll(&ev, p, requestFor(p, mctx), reqs, map[string]string{"iam:PassedToService": s.service}); ok {
					out = append(out, edge(t, Step{Technique: s.technique, From: p.Display(), To: t.Display(), Detail: "pass " + t.Name + " to " + s.service, Statements: st}))
				}
			}
			if named["iam:UpdateAssumeRolePolicy"] {
				if s, ok := w.rewriteTrust(&ev, p, req, t); ok {
					out = append(out, edge(t, s))
				}
			}
			for _, wl := range t.workloads {
				for _, tech := range workloadTechniques[wl.Type] {
					reqs := tech.requests(wl, t.ARN)
					if !allNamedReqs(named, reqs) {
						continue
					}
					if st, ok := w.allowAll(&ev, p, req, reqs, nil); ok {
						out = append(out, edge(t, Step{Technique: tech.technique, From: p.Display(), To: t.Display(),
							Detail: strings.Replace(tech.detail, "%s", wl.ARN, 1) + ", which runs as " + t.Name, Statements: st}))
					}
				}
			}
		case User:
			for _, tech := range []string{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"} {
				if !named[tech] || tech == "iam:CreateLoginProfile" && t.HasLogin || tech == "iam:UpdateLoginProfile" && !t.HasLogin {
					continue
				}
				if st, ok := w.allowAll(&ev, p, req, [][2]string{{tech, t.ARN}}, nil); ok {
					out = append(out, edge(t, Step{Technique: tech, From: p.Display(), To: t.Display(), Detail: "get credentials of user " + t.Name, Statements: st}))
				}
			}
		case Group:
			if p.Kind == User && named["iam:AddUserToGroup"] {
				if st, ok := w.allowAll(&ev, p, req, [][2]string{{"iam:AddUserToGroup", t.ARN}}, nil); ok {
					out = append(out, edge(t, Step{Technique: "iam:AddUserToGroup", From: p.Display(), To: t.Display(), Detail: "add itself to group " + t.Name, Statements: st}))
				}
			}
		}
	}
	// Self: give itself any policy.
	var self [][2]string
	switch p.Kind {
	case Role:
		self = [][2]string{{"iam:AttachRolePolicy", p.ARN}, {"iam:PutRolePolicy", p.ARN}}
	case User:
		self = [][2]string{{"iam:AttachUserPolicy", p.ARN}, {"iam:PutUserPolicy", p.ARN}}
		for _, g := range p.Groups {
			self = append(self, [2]string{"iam:AttachGroupPolicy", g.ARN}, [2]string{"iam:PutGroupPolicy", g.ARN})
		}
	}
	for _, s := range self {
		if st, ok := w.allowAll(&ev, p, req, [][2]string{s}, nil); ok {
			out = append(out, edge(p, Step{Technique: s[0], From: p.Display(), To: p.Display(), Detail: "give itself AdministratorAccess (" + s[1] + ")", Statements: st}))
		}
	}
	owned := append([]*Principal{p}, p.Groups...)
	for _, o := range owned {
		for _, arn := range w.attachedManaged(o) {
			if st, ok := w.allowAll(&ev, p, req, [][2]string{{"iam:CreatePolicyVersion", arn}}, nil); ok {
				out = append(out, edge(p, Step{Technique: "iam:CreatePolicyVersion", From: p.Display(), To: p.Display(), Detail: "write a new default version of " + arn + ", attached to " + o.Display(), Statements: st}))
			}
		}
	}
	return out
}

// Escalations returns every principal that is not admin-equivalent but can
// become so, with the shortest path each (by breadth-first search over the
// techniques).
//
// The assume-role graph is computed only as far as paths can go: first
// backwards from the goals (the admin-equivalent principals, and those
// that can make themselves or another admin-equivalent), along who may
// assume each role reached and who has a technique into it; then forwards
// from each principal so found, over the edges that stay among them. A
// principal that reaches no goal costs no assume-role decision, so an
// organization of engineers with no path costs the technique edges only.
// Edges are taken in the full graph's order, so the paths are the ones a
// search over the full graph finds (TestEscalationsLazyAsFull).
func (w *Model) Escalations(ctx Context) []Path {
	admin := map[*Principal]bool{}
	for _, p := range w.Principals {
		if w.IsAdmin(p, ctx) {
			admin[p] = true
		}
	}
	g, mctx := w.lazyGraph(ctx), ctx.merged()
	tech := map[*Principal][]escEdge{}
	into := map[*Principal][]*Principal{}
	for _, p := range w.Principals {
		tech[p] = w.escalationEdges(p, ctx, admin, g)
		for _, e := range tech[p] {
			into[e.to] = append(into[e.to], p)
		}
	}
	ends := func(from *Principal, e escEdge) bool { return e.to == from || admin[e.to] || e.made }
	// Backwards: every principal with a path.
	reach := map[*Principal]bool{}
	var back []*Principal
	mark := func(p *Principal) {
		if !reach[p] {
			reach[p] = true
			back = append(back, p)
		}
	}
	for _, p := range w.Principals {
		if admin[p] {
			mark(p)
		}
		for _, e := range tech[p] {
			if ends(p, e) {
				mark(p)
			}
		}
	}
	for len(back) > 0 {
		t := back[0]
		back = back[1:]
		for _, e := range w.inEdges(g, t, mctx) {
			mark(e.From)
		}
		for _, s := range into[t] {
			mark(s)
		}
	}
	// Forwards: the shortest path of each.
	cache := map[*Principal][]escEdge{}
	edges := func(p *Principal) []escEdge {
		if es, ok := cache[p]; ok {
			return es
		}
		var out []escEdge
		for _, e := range w.outEdges(g, p, mctx) {
			if reach[e.To] {
				out = append(out, edge(e.To, Step{Technique: "sts:AssumeRole", From: p.Display(), To: e.To.Display(), Statements: e.Statements}))
			}
		}
		for _, e := range tech[p] {
			if ends(p, e) || reach[e.to] {
				out = append(out, e)
			}
		}
		cache[p] = out
		return out
	}
	var out []Path
	for _, start := range w.Principals {
		if admin[start] || !reach[start] {
			continue
		}
		if found, ok := shortestPath(start, edges, ends); ok {
			out = append(out, found)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Principal < out[j].Principal })
	return append(w.outsiderPaths(ctx, out), out...)
}

// shortestPath is the first path a breadth-first search from start finds
// over edges to an edge that ends (the shortest, in the edges' order).
func shortestPath(start *Principal, edges func(*Principal) []escEdge, ends func(*Principal, escEdge) bool) (Path, bool) {
	type node struct {
		p     *Principal
		steps []Step
	}
	seen := map[*Principal]bool{start: true}
	queue := []node{{start, nil}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, e := range edges(cur.p) {
			steps := append(append([]Step(nil), cur.steps...), e.steps...)
			if ends(cur.p, e) {
				return Path{Principal: start.Display(), Admin: e.to.Display(), Steps: steps}, true
			}
			if !seen[e.to] {
				seen[e.to] = true
				queue = append(queue, node{e.to, steps})
			}
		}
	}
	return Path{}, false
}

// outsiderPaths are the worst paths there are: any AWS account assumes a
// role of the workspace that is admin-equivalent, or that has a path of
// its own (found), which the outsider then follows.
func (w *Model) outsiderPaths(ctx Context, found []Path) []Path {
	byStart := map[string]Path{}
	for _, p := range found {
		byStart[p.Principal] = p
	}
	var out []Path
	for _, e := range w.Public(ctx) {
		if e.Role == nil {
			continue
		}
		step := Step{Technique: "sts:AssumeRole", Pathfinding: pathfinding["sts:AssumeRole"], From: Outsider, To: e.Role.Display(),
			Detail: "its trust policy lets any AWS account assume it", Statements: []Stmt{e.Statement}}
		switch then, ok := byStart[e.Role.Display()]; {
		case e.Admin:
			out = append(out, Path{Principal: Outsider, Admin: e.Role.Display(), Steps: []Step{step}})
		case ok:
			out = append(out, Path{Principal: Outsider, Admin: then.Admin, Steps: append([]Step{step}, then.Steps...)})
		}
	}
	return out
}
