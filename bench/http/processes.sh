# Sourced by run.sh and compare.sh: the processes a benchmark starts (PIDS, stopped on exit) and free ports for them.
PIDS=()

# Newest first, each gone before the next: a silo stops gracefully only while Redis (started first) still answers.
cleanup() {
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
