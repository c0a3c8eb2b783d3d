package principals

import (
	"runtime"
	"strings"
	"sync"

	"github.com/landform/landform/internal/iam/eval"
)

// Edge is "From can become To": From's identity policies allow
// sts:AssumeRole on To and To's trust policy allows From (with the
// same- and cross-account rules of the engine).
type Edge struct {
	From, To   *Principal
	Action     string
	Statements []Stmt
}

// graph is the assume-role graph for one context. A full graph has every
// edge; a lazy one holds the in-edges of the roles and the out-edges of the
// principals asked about so far (WhoCan and Can need only those: on an
// estate of 10,000 engineers and 2,500 roles, the full graph is 25 million
// trust decisions, one question's part of it a few thousand). Either way a
// principal's edges are in the same order: sources in principal order,
// targets in role order.
type graph struct {
	full    bool
	roles   []*Principal // the principals with a trust policy, in order
	out     map[*Principal][]*Edge
	in      map[*Principal][]*Edge
	outDone map[*Principal]bool
	inDone  map[*Principal]bool
}

// couldTrust is a cheap, conservative prefilter: the trust policy of t has
// an Allow whose AWS principal could be s (its ARN, its account, or a
// wildcard). Only candidates are evaluated.
func couldTrust(t, s *Principal) bool {
	for _, x := range t.trusted {
		switch {
		case x == "*", x == s.Account, x == "arn:aws:iam::"+s.Account+":root", x == s.ARN:
			return true
		case strings.ContainsAny(x, "*?"):
			return true
		}
	}
	return false
}

// edge is s → t when s may assume t: its identity policies allow
// sts:AssumeRole on t and t's trust policy allows s. req is s's request
// (nil: made here).
func (w *Model) edge(ev *eval.Evaluator, s, t *Principal, req *eval.Request, ctx Context) *Edge {
	if t == s || !couldTrust(t, s) {
		return nil
	}
	if req == nil {
		req = requestFor(s, ctx)
	}
	d := w.decide(ev, s, req, "sts:AssumeRole", t.ARN)
	if d.Result != eval.Allowed {
		return nil
	}
	return &Edge{From: s, To: t, Action: "sts:AssumeRole", Statements: w.decision(d).Statements}
}

// parallel runs f(k, i) for i in [0, n) on every core, k being the worker's
// own evaluator.
func parallel(n int, f func(ev *eval.Evaluator, i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ev eval.Evaluator
			for i := range next {
				f(&ev, i)
			}
		}()
	}
	wg.Wait()
}

// lazyGraph is the graph of ctx as far as it has been computed: the full
// one when some caller needed it, else the edges asked about so far.
func (w *Model) lazyGraph(ctx Context) *graph {
	ctx = ctx.merged()
	if w.edges != nil && w.edgesKey == ctx.key() {
		return w.edges
	}
	g := &graph{out: map[*Principal][]*Edge{}, in: map[*Principal][]*Edge{},
		outDone: map[*Principal]bool{}, inDone: map[*Principal]bool{}}
	for _, p := range w.Principals {
		if p.Kind == Role && p.Trust != nil {
			g.roles = append(g.roles, p)
		}
	}
	w.edges, w.edgesKey = g, ctx.key()
	return g
}

// graph returns the full assume-role graph of the workspace for ctx,
// computed once per context.
func (w *Model) graph(ctx Context) *graph {
	g := w.lazyGraph(ctx)
	if g.full {
		return g
	}
	mctx := ctx.merged()
	srcs := w.Principals
	found := make([][]*Edge, len(srcs))
	parallel(len(srcs), func(ev *eval.Evaluator, i int) {
		s := srcs[i]
		req := requestFor(s, mctx)
		for _, t := range g.roles {
			if e := w.edge(ev, s, t, req, mctx); e != nil {
				found[i] = append(found[i], e)
			}
		}
	})
	g.out, g.in = map[*Principal][]*Edge{}, map[*Principal][]*Edge{}
	for _, es := range found {
		for _, e := range es {
			g.out[e.From] = append(g.out[e.From], e)
			g.in[e.To] = append(g.in[e.To], e)
		}
	}
	g.full, g.outDone, g.inDone = true, nil, nil
	return g
}

// inEdges are the edges into t: who may assume it.
func (w *Model) inEdges(g *graph, t *Principal, ctx Context) []*Edge {
	if g.full || g.inDone[t] || t.Kind != Role || t.Trust == nil {
		return g.in[t]
	}
	srcs := w.Principals
	found := make([]*Edge, len(srcs))
	parallel(len(srcs), func(ev *eval.Evaluator, i int) { found[i] = w.edge(ev, srcs[i], t, nil, ctx) })
	var es []*Edge
	for _, e := range found {
		if e != nil {
			es = append(es, e)
		}
	}
	g.in[t], g.inDone[t] = es, true
	return es
}

// outEdges are the edges from s: the roles it may assume.
func (w *Model) outEdges(g *graph, s *Principal, ctx Context) []*Edge {
	if g.full || g.outDone[s] {
		return g.out[s]
	}
	var ev eval.Evaluator
	req := requestFor(s, ctx)
	var es []*Edge
	for _, t := range g.roles {
		if e := w.edge(&ev, s, t, req, ctx); e != nil {
			es = append(es, e)
		}
	}
	g.out[s], g.outDone[s] = es, true
	return es
}

// Assumable returns the roles p can assume directly.
func (w *Model) Assumable(p *Principal, ctx Context) []*Edge {
	return w.outEdges(w.lazyGraph(ctx), p, ctx.merged())
}

// Hop is one step of a chain: assume To.
type Hop struct {
	Principal  *Principal
	Statements []Stmt // the identity and trust statements that allow the step (empty for the start)
}

// Answer is one principal that can, with the shortest chain: the principal
// itself first, the role that does the action last.
type Answer struct {
	Principal *Principal
	Chain     []Hop
	Decision  Decision // the last principal's decision on the action
}

// Direct reports whether the principal can without assuming a role.
func (a Answer) Direct() bool { return len(a.Chain) == 1 }

// WhoCan returns every principal of the workspace that can do action on
// resource, directly or through a chain of sts:AssumeRole, with the
// shortest chain each, in principal ARN order.
func (w *Model) WhoCan(action, resource string, ctx Context) []Answer {
	g := w.lazyGraph(ctx)
	mctx := ctx.merged()
	direct := make([]*Decision, len(w.Principals))
	parallel(len(w.Principals), func(ev *eval.Evaluator, i int) {
		p := w.Principals[i]
		if d := w.decide(ev, p, requestFor(p, mctx), action, resource); d.Result == eval.Allowed {
			dd := w.decision(d)
			direct[i] = &dd
		}
	})
	// Multi-source breadth-first search backwards from the principals that
	// can, so each principal gets its shortest chain.
	nextHop := map[*Principal]*Edge{}
	final := map[*Principal]*Decision{}
	var queue []*Principal
	for i, d := range direct {
		if d != nil {
			p := w.Principals[i]
			final[p] = d
			queue = append(queue, p)
		}
	}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, e := range w.inEdges(g, cur, mctx) {
			if _, seen := final[e.From]; seen {
				continue
			}
			final[e.From] = final[cur]
			nextHop[e.From] = e
			queue = append(queue, e.From)
		}
	}
	var out []Answer
	for _, p := range w.Principals {
		d, ok := final[p]
		if !ok {
			continue
		}
		a := Answer{Principal: p, Chain: []Hop{{Principal: p}}, Decision: *d}
		for c := p; nextHop[c] != nil; c = nextHop[c].To {
			e := nextHop[c]
			a.Chain = append(a.Chain, Hop{Principal: e.To, Statements: e.Statements})
		}
		out = append(out, a)
	}
	return out
}

// CanResult is the answer of Can: p's own decision and, when p itself
// cannot, the shortest chain to a role that can (nil if none).
type CanResult struct {
	Direct Decision
	Via    *Answer
}

// Can answers whether p can do action on resource; when it cannot itself,
// whether a role it can reach through sts:AssumeRole can.
func (w *Model) Can(p *Principal, action, resource string, ctx Context) CanResult {
	res := CanResult{Direct: w.Decide(p, action, resource, ctx)}
	if res.Direct.Allowed() {
		return res
	}
	g := w.lazyGraph(ctx)
	mctx := ctx.merged()
	var ev eval.Evaluator
	prev := map[*Principal]*Edge{p: nil}
	queue := []*Principal{p}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, e := range w.outEdges(g, cur, mctx) {
			if _, seen := prev[e.To]; seen {
				continue
			}
			prev[e.To] = e
			d := w.decide(&ev, e.To, requestFor(e.To, mctx), action, resource)
			if d.Result == eval.Allowed {
				a := &Answer{Principal: p, Decision: w.decision(d)}
				var rev []Hop
				for c := e.To; prev[c] != nil; c = prev[c].From {
					rev = append(rev, Hop{Principal: c, Statements: prev[c].Statements})
				}
				a.Chain = append(a.Chain, Hop{Principal: p})
				for i := len(rev) - 1; i >= 0; i-- {
					a.Chain = append(a.Chain, rev[i])
				}
				res.Via = a
				return res
			}
			queue = append(queue, e.To)
		}
	}
	return res
}
