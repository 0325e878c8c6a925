#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan + UBSan) and runs each for a bounded
# time from its seed corpus in fuzz/corpus/ (which holds every input that ever crashed unknot).
# Fails on any crash, sanitizer report, timeout or out-of-memory. New inputs libFuzzer finds go
# to a scratch folder, not into the repository; a crashing input is kept in build/fuzz/artifacts/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 25; UNKNOT_FUZZ_SECONDS also works)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${UNKNOT_FUZZ_SECONDS:-25}}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
artifacts=build/fuzz/artifacts
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for target in intake diary_line content http facts_snapshot; do
  echo "== fuzz_$target: ${seconds}s =="
  mkdir -p "$scratch/$target"
  # The seeds are run first, every one: a crasher from the corpus fails at once.
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "build/fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=200000 \
      -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
      "$scratch/$target" "fuzz/corpus/$target" >"$scratch/$target.log" 2>&1; then
    echo "fuzz_$target FAILED; the input is in $artifacts/, the log follows:"
    tail -50 "$scratch/$target.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$scratch/$target.log" | tail -1 || true
  fi
done
exit "$status"
