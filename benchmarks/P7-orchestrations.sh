#!/usr/bin/env bash
# P7: 500 five-activity orchestrations (BENCH_ORCHESTRATIONS=n for another number) on Azurite and in memory (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
# The in-memory host's sidecar logs every gRPC call at Information otherwise.
export Logging__LogLevel__Default=Warning
exec "$(dirname "$0")/run.sh" orchestrations
