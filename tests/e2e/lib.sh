# Shared by the end-to-end scripts (tests/e2e, tests/desk): counters, `check NAME COMMAND...`,
# which counts the command as passed when it succeeds and prints FAIL: NAME otherwise, and
# `wait_for SECONDS COMMAND...`. Sourced, not run.
passed=0
failed=0
skipped=0

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

# `run EXPECTED_EXIT ARGS...`: runs "$unknot" ARGS with no input, keeps its stdout and stderr
# in "$work/out" and "$work/err", and fails (showing the start of stderr) on any other exit.
# The caller sets $unknot and $work.
run() {
  local expected="$1"; shift
  "$unknot" "$@" >"$work/out" 2>"$work/err" </dev/null
  local code=$?
  if [ "$code" -ne "$expected" ]; then
    echo "  unknot $* exited $code, expected $expected"; head -c 2000 "$work/err"; echo; return 1
  fi
}

# `json_ok`: "$work/out" is one JSON document. `json_has EXPRESSION`: and the Python
# EXPRESSION on it (as d) is true.
json_ok() { python3 -m json.tool "$work/out" >/dev/null || { echo "  not JSON:"; head -5 "$work/out"; return 1; }; }
json_has() {
  python3 -c "import json,sys; d=json.load(open('$work/out')); sys.exit(0 if ($1) else 1)" ||
    { echo "  JSON check failed: $1"; head -20 "$work/out"; return 1; }
}

# `file_has FILE PATTERN` and `file_lacks FILE PATTERN` (grep -E patterns): both first
# require FILE to exist and hold something, so a missing or empty file fails the check
# instead of "lacking" the pattern.
file_read() {
  [ -s "$1" ] && return 0
  echo "  $1 is missing or empty"
  return 1
}
file_has() { file_read "$1" && grep -Eq -- "$2" "$1"; }
file_lacks() { file_read "$1" && ! grep -Eq -- "$2" "$1"; }

# `text_lacks TEXT PATTERN`: TEXT (a screen, a command's output) is non-empty and does not
# match PATTERN.
text_lacks() {
  [ -n "$1" ] || { echo "  nothing to read (empty text)"; return 1; }
  ! grep -Eq -- "$2" <<<"$1"
}

# `require_tool NAME WHAT`: a missing prerequisite fails the run, so a test that could not
# run is never counted as passed. UNKNOT_ALLOW_SKIP=1 turns this into a skip for machines
# that cannot have it (then the caller skips the checks that need it and says so).
# Returns 0 when the tool is there, 1 when it is missing (counted as failed, or as skipped
# when skipping is allowed).
require_tool() {
  local name="$1" what="$2"
  command -v "$name" >/dev/null 2>&1 && return 0
  if [ "${UNKNOT_ALLOW_SKIP:-0}" = 1 ]; then
    echo "SKIPPED (UNKNOT_ALLOW_SKIP=1): $name is missing, so $what did not run"
    skipped=$((skipped + 1))
    return 1
  fi
  echo "FAIL: $name is missing, so $what cannot run (scripts/install-deps.sh installs it;" \
       "UNKNOT_ALLOW_SKIP=1 skips instead)"
  failed=$((failed + 1))
  return 1
}

# Prints the totals and returns non-zero when anything failed, or 77 (ctest's "skipped",
# see SKIP_RETURN_CODE in CMakeLists.txt) when nothing failed but some checks were skipped.
finish() {
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ] || return 1
  [ "$skipped" -eq 0 ] || return 77
}
