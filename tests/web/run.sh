#!/usr/bin/env bash
# ctest `web_browser`: the browser journeys of journey.test.mjs and the installable, offline
# app of offline.test.mjs, against the unknot binary given as $1. Installs playwright-core from
# package-lock.json (npm ci) when it is missing; the browser is Debian's chromium
# (scripts/install-deps.sh), never a downloaded one.
set -euo pipefail
binary=$(realpath "$1")
cd "$(dirname "$0")"
# A missing browser or node fails the test (a journey that did not run has not passed);
# UNKNOT_ALLOW_SKIP=1 makes it a skip instead (exit 77, ctest's SKIP_RETURN_CODE).
missing() {
  if [ "${UNKNOT_ALLOW_SKIP:-0}" = 1 ]; then
    echo "web_browser: SKIPPED (UNKNOT_ALLOW_SKIP=1): $1 is missing" >&2
    exit 77
  fi
  echo "web_browser: FAIL: $1 is missing; ./scripts/install-deps.sh installs it (UNKNOT_ALLOW_SKIP=1 skips)" >&2
  exit 1
}
[ -x /usr/bin/chromium ] || missing /usr/bin/chromium
command -v node >/dev/null 2>&1 || missing node
command -v npm >/dev/null 2>&1 || missing npm
if [ ! -f node_modules/playwright-core/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# One file at a time: each starts its own server and browser, and the machine may be small.
UNKNOT_BINARY="$binary" node --test --test-concurrency=1 --test-reporter=spec journey.test.mjs offline.test.mjs
