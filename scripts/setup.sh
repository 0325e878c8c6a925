#!/usr/bin/env bash
# First command of the README: install what is missing, build, and start the web app (it
# prints its address; Ctrl+C stops it). With arguments, runs `unknot ARGS` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh run
cmake --preset release >/dev/null
cmake --build --preset release --target unknot
if [ $# -eq 0 ]; then
  exec ./build/release/unknot serve
fi
exec ./build/release/unknot "$@"
