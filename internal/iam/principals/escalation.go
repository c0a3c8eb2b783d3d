package principals

import (
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
		stmts = append(stmts, w.decision(d).Statements...)
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

// escalationEdges are the ways p can become (or act as) another principal.
// "self" techniques make p itself admin: the edge points to p.
func (w *Model) escalationEdges(p *Principal, ctx Context, admin map[*Principal]bool) []escEdge {
	var ev eval.Evaluator
	mctx := ctx.merged()
	var out []escEdge
	g := w.graph(ctx)
	for _, e := range g.out[p] {
		out = append(out, edge(e.To, Step{Technique: "sts:AssumeRole", From: p.Display(), To: e.To.Display(), Statements: e.Statements}))
	}
	req := requestFor(p, mctx)
	edits := editsNamed(p)
	for _, t := range w.Principals {
		if t == p || t.Account != p.Account {
			continue
		}
		if !admin[t] {
			if edits != nil {
				out = append(out, w.editThenBecome(&ev, p, req, t, edits, g.out[p])...)
			}
			continue
		}
		switch t.Kind {
		case Role:
			for _, s := range passRoleServices {
				if !trustsService(t, s.service) || (s.profile && len(t.Profiles) == 0) || (s.source && !w.hasEventSource(p.Account)) {
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
			if s, ok := w.rewriteTrust(&ev, p, req, t); ok {
				out = append(out, edge(t, s))
			}
			for _, wl := range w.Workloads {
				if wl.Account != t.Account || w.workloadRole(wl) != t {
					continue
				}
				for _, tech := range workloadTechniques[wl.Type] {
					if st, ok := w.allowAll(&ev, p, req, tech.requests(wl, t.ARN), nil); ok {
						out = append(out, edge(t, Step{Technique: tech.technique, From: p.Display(), To: t.Display(),
							Detail: strings.Replace(tech.detail, "%s", wl.ARN, 1) + ", which runs as " + t.Name, Statements: st}))
					}
				}
			}
		case User:
			for _, tech := range []string{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"} {
				if tech == "iam:CreateLoginProfile" && t.HasLogin || tech == "iam:UpdateLoginProfile" && !t.HasLogin {
					continue
				}
				if st, ok := w.allowAll(&ev, p, req, [][2]string{{tech, t.ARN}}, nil); ok {
					out = append(out, edge(t, Step{Technique: tech, From: p.Display(), To: t.Display(), Detail: "get credentials of user " + t.Name, Statements: st}))
				}
			}
		case Group:
			if p.Kind == User {
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
func (w *Model) Escalations(ctx Context) []Path {
	admin := map[*Principal]bool{}
	for _, p := range w.Principals {
		if w.IsAdmin(p, ctx) {
			admin[p] = true
		}
	}
	edges := map[*Principal][]escEdge{}
	for _, p := range w.Principals {
		edges[p] = w.escalationEdges(p, ctx, admin)
	}
	var out []Path
	for _, start := range w.Principals {
		if admin[start] {
			continue
		}
		type node struct {
			p     *Principal
			steps []Step
		}
		seen := map[*Principal]bool{start: true}
		queue := []node{{start, nil}}
		var found *Path
		for len(queue) > 0 && found == nil {
			cur := queue[0]
			queue = queue[1:]
			for _, e := range edges[cur.p] {
				steps := append(append([]Step(nil), cur.steps...), e.steps...)
				if e.to == cur.p || admin[e.to] || e.made {
					found = &Path{Principal: start.Display(), Admin: e.to.Display(), Steps: steps}
					break
				}
				if !seen[e.to] {
					seen[e.to] = true
					queue = append(queue, node{e.to, steps})
				}
			}
		}
		if found != nil {
			out = append(out, *found)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Principal < out[j].Principal })
	return append(w.outsiderPaths(ctx, out), out...)
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
