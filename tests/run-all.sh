#!/usr/bin/env bash
# Runs every test: installs what a fresh machine lacks, builds with warnings as errors, runs all test projects and
# prints one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# Node packages (Azurite, GOV.UK Frontend), pinned in package-lock.json.
if [ ! -f node_modules/azurite/package.json ] || [ ! -f node_modules/govuk-frontend/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian's Chromium for the page tests (Playwright drives it; its own browser download cannot run here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

dotnet build EsafetyServerless.sln -warnaserror -nologo -v q

log=$(mktemp)
status=0
dotnet test EsafetyServerless.sln --no-build -nologo 2>&1 | tee "$log" || status=$?

awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) }
     }
     END { printf "%d passed, %d failed\n", p, f }' "$log" | tr -d ','
rm -f "$log"
exit $status
