#!/usr/bin/env bash
# Second command of the README (and .ci/run): build and run every test, in a normal build and
# in an ASan + UBSan build; after the normal build's tests the mutation test
# (scripts/mutation.sh: deliberate bugs that the fast tests must catch); then the fuzzers.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh test
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths relative to the tree and the directory left out of the hash: the mutation test's
# scratch copy of the tree then reuses these objects instead of compiling everything again.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
jobs=$(nproc)
for preset in release sanitize; do
  echo "== unknot: $preset build and tests =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  if [ "$preset" = release ]; then
    ctest --preset release -j "$jobs" --no-tests=error
    echo "== unknot: mutation test =="
    UNKNOT_MUTATION_BASELINE_PASSED=1 ./scripts/mutation.sh
  else
    # Under the sanitizers, everything but the tests labelled release_only: the browser
    # journeys, the desktop sessions, the kill-at-random crash test and the package check
    # drive the same code paths as the end-to-end tests that do run here, at several times
    # the cost (CMakeLists.txt says which and why).
    ctest --preset sanitize -j "$jobs" --no-tests=error -LE release_only
  fi
done
echo "== unknot: fuzzing (libFuzzer, bounded time per target) =="
./scripts/fuzz.sh
