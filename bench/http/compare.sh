#!/usr/bin/env bash
# Compares two builds of the front end (or one build under two environments) in the same run: both start at once on
# one Redis, and their plain and count runs alternate, so they see the same machine. On a shared 2-core VM the
# throughput of a whole run drifts by 10-20 % within minutes; a difference between two separate runs of run.sh means
# little, one that holds across this script's rounds (and with A and B swapped) means something.
#
# Usage: bench/http/compare.sh DIR_A DIR_B    (build outputs holding SessionGrains.WebFrontend.dll; run.sh's setup)
# Environment:
#   ENV_A, ENV_B   extra environment of each front end, such as DOTNET_gcServer=0
#   ROUNDS=3       rounds of plain then count, on A then B
#   DURATION=6s    length of each wrk run
#   THREADS=16     wrk threads = connections = sessions
# Prints per round and build: plain req/s, count req/s, count/plain.
set -euo pipefail

cd "$(dirname "$0")/../.."
DIR_A=${1:?usage: compare.sh DIR_A DIR_B}
DIR_B=${2:?usage: compare.sh DIR_A DIR_B}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-6s}
THREADS=${THREADS:-16}
WORK=$(mktemp -d /tmp/sg-http-compare.XXXXXX)
# shellcheck source=bench/http/processes.sh
source bench/http/processes.sh

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# start_front_end NAME DIR ENV: a front end hosting its own silo, as in run.sh, and one counter cookie per connection.
start_front_end() {
  local name=$1 dir=$2 environment=$3 port silo_port gateway_port
  port=$(free_port)
  silo_port=$(free_port)
  gateway_port=$(free_port)
  # shellcheck disable=SC2086 # ENV_A/ENV_B are lists of assignments
  env $environment dotnet "$dir/SessionGrains.WebFrontend.dll" --urls "http://127.0.0.1:$port" \
    "--SessionGrains:Redis=127.0.0.1:$REDIS_PORT" "--SessionGrains:Cluster:ClusterId=compare-$name-$$" \
    --SessionGrains:Orleans:Membership:ProbeTimeout=00:00:10 --SessionGrains:Orleans:Membership:MaxProbeTimeout=00:00:40 \
    --Logging:LogLevel:Default=Warning --SessionGrains:Mode=Silo "--SessionGrains:Silo:Port=$silo_port" \
    "--SessionGrains:Silo:GatewayPort=$gateway_port" --SessionGrains:Silo:ListenAddress=127.0.0.1 \
    --SessionGrains:MaxSessionsPerUser=0 >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for i in $(seq 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true) == 200 ]] && break
    if [[ $i == 600 ]]; then echo "Front end $name did not become healthy:"; cat "$WORK/$name.log"; exit 1; fi
    sleep 0.1
  done
  : >"$WORK/$name.cookies"
  for _ in $(seq "$THREADS"); do
    curl -s -o /dev/null -c "$WORK/jar" -X POST "http://127.0.0.1:$port/api/count"
    awk '$6 == "sg" { print $7 }' "$WORK/jar" >>"$WORK/$name.cookies"
  done
  echo "$port" >"$WORK/$name.port"
}

start_front_end A "$DIR_A" "${ENV_A:-}"
start_front_end B "$DIR_B" "${ENV_B:-}"

# rps NAME METHOD PATH DURATION
rps() {
  COOKIES_FILE="$WORK/$1.cookies" WRK_METHOD=$2 wrk -t"$THREADS" -c"$THREADS" -d"$4" -s bench/http/cookies.lua \
    "http://127.0.0.1:$(cat "$WORK/$1.port")$3" | awk '/^Requests\/sec:/ { print $2 }'
}

echo "# A: $DIR_A ${ENV_A:-}"
echo "# B: $DIR_B ${ENV_B:-}"
for name in A B; do rps "$name" GET /api/plain 4s >/dev/null; rps "$name" POST /api/count 4s >/dev/null; done
for round in $(seq "$ROUNDS"); do
  for name in A B; do
    plain=$(rps "$name" GET /api/plain "$DURATION")
    count=$(rps "$name" POST /api/count "$DURATION")
    printf 'round %s %s plain %9s count %9s count/plain %.3f\n' "$round" "$name" "$plain" "$count" "$(echo "$count / $plain" | bc -l)"
  done
done
