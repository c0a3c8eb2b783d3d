#!/usr/bin/env bash
# Runs everything CI runs: formatting, vet, staticcheck, every test (unit, golden,
# property, end-to-end scripts, cfn-lint on the generated templates, the AWS
# lifecycle on test/moto/server) and short fuzz runs of config loading and
# template checking. Usage: ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "test.sh: $1 is not installed; $2" >&2; exit 1; }
}
need go "install Go 1.26 (https://go.dev/dl/)"
need cfn-lint "it checks every generated template; it is part of the machine image"
need npm "it fetches the SARIF 2.1.0 schema the SARIF test validates against"
need python3 "test/moto/server, the AWS-wire test endpoint, runs on it"
need aws "the AWS lifecycle scripts look at the test endpoint with the aws CLI"
python3 -c 'import moto, sys; sys.exit(moto.__version__ != "5.2.1")' 2>/dev/null || {
  echo "test.sh: moto 5.2.1 is not importable by python3; the AWS tests run on test/moto/server, which needs it (part of the machine image)" >&2; exit 1; }

# The official SARIF 2.1.0 schema, from an npm package (MIT) that ships it.
sarif_dir=.cache/sarif
if [ ! -f "$sarif_dir/package/lib/schemas/sarif-2.1.0-rtm.5.json" ]; then
  echo "== fetching the SARIF 2.1.0 schema (npm @microsoft/jest-sarif@1.0.0-beta.0)"
  mkdir -p "$sarif_dir"
  (cd "$sarif_dir" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz)
fi
# CI=true: a test that needs a fetched file fails, not skips, when it is missing.
export CI=true
export LANDFORM_SARIF_SCHEMA="$PWD/$sarif_dir/package/lib/schemas/sarif-2.1.0-rtm.5.json"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2; echo "$unformatted" >&2; exit 1
fi

echo "== go mod tidy (go.mod and go.sum say exactly what the code imports)"
go mod tidy -diff || { echo "run go mod tidy and commit go.mod and go.sum" >&2; exit 1; }

echo "== go vet"
go vet ./...

echo "== staticcheck (pinned in go.mod as a tool: dead code, misuse, style)"
go tool staticcheck ./...

echo "== go test"
go test -count=1 ./...

# Builds run concurrently in generate (read-ahead, which also renders the
# HTML pages): the race detector on the tests that build every example
# from several goroutines at once and hand over what was prepared.
echo "== race: concurrent builds"
go test -race -count=1 -run '^(TestBuildConcurrently|TestMemo|TestReadAheadPrepared)$' ./internal/artifact ./internal/kinds ./internal/cli
# An access config's roles are split on every core at once (prefetchDocuments).
go test -race -count=1 -run '^(TestExampleGolden|TestPersonalPoliciesSplit)$' ./internal/kinds/access

# Fuzzing runs for a count of executions, not a duration: with a duration,
# Go 1.26's fuzz coordinator can report "context deadline exceeded" as a
# failure when the time runs out while a worker is mid-input (golang/go#75804,
# fixed in Go 1.27), which failed CI once with no crashing input. A count has no
# deadline to race. The counts are each about 20 s here; FUZZSCALE multiplies
# them (FUZZSCALE=10 for a longer local run).
fuzz() { # target package executions what
  local n=$(( $3 * ${FUZZSCALE:-1} ))
  echo "== fuzz: $4 ($n executions)"
  go test -run='^$' -fuzz="^$1\$" -fuzztime="${n}x" -fuzzminimizetime=5s "$2"
}
fuzz FuzzLoadConfig ./internal/config 60000 "config loading"
fuzz FuzzCheckTemplate ./internal/check 80000 "template parsing and checking"
fuzz FuzzYAMLWriter ./internal/cfn 200000 "template writing, read back"
fuzz FuzzCompile ./internal/iam/eval 120000 "IAM policy compiling and evaluation"
fuzz FuzzNeeds ./internal/operator 40000 "operator policy requests of any template"
fuzz FuzzDecodeCase ./internal/iam/eval 200000 "access eval lines, decoded and laid out"

echo "test.sh: all checks passed"
