package estate_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/landform/landform/internal/estate"
)

// BenchmarkRun50Parallel8: the scheduler over an estate shaped like the
// examples (50 stacks: 10 writers, 40 readers of one writer each), every
// stack waiting 20 ms as a deploy waits on CloudFormation. It reports the
// wall time over the best any schedule could do: the longer of the
// critical path (two stacks) and the work spread over 8 slots (50 × 20 ms
// / 8, rounded up to whole stacks). 1.0 is a perfect schedule.
func BenchmarkRun50Parallel8(b *testing.B) {
	labels := make([]string, 50)
	edges := map[string][]string{}
	for i := range labels {
		labels[i] = fmt.Sprintf("c%02d", i)
		if i >= 10 {
			edges[labels[i]] = []string{labels[i%10]}
		}
	}
	e := chain(labels, edges)
	const stack = 20 * time.Millisecond
	best := max(2*stack, time.Duration((50+7)/8)*stack)
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		out := e.Run(context.Background(), estate.RunOptions{Parallel: 8}, func(context.Context, *estate.Node) error {
			time.Sleep(stack)
			return nil
		})
		total += time.Since(start)
		if len(out) != 50 {
			b.Fatal(len(out))
		}
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(best), "x-best-schedule")
}
