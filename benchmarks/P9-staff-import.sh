#!/usr/bin/env bash
# P9: a 5,000-row staff CSV imported (read, preview, confirm) on Azurite (benchmarks/Harness/; see README, "Performance").
set -euo pipefail
exec "$(dirname "$0")/run.sh" staff-import
