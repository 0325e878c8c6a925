#!/usr/bin/env bash
# ctest `web_browser`: the browser journeys of journey.test.mjs and the installable, offline
# app of offline.test.mjs, against the unknot binary given as $1. Installs playwright-core from
# package-lock.json (npm ci) when it is missing; the browser is Debian's chromium
# (scripts/install-deps.sh), never a downloaded one.
set -euo pipefail
binary=$(realpath "$1")
cd "$(dirname "$0")"
. ./browser_setup.sh
browser_ready web_browser
# One file at a time: each starts its own server and browser, and the machine may be small.
UNKNOT_BINARY="$binary" node --test --test-concurrency=1 --test-reporter=spec journey.test.mjs offline.test.mjs
