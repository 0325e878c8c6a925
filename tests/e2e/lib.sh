# Shared by the end-to-end scripts (tests/e2e, tests/desk): counters, `check NAME COMMAND...`,
# which counts the command as passed when it succeeds and prints FAIL: NAME otherwise, and
# `wait_for SECONDS COMMAND...`. Sourced, not run.
passed=0
failed=0

check() {
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}

# Retries COMMAND every 0.1 s until it succeeds or SECONDS have passed.
wait_for() {
  local seconds="$1"; shift
  for _ in $(seq $((seconds * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}

# Prints the totals and returns non-zero when anything failed.
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
