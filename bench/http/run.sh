#!/usr/bin/env bash
# Issue 5's HTTP benchmark: wrk against ONE front end (src/WebFrontend) with Redis, comparing in the same run
#   GET  /api/plain    a plain endpoint of the same app, which never touches the session (the baseline)
#   GET  /api/profile  a signed-in session's profile: cookie -> Data Protection -> session grain LoadAsync
#   POST /api/count    an atomic per-session counter: cookie -> grain IncrementAsync -> Redis write
# Each wrk thread has one connection and its own cookie (-t = -c = THREADS), so every connection is its own
# session. After the run every counter is read back and compared with the 200 responses wrk saw for its cookie.
#
# Usage: bench/http/run.sh            (from anywhere; needs redis-server, wrk, curl, python3, bc, /usr/bin/time)
# Environment:
#   MODE=silo|client  silo (default): the front end hosts the silo itself (SessionGrains:Mode=Silo);
#                     client: the front end is a pure client of one src/Silo process (SessionGrains:Mode=Client)
#   THREADS=16        wrk threads = connections = sessions
#   DURATION=15s      length of each measured wrk run
#   ROUNDS=3          rounds of plain, profile, count (in that order); the medians are reported
#   PIN=0             1: server processes (front end, silo, Redis) on CPU 1 and wrk on CPU 0
#   BUILD=1           0 skips the Release build
set -euo pipefail

cd "$(dirname "$0")/../.."
MODE=${MODE:-silo}
THREADS=${THREADS:-16}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
PIN=${PIN:-0}
BUILD=${BUILD:-1}
LUA=bench/http/cookies.lua
WORK=$(mktemp -d /tmp/sg-http-bench.XXXXXX)
# shellcheck source=bench/http/processes.sh
source bench/http/processes.sh

# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }

# CPU seconds the whole machine has been busy (every process, kernel included).
machine_busy_seconds() { awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }

if [[ $PIN == 1 ]]; then SERVER_CPU=(taskset -c 1); WRK_CPU=(taskset -c 0); else SERVER_CPU=(); WRK_CPU=(); fi

if [[ $BUILD == 1 ]]; then
  dotnet build src/WebFrontend -c Release -nologo -v q
  if [[ $MODE == client ]]; then dotnet build src/Silo -c Release -nologo -v q; fi
fi

REDIS_PORT=$(free_port)
HTTP_PORT=$(free_port)
SILO_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
BASE=http://127.0.0.1:$HTTP_PORT

"${SERVER_CPU[@]}" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
REDIS_PID=$!
for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# Warning-level logs (no per-request console output); 10 s membership probes (40 s at most) so a stall caused by
# other load on a shared machine is not taken for a dead silo (the project's default probe timeout is 1 s).
COMMON=(
  "--SessionGrains:Redis=127.0.0.1:$REDIS_PORT"
  "--SessionGrains:Cluster:ClusterId=http-bench-$$"
  "--SessionGrains:Orleans:Membership:ProbeTimeout=00:00:10"
  "--SessionGrains:Orleans:Membership:MaxProbeTimeout=00:00:40"
  "--Logging:LogLevel:Default=Warning"
)
SERVER_PIDS=("$REDIS_PID")
declare -A SERVER_NAMES=(["$REDIS_PID"]=redis)
if [[ $MODE == client ]]; then
  "${SERVER_CPU[@]}" dotnet src/Silo/bin/Release/net10.0/SessionGrains.Silo.dll "${COMMON[@]}" \
    "--SessionGrains:Silo:Port=$SILO_PORT" "--SessionGrains:Silo:GatewayPort=$GATEWAY_PORT" \
    "--SessionGrains:Silo:ListenAddress=127.0.0.1" >"$WORK/silo.log" 2>&1 &
  PIDS+=($!)
  SERVER_PIDS+=($!)
  SERVER_NAMES[$!]=silo
  FRONT_END=(--SessionGrains:Mode=Client)
else
  FRONT_END=(--SessionGrains:Mode=Silo "--SessionGrains:Silo:Port=$SILO_PORT" "--SessionGrains:Silo:GatewayPort=$GATEWAY_PORT"
    --SessionGrains:Silo:ListenAddress=127.0.0.1)
fi

# No per-user cap: every wrk connection gets a signed-in session of alice (the default cap of 10 would evict).
"${SERVER_CPU[@]}" dotnet src/WebFrontend/bin/Release/net10.0/SessionGrains.WebFrontend.dll --urls "$BASE" \
  "${COMMON[@]}" "${FRONT_END[@]}" --SessionGrains:MaxSessionsPerUser=0 >"$WORK/frontend.log" 2>&1 &
PIDS+=($!)
APP_PID=$!
SERVER_PIDS+=("$APP_PID")
SERVER_NAMES[$APP_PID]=front-end
for i in $(seq 600); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz" || true) == 200 ]] && break
  if ! kill -0 "$APP_PID" 2>/dev/null || [[ $i == 600 ]]; then echo "The front end did not become healthy:"; cat "$WORK/frontend.log"; exit 1; fi
  sleep 0.1
done

# One signed-in cookie and one counter cookie per connection.
: >"$WORK/profile.cookies"
: >"$WORK/count.cookies"
for _ in $(seq "$THREADS"); do
  curl -s -o /dev/null -c "$WORK/jar" -H 'Content-Type: application/json' \
    -d '{"username":"alice","password":"alice-dev-password"}' "$BASE/api/login"
  awk '$6 == "sg" { print $7 }' "$WORK/jar" >>"$WORK/profile.cookies"
  curl -s -o /dev/null -c "$WORK/jar" -X POST "$BASE/api/count"
  awk '$6 == "sg" { print $7 }' "$WORK/jar" >>"$WORK/count.cookies"
done
rm -f "$WORK/jar"
[[ $(wc -l <"$WORK/profile.cookies") == "$THREADS" && $(wc -l <"$WORK/count.cookies") == "$THREADS" ]] || { echo "Could not obtain $THREADS cookies of each kind."; exit 1; }
PROFILE_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sg=$(head -1 "$WORK/profile.cookies")" "$BASE/api/profile")
[[ $PROFILE_STATUS == 200 ]] || { echo "GET /api/profile with a signed-in cookie answered $PROFILE_STATUS."; exit 1; }

# Per counter cookie: the 200 responses wrk saw, over every count run (warm-up included).
declare -A SEEN
for i in $(seq "$THREADS"); do SEEN[$i]=0; done

declare -A RPS
# run_wrk NAME PATH METHOD COOKIES DURATION
run_wrk() {
  local name=$1 path=$2 method=$3 cookies=$4 duration=$5 out="$WORK/$1.out" pid
  local -A before
  for pid in "${SERVER_PIDS[@]}"; do before[$pid]=$(cpu_seconds "$pid"); done
  local busy_before busy_after server_total=0 wrk_cpu
  busy_before=$(machine_busy_seconds)
  COOKIES_FILE=$cookies WRK_METHOD=$method /usr/bin/time -f 'WRK_CPU %U %S' "${WRK_CPU[@]}" \
    wrk -t"$THREADS" -c"$THREADS" -d"$duration" --latency -s "$LUA" "$BASE$path" >"$out" 2>&1
  busy_after=$(machine_busy_seconds)
  wrk_cpu=$(awk '$1 == "WRK_CPU" { print $2 + $3 }' "$out")
  local rps requests p50 p99 non2xx errors cpu="" used
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  requests=$(awk '/requests in/ { print $1 }' "$out")
  p50=$(awk '$1 == "50%" { print $2 }' "$out")
  p99=$(awk '$1 == "99%" { print $2 }' "$out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ { sub(/.*Socket errors: /, ""); print }' "$out"); errors=${errors:-none}
  for pid in "${SERVER_PIDS[@]}"; do
    used=$(echo "$(cpu_seconds "$pid") - ${before[$pid]}" | bc -l)
    server_total=$(echo "$server_total + $used" | bc -l)
    cpu+=$(printf ' %s %.0f µs' "${SERVER_NAMES[$pid]}" "$(echo "$used * 1000000 / $requests" | bc -l)")
  done
  cpu+=$(printf ' wrk %.0f µs' "$(echo "$wrk_cpu * 1000000 / $requests" | bc -l)")
  RPS[$name]=$rps
  # Busy CPU of the machine that was neither the servers nor wrk: other engineers' work competing for the 2 cores.
  local other
  other=$(echo "$busy_after - $busy_before - $server_total - $wrk_cpu" | bc -l)
  printf '%-15s %-17s %9s req/s  p50 %8s  p99 %8s  non-2xx %s  socket errors: %s  CPU/request:%s  other load %.1f CPU-s\n' \
    "$name" "$method $path" "$rps" "$p50" "$p99" "$non2xx" "$errors" "$cpu" "$other"
  if [[ $path == /api/count ]]; then
    while read -r _ index _ ok _ other; do SEEN[$index]=$((SEEN[$index] + ok)); done < <(grep '^COOKIE ' "$out")
  fi
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "# wrk HTTP benchmark: MODE=$MODE THREADS=$THREADS (= connections = sessions) DURATION=$DURATION ROUNDS=$ROUNDS PIN=$PIN"
echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v }'), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $(redis-server --version | cut -d' ' -f3)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up (5 s each, not counted):"
run_wrk warmup-plain /api/plain GET "$WORK/profile.cookies" 5s
run_wrk warmup-profile /api/profile GET "$WORK/profile.cookies" 5s
run_wrk warmup-count /api/count POST "$WORK/count.cookies" 5s

PLAIN=(); PROFILE=(); COUNT=(); PROFILE_RATIO=(); COUNT_RATIO=()
for round in $(seq "$ROUNDS"); do
  echo "round $round (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  run_wrk "plain-$round" /api/plain GET "$WORK/profile.cookies" "$DURATION"
  run_wrk "profile-$round" /api/profile GET "$WORK/profile.cookies" "$DURATION"
  run_wrk "count-$round" /api/count POST "$WORK/count.cookies" "$DURATION"
  PLAIN+=("${RPS[plain-$round]}"); PROFILE+=("${RPS[profile-$round]}"); COUNT+=("${RPS[count-$round]}")
  PROFILE_RATIO+=("$(echo "${RPS[profile-$round]} / ${RPS[plain-$round]}" | bc -l)")
  COUNT_RATIO+=("$(echo "${RPS[count-$round]} / ${RPS[plain-$round]}" | bc -l)")
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Lost increments: each counter started at 1 (the request that created its session); wrk saw SEEN 200s; the read
# below adds 1. Fewer is a lost increment; more means requests wrk cut off at the end of a run still ran.
lost=0; extra=0; total_seen=0
for i in $(seq "$THREADS"); do
  cookie=$(sed -n "${i}p" "$WORK/count.cookies")
  views=$(curl -s -X POST -H "Cookie: sg=$cookie" "$BASE/api/count" | sed -E 's/.*"views":([0-9]+).*/\1/')
  expected=$((1 + SEEN[$i] + 1))
  total_seen=$((total_seen + SEEN[$i]))
  if ((views < expected)); then lost=$((lost + expected - views)); fi
  if ((views > expected)); then extra=$((extra + views - expected)); fi
done

plain=$(median "${PLAIN[@]}"); profile=$(median "${PROFILE[@]}"); count=$(median "${COUNT[@]}")
profile_ratio=$(median "${PROFILE_RATIO[@]}"); count_ratio=$(median "${COUNT_RATIO[@]}")
echo
echo "median req/s: plain $plain, profile $profile, count $count"
printf 'median per-round ratio: profile/plain %.3f, count/plain %.3f\n' "$profile_ratio" "$count_ratio"
echo "increments: wrk saw $total_seen successful POST /api/count over $THREADS sessions; lost $lost; extra (cut off by wrk at a run's end, yet applied) $extra"
met() { if (($(echo "$1" | bc -l))); then echo MET; else echo "NOT MET"; fi; }
printf 'TARGET issue 5 GET /api/profile >= 0.75x plain: %s (%.3f)\n' "$(met "$profile_ratio >= 0.75")" "$profile_ratio"
printf 'TARGET issue 5 POST /api/count >= 0.55x plain: %s (%.3f)\n' "$(met "$count_ratio >= 0.55")" "$count_ratio"
printf 'TARGET issue 5 zero lost increments: %s (%d lost)\n' "$(met "$lost == 0")" "$lost"
echo "(wrk outputs and server logs: $WORK)"
