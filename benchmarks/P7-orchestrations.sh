#!/usr/bin/env bash
# P7: 2,000 five-activity orchestrations on Azurite and in memory (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
exec "$(dirname "$0")/run.sh" orchestrations
