# shellcheck shell=bash
# Sourced by the browser tests' runners (run.sh, clinic_run.sh) from tests/web: checks that
# Debian's chromium, node and npm are there and installs playwright-core from package-lock.json
# (npm ci) when it is missing or older than the lock file. A missing browser or node fails the
# test named $1 (a journey that did not run has not passed); UNKNOT_ALLOW_SKIP=1 makes it a
# skip instead (exit 77, ctest's SKIP_RETURN_CODE).
browser_ready() {
  local test_name=$1 tool
  missing() {
    if [ "${UNKNOT_ALLOW_SKIP:-0}" = 1 ]; then
      echo "$test_name: SKIPPED (UNKNOT_ALLOW_SKIP=1): $1 is missing" >&2
      exit 77
    fi
    echo "$test_name: FAIL: $1 is missing; ./scripts/install-deps.sh installs it (UNKNOT_ALLOW_SKIP=1 skips)" >&2
    exit 1
  }
  [ -x /usr/bin/chromium ] || missing /usr/bin/chromium
  for tool in node npm; do
    command -v "$tool" >/dev/null 2>&1 || missing "$tool"
  done
  if [ ! -f node_modules/playwright-core/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
}
