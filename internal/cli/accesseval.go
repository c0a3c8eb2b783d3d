package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/iam/eval"
)

type accessEvalOptions struct {
	App    *App
	JSONL  string
	Bench  int
	Warmup int
}

// newAccessCmd is `landform access`, the IAM evaluation commands.
func newAccessCmd(app *App, run func(context.Context, *accessEvalOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "access",
		Short: "Evaluate IAM access offline",
		Args:  noArgs,
	}
	cmd.AddCommand(newAccessEvalCmd(app, run))
	return cmd
}

func newAccessEvalCmd(app *App, run func(context.Context, *accessEvalOptions) error) *cobra.Command {
	if run == nil {
		run = runAccessEval
	}
	opts := &accessEvalOptions{App: app}
	cmd := &cobra.Command{
		Use:   "eval --jsonl FILE [--bench N]",
		Short: "Decide IAM requests given as JSON lines (the differential-test interface)",
		Long: `Decide IAM requests offline, one JSON object per line in, one decision per
line out: {"id", "result": "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied"},
or {"id", "error"} when a policy is invalid. Each line holds identityPolicies,
and optionally resourcePolicy, permissionBoundaries, sessionPolicy, scps or
scpLevels, rcps, and the request (principal, action, resource {resource,
accountId}, contextVariables). FILE "-" reads stdin.

With --bench N, decode every line once, run untimed warm-up passes, then N
timed single-threaded passes (validate, compile and evaluate each case,
nothing cached across passes) and print one JSON line of throughput.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.JSONL == "" {
				return usageErrorf("access eval needs --jsonl FILE")
			}
			if opts.Bench < 0 {
				return usageErrorf("--bench %d: give a number of passes", opts.Bench)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.JSONL, "jsonl", "", "requests, one JSON object per line (- for stdin)")
	cmd.Flags().IntVar(&opts.Bench, "bench", 0, "time N passes over every case instead of printing decisions")
	cmd.Flags().IntVar(&opts.Warmup, "warmup", 3, "untimed passes before --bench's timed ones")
	return cmd
}

func readCases(app *App, path string) ([]*eval.Case, error) {
	var r io.Reader = app.IO.In
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	name := path
	if path == "-" {
		name = "stdin"
	}
	var cases []*eval.Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), maxCaseLine)
	n := 1
	for ; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		c, err := eval.DecodeCase(line)
		var ce *eval.CaseError
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("%s:%d:%d: %s", name, n, ce.Column, ce.Msg)
		} else if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		cases = append(cases, c)
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return nil, fmt.Errorf("%s:%d: the line is longer than %d MiB: write one case per line", name, n, maxCaseLine>>20)
	} else if sc.Err() != nil {
		return nil, fmt.Errorf("reading %s: %w", name, sc.Err())
	}
	eval.PackCases(cases)
	return cases, nil
}

// maxCaseLine bounds a line of access eval's input, and so the memory one
// line can take.
const maxCaseLine = 64 << 20

func runAccessEval(_ context.Context, opts *accessEvalOptions) error {
	app := opts.App
	cases, err := readCases(app, opts.JSONL)
	if err != nil {
		return err
	}
	if opts.Bench > 0 {
		return benchAccessEval(app, cases, opts)
	}
	w := bufio.NewWriter(app.IO.Out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var ev eval.Evaluator
	for _, c := range cases {
		out := eval.Outcome{ID: c.ID}
		if d, err := c.Decide(&ev); err != nil {
			out.Error = err.Error()
		} else {
			out.Result = d.Result.String()
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return w.Flush()
}

type benchResult struct {
	Engine            string    `json:"engine"`
	Cases             int       `json:"cases"`
	Passes            int       `json:"passes"`
	EvalsPerSec       []float64 `json:"evalsPerSec"`
	MedianEvalsPerSec float64   `json:"medianEvalsPerSec"`
}

func benchAccessEval(app *App, cases []*eval.Case, opts *accessEvalOptions) error {
	var ev eval.Evaluator
	decided := 0
	pass := func() {
		for _, c := range cases {
			if _, err := c.Decide(&ev); err == nil {
				decided++
			}
		}
	}
	// Reading and decoding left garbage behind; collect it now, as go
	// test -bench does before a benchmark, rather than in a timed pass.
	runtime.GC()
	for i := 0; i < opts.Warmup; i++ {
		pass()
	}
	res := benchResult{Engine: "landform", Cases: len(cases), Passes: opts.Bench}
	for i := 0; i < opts.Bench; i++ {
		start := time.Now()
		pass()
		res.EvalsPerSec = append(res.EvalsPerSec, float64(len(cases))/time.Since(start).Seconds())
	}
	sorted := slices.Clone(res.EvalsPerSec)
	slices.Sort(sorted)
	if n := len(sorted); n%2 == 1 {
		res.MedianEvalsPerSec = sorted[n/2]
	} else {
		res.MedianEvalsPerSec = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return writeJSONLine(app.IO.Out, res)
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
