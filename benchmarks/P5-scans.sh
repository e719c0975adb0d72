#!/usr/bin/env bash
# P5: the daily review scan and the retention job over 10k and 100k records (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
exec "$(dirname "$0")/run.sh" scans
