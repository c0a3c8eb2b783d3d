#!/usr/bin/env bash
# Builds landform's container image as a tarball, with no container runtime
# and nothing pulled: a static binary, then internal/image's one-layer image
# (user 1000, /work, entrypoint /landform). Load it with docker load -i.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/landform-image.tar}
mkdir -p "$(dirname "$out")" out
CGO_ENABLED=0 GOOS=linux go build -trimpath -o out/landform-linux ./cmd/landform
rev=$(git rev-parse HEAD 2>/dev/null || true)
go run ./cmd/landform-image -binary out/landform-linux -out "$out" -revision "$rev"
