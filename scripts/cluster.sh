#!/usr/bin/env bash
# The docker-compose topology as local processes on loopback: Redis (AOF on), N silos, M front ends and nginx.
#   scripts/cluster.sh up [silos=3] [frontends=2]   start everything; logs and pids in .cluster/
#   scripts/cluster.sh status                       processes and the cluster view in Redis
#   scripts/cluster.sh down                         stop exactly the processes this script started
# Ports: nginx 8080, Redis 6390, front ends 5101.., silos 11111.. (override with SG_*_PORT variables).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=.cluster
redis_port=${SG_REDIS_PORT:-6390}
lb_port=${SG_LB_PORT:-8080}
frontend_base=${SG_FRONTEND_PORT:-5101}
silo_base=${SG_SILO_PORT:-11111}
cluster_id=${SG_CLUSTER_ID:-local}
configuration=${SG_CONFIGURATION:-Release}

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
  "$@" >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

wait_for() { # description, command...
  local description=$1
  shift
  for _ in $(seq 1 150); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "Timed out waiting for $description; see $dir/*.log" >&2
  return 1
}

up() {
  local silos=${1:-3} frontends=${2:-2}
  if ls "$dir"/*.pid >/dev/null 2>&1; then
    echo "A cluster is already up ($dir has pids); run '$0 down' first." >&2
    exit 1
  fi
  need redis-server redis-server
  need nginx nginx
  mkdir -p "$dir/redis"
  dotnet build src/Silo -c "$configuration" -nologo -v q >/dev/null
  dotnet build src/WebFrontend -c "$configuration" -nologo -v q >/dev/null

  start redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$PWD/$dir/redis" --appendonly yes --appendfsync everysec --save ""
  wait_for "Redis" redis-cli -p "$redis_port" ping

  export SessionGrains__Redis="127.0.0.1:$redis_port" SessionGrains__Cluster__ClusterId="$cluster_id"
  for i in $(seq 1 "$silos"); do
    SessionGrains__Silo__Port=$((silo_base + i - 1)) SessionGrains__Silo__ListenAddress=127.0.0.1 \
      start "silo$i" dotnet "src/Silo/bin/$configuration/net10.0/SessionGrains.Silo.dll"
  done

  local servers=""
  for i in $(seq 1 "$frontends"); do
    local port=$((frontend_base + i - 1))
    SessionGrains__Mode=Client start "frontend$i" dotnet "src/WebFrontend/bin/$configuration/net10.0/SessionGrains.WebFrontend.dll" --urls "http://127.0.0.1:$port"
    servers="$servers    server 127.0.0.1:$port max_fails=1 fail_timeout=2s;
"
  done
  for i in $(seq 1 "$frontends"); do
    wait_for "front end $i" curl -sf "http://127.0.0.1:$((frontend_base + i - 1))/healthz"
  done

  cat >"$dir/nginx.conf" <<NGINX
worker_processes 1;
pid $PWD/$dir/nginx.pid.nginx;
error_log $PWD/$dir/nginx-error.log;
daemon off;
events {}
http {
  access_log off;
  client_body_temp_path $PWD/$dir/nginx-tmp;
  upstream frontends {
$servers  }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://frontends;
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 1s;
      proxy_read_timeout 10s;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
NGINX
  mkdir -p "$dir/nginx-tmp"
  start nginx nginx -c "$PWD/$dir/nginx.conf" -p "$PWD/$dir"
  wait_for "nginx" curl -sf "http://127.0.0.1:$lb_port/healthz"
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
  echo "View (sg:cluster:$cluster_id), silo -> status|applied view:"
  redis-cli -p "$redis_port" HGETALL "sg:cluster:$cluster_id:silos" | paste - - || true
}

down() {
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  echo "Down."
}

case "${1:-}" in
  up) shift; up "$@" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: $0 up [silos] [frontends] | status | down" >&2; exit 2 ;;
esac
