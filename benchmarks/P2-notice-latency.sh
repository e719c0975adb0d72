#!/usr/bin/env bash
# P2: submission to the LADO notice after 0, 10 and 60 s idle (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
exec "$(dirname "$0")/run.sh" notice-latency
