#!/usr/bin/env bash
# Runs everything CI runs: formatting, vet, every test (unit, golden,
# property, end-to-end scripts, cfn-lint on the generated templates) and a
# short fuzz run of config loading. Usage: ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "test.sh: $1 is not installed; $2" >&2; exit 1; }
}
need go "install Go 1.26 (https://go.dev/dl/)"
need cfn-lint "it checks every generated template; it is part of the machine image"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2; echo "$unformatted" >&2; exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

echo "== fuzz: config loading (${FUZZTIME:=20s})"
go test -run='^$' -fuzz='^FuzzLoadConfig$' -fuzztime="$FUZZTIME" -fuzzminimizetime=5s ./internal/config

echo "test.sh: all checks passed"
