#!/usr/bin/env bash
# Times `landform check` against `cfn-lint` on the same templates in one run:
# the three sec example templates plus the valid corpus
# (internal/check/testdata/check/good), or the templates in the directories
# and files given (every .yaml, .yml, .json and .template under them). Each
# tool checks the whole set in one process; RUNS runs each (default 5),
# median wall time (bash's EPOCHREALTIME) and peak memory (/usr/bin/time).
# Usage: ./scripts/bench-check.sh [DIR|FILE...]
set -euo pipefail
shopt -s nullglob
args=()
for a in "$@"; do args+=("$(realpath "$a")"); done
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
command -v cfn-lint >/dev/null || { echo "bench-check.sh: cfn-lint is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-check.sh: /usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

bin=$(mktemp -d)/landform
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/landform
if [ ${#args[@]} -gt 0 ]; then
  templates=()
  while IFS= read -r -d '' f; do templates+=("$f"); done < <(
    find "${args[@]}" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) -print0 | sort -z)
else
  templates=(internal/kinds/sec/testdata/golden/*.template.yaml)
  for f in internal/check/testdata/check/good/*; do
    case "$f" in *.want) ;; *) templates+=("$f") ;; esac
  done
fi
echo "templates: ${#templates[@]}"

# run TOOL...: prints "wall_seconds peak_kib" of one run: wall from bash's
# EPOCHREALTIME (microseconds; /usr/bin/time's %e has only hundredths,
# too coarse for landform's runs), peak memory from /usr/bin/time.
run() {
  local t0=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$bin.time" "$@" >/dev/null 2>&1 || true
  local t1=$EPOCHREALTIME
  echo "$(echo "$t1 - $t0" | bc -l) $(tail -n 1 "$bin.time")" # time prepends a line when the command exits non-zero
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {
  local name=$1; shift
  : >"$bin.$name"
  for _ in $(seq "$RUNS"); do run "$@" >>"$bin.$name"; done
  wall=$(cut -d' ' -f1 <"$bin.$name" | median)
  mem=$(cut -d' ' -f2 <"$bin.$name" | median)
  printf '%-10s median wall %6.3f s   median peak memory %6.1f MiB   (%d runs)\n' "$name" "$wall" "$(echo "$mem/1024" | bc -l)" "$RUNS"
  eval "${name//-/_}_wall=$wall"
}

run "$bin" check "${templates[@]}" >/dev/null # warm-up
run cfn-lint "${templates[@]}" >/dev/null
measure landform "$bin" check "${templates[@]}"
measure cfn-lint cfn-lint "${templates[@]}"
printf 'cfn-lint / landform: %.1fx\n' "$(echo "$cfn_lint_wall/$landform_wall" | bc -l)"
