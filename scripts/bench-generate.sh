#!/usr/bin/env bash
# Times `landform generate` of every bundled example (sec, sg, ml, access:
# 34 configs) in one process, each run in a fresh work directory: once as
# users run it (39 templates, 78 HTML pages and 34 logs written, each file
# synced and renamed into place) and once with --dry-run (every config
# built, encoded and checked, nothing written). RUNS runs each (default
# 11), median wall time (bash's EPOCHREALTIME) and peak memory
# (/usr/bin/time).
# LANDFORM=path times that binary instead of one built from this tree (to
# compare two builds). Usage: ./scripts/bench-generate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
[ -x /usr/bin/time ] || { echo "bench-generate.sh: /usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${LANDFORM:-}" ]; then
  cp "$LANDFORM" "$work/landform"
else
  go build -o "$work/landform" ./cmd/landform
fi
configs=(-c "$PWD/examples/sec" -c "$PWD/examples/sg" -c "$PWD/examples/ml" -c "$PWD/examples/access")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure NAME ARGS...: RUNS runs of generate ARGS, each in a new
# directory (the runs' output is removed after the last, so that no run
# pays for deleting the one before). Wall time is read from bash's
# EPOCHREALTIME around the run (microseconds; /usr/bin/time's %e has only
# hundredths), peak memory from /usr/bin/time.
measure() {
  local name=$1; shift
  : >"$work/$name.times"
  for i in $(seq 0 "$RUNS"); do
    out="$work/out.$i" && mkdir "$out"
    local t0=$EPOCHREALTIME
    (cd "$out" && /usr/bin/time -f '%M' -o "$work/t" "$work/landform" generate "${configs[@]}" "$@" >/dev/null 2>"$work/err") \
      || { echo "bench-generate.sh: generate $* failed:" >&2; tail -20 "$work/err" >&2; exit 1; }
    local t1=$EPOCHREALTIME
    [ "$i" -gt 0 ] && echo "$(echo "$t1 - $t0" | bc -l) $(tail -n 1 "$work/t")" >>"$work/$name.times" # run 0 warms the file cache
  done
  printf '%-22s median wall %6.3f s   median peak memory %6.1f MiB   (%d runs)\n' "$name" \
    "$(cut -d' ' -f1 <"$work/$name.times" | median)" "$(echo "$(cut -d' ' -f2 <"$work/$name.times" | median)/1024" | bc -l)" "$RUNS"
  ls "$work/out.1/templates" 2>/dev/null | wc -l >"$work/$name.count"
  rm -rf "$work"/out.*
}

measure "generate"
xargs printf '  %s templates written\n' <"$work/generate.count"
measure "generate --dry-run" --dry-run
