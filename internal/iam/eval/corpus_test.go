package eval

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

type expectation struct {
	ID     string `json:"id"`
	Result string `json:"result"`
	Error  string `json:"error"`
	Skip   string `json:"skip"`
}

func readJSONL[T any](t testing.TB, path string, each func(line []byte, v *T)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		each(sc.Bytes(), &v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func loadCorpus(t testing.TB) []*Case {
	var cases []*Case
	readJSONL(t, "testdata/corpus.jsonl", func(line []byte, _ *struct{}) {
		c, err := DecodeCase(line)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	})
	PackCases(cases)
	return cases
}

// TestCorpusAgreesWithIAMSimulate decides every request of the generated
// corpus and requires the decision @cloud-copilot/iam-simulate gave
// (testdata/expected.jsonl, written by scripts/iam-simulate/decide.mjs).
func TestCorpusAgreesWithIAMSimulate(t *testing.T) {
	want := map[string]expectation{}
	readJSONL(t, "testdata/expected.jsonl", func(_ []byte, e *expectation) { want[e.ID] = *e })
	cases := loadCorpus(t)
	var ev Evaluator
	agreed, decided, skipped := 0, 0, 0
	for _, c := range cases {
		exp, ok := want[c.ID]
		if !ok {
			t.Fatalf("%s: no expected decision; regenerate testdata/expected.jsonl", c.ID)
		}
		if exp.Skip != "" {
			skipped++
			continue
		}
		decided++
		d, err := c.Decide(&ev)
		switch {
		case exp.Error != "" && err != nil:
			agreed++
		case exp.Error != "":
			t.Errorf("%s: got %s, iam-simulate: invalid policy %s", c.ID, d.Result, exp.Error)
		case err != nil:
			t.Errorf("%s: got error %v, iam-simulate: %s", c.ID, err, exp.Result)
		case d.Result.String() != exp.Result:
			t.Errorf("%s: got %s (%s), iam-simulate: %s", c.ID, d.Result, d.Reason, exp.Result)
		default:
			agreed++
		}
	}
	if decided < 2000 {
		t.Errorf("only %d decided cases; the corpus needs at least 2,000", decided)
	}
	t.Logf("agreement: %d of %d cases (%d left out: iam-simulate could not decide them as given)", agreed, decided, skipped)
}
