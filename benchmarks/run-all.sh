#!/usr/bin/env bash
# Runs every benchmark, one after another (they share the machine, so never in parallel), and prints their figures.
set -euo pipefail
cd "$(dirname "$0")"
for benchmark in P1-submissions P2-notice-latency P3-restart P5-scans P6-upload P7-orchestrations P9-staff-import; do
  ./$benchmark.sh
done
echo
echo "== P8 idle CPU =="
./idle-cpu.sh 60
