#!/usr/bin/env bash
# P1: POST /api/incidents at 1, 20 and 50 concurrent submitters, one agency and 20 agencies (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
exec "$(dirname "$0")/run.sh" submissions
