#!/usr/bin/env bash
# Regenerates cmd/landform/default.pgo, the CPU profile `go build` uses for
# profile-guided optimization of the landform binary (Go's -pgo=auto). The
# profile is the IAM evaluation pass (`access eval --bench`, BenchmarkEval),
# the one hot loop where PGO's inlining pays (about 6% there). Rerun after
# larger changes to internal/iam/eval.
set -euo pipefail
cd "$(dirname "$0")/.."
prof=$(mktemp)
trap 'rm -f "$prof" eval.test' EXIT
go test -run='^$' -bench='^BenchmarkEval$' -benchtime=6s -count=1 -cpuprofile "$prof" ./internal/iam/eval
cp "$prof" cmd/landform/default.pgo
echo "wrote cmd/landform/default.pgo"
