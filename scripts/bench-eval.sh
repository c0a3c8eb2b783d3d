#!/usr/bin/env bash
# Times landform's IAM evaluation engine against @cloud-copilot/iam-simulate
# on the same corpus in one run: both decode every case once, run warm-up
# passes, then N timed single-threaded passes that validate, compile and
# evaluate every case. Prints both JSON lines and the ratio.
# Usage: ./scripts/bench-eval.sh [PASSES]   (needs go and node)
set -euo pipefail
cd "$(dirname "$0")/.."
passes=${1:-5}
corpus=internal/iam/eval/testdata/corpus.jsonl
(cd scripts/iam-simulate && [ -d node_modules ] || npm ci --silent)
go build -o .cache/landform-bench ./cmd/landform
lf=$(.cache/landform-bench access eval --jsonl "$corpus" --bench "$passes")
sim=$(cd scripts/iam-simulate && node bench.mjs "../../$corpus" "$passes" 3)
echo "$lf"
echo "$sim"
python3 -c '
import json,sys
a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2])
print("landform/iam-simulate median throughput: %.1fx" % (a["medianEvalsPerSec"]/b["medianEvalsPerSec"]))' "$lf" "$sim"
echo "compiled-policy evaluation alone (what who-can pays per principal):"
go test -run='^$' -bench='^BenchmarkEvaluateCompiled$' -benchmem ./internal/iam/eval | grep Benchmark
