#!/usr/bin/env bash
# The docker-compose topology as local processes on loopback: Redis (AOF on), N Orleans silos (Redis clustering and
# storage), M front ends (Orleans clients, SessionGrains:Mode=Client) and nginx in front.
#   scripts/cluster.sh up [silos=3] [frontends=2]   start everything; logs and pids in .cluster/
#   scripts/cluster.sh status                       processes, and each silo's row in Orleans' membership hash
#   scripts/cluster.sh drain N                      take front end N out of nginx (down + reload), then SIGTERM it
#   scripts/cluster.sh start-frontend N             start front end N again; nginx sends it requests once it is ready
#   scripts/cluster.sh kill-silo N | stop-silo N    SIGKILL (a crash) or SIGTERM (a graceful stop) silo N
#   scripts/cluster.sh start-silo N                 start silo N again (same ports)
#   scripts/cluster.sh down                         stop exactly the processes this script started
# Ports: nginx 8080, Redis 6390, front ends 5101.., silos 11111.., gateways 30000.. (override with SG_*_PORT
# variables). The front ends' readiness probe is SG_READY_PATH (default /healthz).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=.cluster
redis_port=${SG_REDIS_PORT:-6390}
lb_port=${SG_LB_PORT:-8080}
frontend_base=${SG_FRONTEND_PORT:-5101}
silo_base=${SG_SILO_PORT:-11111}
gateway_base=${SG_GATEWAY_PORT:-30000}
cluster_id=${SG_CLUSTER_ID:-local}
service_id=${SG_SERVICE_ID:-sessiongrains}
ready_path=${SG_READY_PATH:-/healthz}
configuration=${SG_CONFIGURATION:-Release}

export SessionGrains__Redis="127.0.0.1:$redis_port" SessionGrains__Cluster__ClusterId="$cluster_id" SessionGrains__Cluster__ServiceId="$service_id"

need() {
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2") >/dev/null
  else
    echo "Missing $1: install $2 (sudo apt-get install $2)." >&2
    exit 1
  fi
}

start() { # name, command...
  local name=$1
  shift
  "$@" >>"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

wait_for() { # description, command...
  local description=$1
  shift
  for _ in $(seq 1 300); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "Timed out waiting for $description; see $dir/*.log" >&2
  return 1
}

pid_of() { cat "$dir/$1.pid" 2>/dev/null || true; }

start_silo() { # index from 1
  local i=$1
  SessionGrains__Silo__Port=$((silo_base + i - 1)) SessionGrains__Silo__GatewayPort=$((gateway_base + i - 1)) \
    SessionGrains__Silo__ListenAddress=127.0.0.1 SessionGrains__Silo__AdvertisedHost=127.0.0.1 \
    start "silo$i" dotnet "src/Silo/bin/$configuration/net10.0/SessionGrains.Silo.dll"
}

start_frontend() { # index from 1
  local i=$1 port=$((frontend_base + $1 - 1))
  # nginx, on loopback, is the only proxy whose X-Forwarded-For and X-Forwarded-Proto the front ends believe.
  SessionGrains__Mode=Client SessionGrains__ForwardedHeaders__KnownProxies__0=127.0.0.1 start "frontend$i" dotnet "src/WebFrontend/bin/$configuration/net10.0/SessionGrains.WebFrontend.dll" --urls "http://127.0.0.1:$port"
  wait_for "front end $i ($ready_path)" curl -sf "http://127.0.0.1:$port$ready_path"
}

write_nginx() { # frontends
  local servers="" i port down
  for i in $(seq 1 "$1"); do
    port=$((frontend_base + i - 1))
    down=""
    if grep -qx "$i" "$dir/drained" 2>/dev/null; then down=" down"; fi
    servers="$servers    server 127.0.0.1:$port max_fails=1 fail_timeout=1s$down;
"
  done
  # A failed connection goes to the next front end; a POST that reached one never does (no non_idempotent), and a 503
  # is an answer, not a failed front end. Front ends are drained (down + reload) before they stop. nginx is the edge:
  # X-Forwarded-For is the address it sees, never appended to the client's own.
  cat >"$dir/nginx.conf" <<NGINX
worker_processes 1;
pid $PWD/$dir/nginx.pid.nginx;
error_log $PWD/$dir/nginx-error.log;
daemon off;
events {}
http {
  access_log off;
  client_body_temp_path $PWD/$dir/nginx-tmp;
  proxy_temp_path $PWD/$dir/nginx-tmp;
  upstream frontends {
$servers  }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://frontends;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
NGINX
}

workers() { pgrep -P "$(pid_of nginx)" | sort || true; }

reload_nginx() { # returns once the workers of the old configuration have finished their requests and exited
  local old
  old=$(workers)
  kill -HUP "$(pid_of nginx)"
  for _ in $(seq 1 400); do
    local now
    now=$(workers)
    if [ -n "$now" ] && [ -z "$(comm -12 <(echo "$old") <(echo "$now"))" ]; then return 0; fi
    sleep 0.1
  done
  echo "nginx's old workers did not finish within 40 s." >&2
  return 1
}

frontend_count() { ls "$dir"/frontend*.pid 2>/dev/null | wc -l; }

up() {
  local silos=${1:-3} frontends=${2:-2}
  if ls "$dir"/*.pid >/dev/null 2>&1; then
    echo "A cluster is already up ($dir has pids); run '$0 down' first." >&2
    exit 1
  fi
  need redis-server redis-server
  need nginx nginx
  mkdir -p "$dir/redis" "$dir/nginx-tmp"
  : >"$dir/drained"
  dotnet build src/Silo -c "$configuration" -nologo -v q >/dev/null
  dotnet build src/WebFrontend -c "$configuration" -nologo -v q >/dev/null

  start redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$PWD/$dir/redis" --appendonly yes --appendfsync everysec --save ""
  wait_for "Redis" redis-cli -p "$redis_port" ping

  for i in $(seq 1 "$silos"); do start_silo "$i"; done
  wait_for "$silos active silos" bash -c "[ \$(redis-cli -p $redis_port HGETALL '$service_id/members/$cluster_id' | grep -c '\"Status\":3') -ge $silos ]"

  # The first front end creates the shared Data Protection key before the others start.
  start_frontend 1
  curl -sf -X POST -H 'Content-Length: 0' "http://127.0.0.1:$frontend_base/api/count" >/dev/null
  for i in $(seq 2 "$frontends"); do start_frontend "$i"; done

  write_nginx "$frontends"
  start nginx nginx -c "$PWD/$dir/nginx.conf" -p "$PWD/$dir"
  wait_for "nginx" curl -sf "http://127.0.0.1:$lb_port$ready_path"
  echo "Up: http://127.0.0.1:$lb_port (nginx) -> $frontends front ends -> $silos silos -> Redis 127.0.0.1:$redis_port"
}

status() {
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || { echo "No cluster is up."; return; }
    local name pid
    name=$(basename "$pidfile" .pid)
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then echo "$name: running (pid $pid)"; else echo "$name: stopped (pid $pid)"; fi
  done
  echo "Membership ($service_id/members/$cluster_id), silo -> status (Orleans' SiloStatus: 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead):"
  redis-cli -p "$redis_port" HGETALL "$service_id/members/$cluster_id" \
    | grep -o '"SiloAddress":{"SiloAddress":"[^"]*"},"Status":[0-9]' \
    | sed -E 's/.*"SiloAddress":"([^"]*)"\},"Status":([0-9])/  \1 -> \2/' || true
}

drain() { # front end index
  local i=$1
  echo "$i" >>"$dir/drained"
  write_nginx "$(frontend_count)"
  reload_nginx
  kill "$(pid_of "frontend$i")"
  echo "frontend$i: out of nginx, SIGTERM sent."
}

restart_frontend() { # front end index
  local i=$1
  start_frontend "$i"
  grep -vx "$i" "$dir/drained" >"$dir/drained.new" || true
  mv "$dir/drained.new" "$dir/drained"
  write_nginx "$(frontend_count)"
  reload_nginx
  echo "frontend$i: ready and back in nginx."
}

down() {
  # Outside in: nginx, the front ends, the silos (each leaves membership while Redis is still up), then Redis.
  for pidfile in "$dir"/nginx.pid "$dir"/frontend*.pid "$dir"/silo*.pid "$dir"/redis.pid; do
    [ -e "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  echo "Down."
}

case "${1:-}" in
  up) shift; up "$@" ;;
  status) status ;;
  drain) drain "${2:?front end number}" ;;
  start-frontend) restart_frontend "${2:?front end number}" ;;
  kill-silo) kill -9 "$(pid_of "silo${2:?silo number}")" ;;
  stop-silo) kill "$(pid_of "silo${2:?silo number}")" ;;
  start-silo) start_silo "${2:?silo number}" ;;
  down) down ;;
  *) echo "usage: $0 up [silos] [frontends] | status | drain N | start-frontend N | kill-silo N | stop-silo N | start-silo N | down" >&2; exit 2 ;;
esac
