#!/usr/bin/env bash
# P6: a 100 MB evidence upload and its re-hash (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
exec "$(dirname "$0")/run.sh" upload
