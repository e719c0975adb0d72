#!/usr/bin/env bash
# Measures the local runtime's idle CPU: starts it on spare ports with fresh data, waits until healthy, lets it settle,
# then reads the CPU time (utime + stime from /proc/<pid>/stat) of the runtime and its Azurite over a window and
# prints their share of one core. Target: under 5% together. Usage: benchmarks/idle-cpu.sh [window-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
window=${1:-60}
data=$(mktemp -d)
port=17171
export Local__DataDirectory="$data" Local__HttpPort=$port Local__AzuriteBlobPort=17100 Local__AzuriteQueuePort=17101 Local__AzuriteTablePort=17102

dotnet build local -v q -nologo >/dev/null
dotnet local/bin/Debug/net10.0/EsafetyServerless.Local.dll >"$data/runtime.log" 2>&1 &
runtime=$!
trap 'kill -TERM $runtime 2>/dev/null; wait $runtime 2>/dev/null; rm -rf "$data"' EXIT

until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do sleep 0.5; done
azurite=$(cat "$data/azurite/azurite.pid")
sleep 15 # let start-up work (seeding, first polls) finish

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
r0=$(ticks $runtime); a0=$(ticks $azurite)
sleep "$window"
r1=$(ticks $runtime); a1=$(ticks $azurite)

awk -v r=$((r1 - r0)) -v a=$((a1 - a0)) -v hz="$hz" -v w="$window" 'BEGIN {
  printf "idle for %ds: runtime %.2f%%, azurite %.2f%%, together %.2f%% of one core\n", w, 100*r/hz/w, 100*a/hz/w, 100*(r+a)/hz/w
}'
