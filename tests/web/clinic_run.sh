#!/usr/bin/env bash
# ctest `clinic_browser`: the clinician's journeys of clinic_journey.test.mjs against the
# unknot binary given as $1, on a throwaway PostgreSQL (scripts/with-postgres.sh). Like
# run.sh: playwright-core from package-lock.json (npm ci) when missing, Debian's chromium.
set -euo pipefail
binary=$(realpath "$1")
cd "$(dirname "$0")"
if [ -z "${UNKNOT_CLINIC_DB:-}" ]; then
  exec ../../scripts/with-postgres.sh bash "$PWD/clinic_run.sh" "$binary"
fi
missing() {
  if [ "${UNKNOT_ALLOW_SKIP:-0}" = 1 ]; then
    echo "clinic_browser: SKIPPED (UNKNOT_ALLOW_SKIP=1): $1 is missing" >&2
    exit 77
  fi
  echo "clinic_browser: FAIL: $1 is missing; ./scripts/install-deps.sh installs it (UNKNOT_ALLOW_SKIP=1 skips)" >&2
  exit 1
}
[ -x /usr/bin/chromium ] || missing /usr/bin/chromium
command -v node >/dev/null 2>&1 || missing node
command -v npm >/dev/null 2>&1 || missing npm
if [ ! -f node_modules/playwright-core/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
UNKNOT_BINARY="$binary" node --test --test-concurrency=1 --test-reporter=spec clinic_journey.test.mjs
