#!/usr/bin/env bash
# Runs every test project in Release against real dependencies and prints one closing line:
#   tests: N passed, N failed, N skipped
# Installs what the tests need (redis-server, chromium, nginx) when it is missing and this runs as root, as in CI.
set -uo pipefail
cd "$(dirname "$0")"

results=.artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

need_packages=()
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_packages+=(nginx)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_packages[*]} ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}") >"$results/apt.log" 2>&1 \
      || { cat "$results/apt.log"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
  else
    echo "Missing ${need_packages[*]}: install them (sudo apt-get install ${need_packages[*]}) and run again." >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! dotnet build SessionGrains.sln -c Release -nologo -v q; then
  echo "Build failed."
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

# One project at a time: several suites measure failover and latency, and on two cores they must not compete.
status=0
for project in tests/*/*.Tests.csproj; do
  echo "=== $(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$(basename "$project" .csproj).trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=$?
done

passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then
  echo "No test ran."
  [ "$failed" -gt 0 ] || failed=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failed test: counting the run as failed."
  failed=1
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
