#!/usr/bin/env bash
# First command of the README: install what is missing, build, and run unknot's main job.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target unknot
exec ./build/release/unknot "$@"
