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
. ./browser_setup.sh
browser_ready clinic_browser
UNKNOT_BINARY="$binary" node --test --test-concurrency=1 --test-reporter=spec clinic_journey.test.mjs
