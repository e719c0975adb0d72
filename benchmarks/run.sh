#!/usr/bin/env bash
# Builds the benchmark harness (Release) once and runs one of its benchmarks: benchmarks/run.sh <name>.
# Each benchmark prints its figures beside a baseline measured in the same run, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/azurite/package.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
dotnet build benchmarks/Harness -c Release -nologo -v q >/dev/null
dotnet benchmarks/Harness/bin/Release/net10.0/EsafetyServerless.Benchmarks.dll "$@"
