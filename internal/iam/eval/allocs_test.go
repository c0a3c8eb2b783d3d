package eval

import "testing"

// TestEvaluateDoesNotAllocate: deciding a request against compiled
// policies allocates nothing once the Evaluator's buffers have grown, for
// every case of the corpus (wildcards, variables, every condition family).
func TestEvaluateDoesNotAllocate(t *testing.T) {
	var ev Evaluator
	n := 0
	for _, c := range loadCorpus(t) {
		set, err := c.Compile()
		if err != nil {
			continue
		}
		req, err := c.NewRequest()
		if err != nil {
			t.Fatal(err)
		}
		ev.Evaluate(set, req) // grow the buffers
		if a := testing.AllocsPerRun(5, func() { ev.Evaluate(set, req) }); a != 0 {
			t.Errorf("%s: %.0f allocations per evaluation", c.ID, a)
		}
		n++
	}
	if n < 2000 {
		t.Errorf("only %d cases", n)
	}
}
