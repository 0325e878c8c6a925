# Shared by the end-to-end scripts: counters and `check NAME COMMAND...`, which counts the
# command as passed when it succeeds and prints FAIL: NAME otherwise. Sourced, not run.
passed=0
failed=0

check() {
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}

# Prints the totals and returns non-zero when anything failed.
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
