package eval

import "testing"

// BenchmarkEval is the `access eval --bench` pass: validate, compile and
// evaluate every corpus case, nothing cached across iterations.
func BenchmarkEval(b *testing.B) {
	cases := loadCorpus(b)
	var ev Evaluator
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range cases {
			c.Decide(&ev)
		}
	}
	b.ReportMetric(float64(b.N*len(cases))/b.Elapsed().Seconds(), "evals/s")
}

// BenchmarkEvaluateCompiled evaluates already compiled policy sets: the
// cost of a decision alone, as who-can pays it for each principal.
func BenchmarkEvaluateCompiled(b *testing.B) {
	cases := loadCorpus(b)
	type compiled struct {
		set *Set
		req *Request
	}
	var cs []compiled
	for _, c := range cases {
		set, err := c.Compile()
		if err != nil {
			continue
		}
		req, err := c.NewRequest()
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, compiled{set, req})
	}
	var ev Evaluator
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range cs {
			ev.Evaluate(c.set, c.req)
		}
	}
	b.ReportMetric(float64(b.N*len(cs))/b.Elapsed().Seconds(), "evals/s")
}
