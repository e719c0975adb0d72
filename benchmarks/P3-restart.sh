#!/usr/bin/env bash
# P3: SIGKILL while orchestrations wait and work is in flight, then restart (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
exec "$(dirname "$0")/run.sh" restart
