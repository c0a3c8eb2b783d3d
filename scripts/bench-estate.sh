#!/usr/bin/env bash
# Times an estate of 50 configs (25 sec, 25 sg, one account) deployed with
# --parallel 8 against one test endpoint (test/moto/server), against the
# slowest of its configs deployed alone. Each round deploys on a reset
# endpoint and destroys after; RUNS rounds (default 3), median wall time
# measured with /usr/bin/time. Usage: ./scripts/bench-estate.sh
#
# moto_server answers one request at a time, so the stacks' calls queue at
# the endpoint: the figure is what landform's scheduling gets out of an
# endpoint that serialises, not what CloudFormation would do in parallel.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
PARALLEL=${PARALLEL:-8}
[ -x /usr/bin/time ] || { echo "bench-estate.sh: /usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
test/moto/server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; rm -rf "$work"' EXIT
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none
for _ in $(seq 50); do curl -s "$AWS_ENDPOINT_URL/moto-api/" >/dev/null && break; sleep 0.2; done
go build -o "$work/landform" ./cmd/landform
lf() { "$work/landform" --workdir "$work/out" "$@"; }

# The estate: sec startup for tenants t01..t25, sg two-tier-web for
# workloads w01..w25, all in moto's account, the VPC id external.
mkdir -p "$work/estate"
for i in $(seq -w 1 25); do
  sed -e "s/tenant_id: t001/tenant_id: t0$i/" -e 's/account_id: "012345678901"/account_id: "123456789012"/' \
    examples/sec/startup.yaml >"$work/estate/sec-$i.yaml"
  sed -e "s/workload: portal/workload: w$i/" -e 's/account_id: "012345678901"/account_id: "123456789012"/' \
    examples/sg/two-tier-web.yaml >"$work/estate/sg-$i.yaml"
done
printf 'external:\n  - /vpc/acme-dev-t001-us-east-1-vpc/VPCId\n' >"$work/estate/estate.yaml"

network() {
  curl -s -X POST "$AWS_ENDPOINT_URL/moto-api/reset" >/dev/null
  vpc=$(aws ec2 create-vpc --cidr-block 10.50.0.0/16 --query Vpc.VpcId --output text)
  aws ssm put-parameter --name /vpc/acme-dev-t001-us-east-1-vpc/VPCId --type String --value "$vpc" >/dev/null
}

# timed NAME ARGS...: deploy on a fresh endpoint, RUNS times; median wall.
timed() {
  local name=$1; shift
  : >"$work/$name.times"
  for _ in $(seq "$RUNS"); do
    network
    /usr/bin/time -f '%e' -o "$work/t" "$work/landform" --workdir "$work/out" deploy --force --poll-interval 50ms "$@" >"$work/$name.out" 2>&1 \
      || { echo "bench-estate.sh: deploy $name failed:" >&2; tail -20 "$work/$name.out" >&2; exit 1; }
    tail -n 1 "$work/t" >>"$work/$name.times"
  done
  sort -n "$work/$name.times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

sec=$(timed sec -c "$work/estate/sec-01.yaml")
sg=$(timed sg -c "$work/estate/sg-01.yaml")
all=$(timed estate -c "$work/estate" --parallel "$PARALLEL")
grep -c 'stack.*: CREATE_COMPLETE in' "$work/estate.out" | xargs printf 'estate: %s stacks CREATE_COMPLETE\n'
cpu0=$(awk '{print $14+$15}' /proc/$moto/stat)
t0=$(date +%s.%N)
one=$(timed serial -c "$work/estate" --parallel 1)
cpu1=$(awk '{print $14+$15}' /proc/$moto/stat)
t1=$(date +%s.%N)
slowest=$(printf '%s\n%s\n' "$sec" "$sg" | sort -n | tail -1)
printf 'one sec config alone    median wall %6.2f s\n' "$sec"
printf 'one sg config alone     median wall %6.2f s\n' "$sg"
printf '50 configs, parallel 1  median wall %6.2f s   (the endpoint busy %.0f%% of that time)\n' "$one" \
  "$(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK) / ($t1 - $t0) * 100" | bc -l)"
printf '50 configs, parallel %d  median wall %6.2f s   = %.2f x the slowest single config, %.2f x parallel 1 (%d runs each)\n' \
  "$PARALLEL" "$all" "$(echo "$all / $slowest" | bc -l)" "$(echo "$all / $one" | bc -l)" "$RUNS"
