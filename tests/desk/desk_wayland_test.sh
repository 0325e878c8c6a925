#!/usr/bin/env bash
# `unknot desk` on a Wayland compositor through ext-idle-notify-v1: a headless KWin (Debian
# 12's kwin-wayland, its virtual backend) in a private D-Bus session, the mouse moved through
# KWin's fake-input protocol by tests/desk/fake_input.cc, intervals of seconds. Checks that
# idle time brings no reminder, activity does, stopping is a natural break, `auto` picks the
# compositor's idle notifications, and losing the compositor leaves unknot counting plainly.
# No notification daemon: the reminders are read from unknot's own output and status.
# Usage: desk_wayland_test.sh PATH/TO/unknot PATH/TO/unknot_desk_fake_input
set -uo pipefail
unknot="$(realpath "$1")"
nudge="$(realpath "$2")"
here="$(cd "$(dirname "$0")/.." && pwd)"

if [ "${UNKNOT_DESK_INNER:-}" != 1 ]; then
  for tool in kwin_wayland dbus-run-session; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/install-deps.sh installs it)"; exit 1; }
  done
  work="$(mktemp -d)"
  mkdir -m 700 "$work/run" "$work/bin"
  # A copy without the file capability Debian gives kwin_wayland (cap_sys_resource, to raise
  # its limits), which containers may refuse to exec; its Qt plugin wants the name kept.
  cp "$(command -v kwin_wayland)" "$work/bin/kwin_wayland"
  export XDG_RUNTIME_DIR="$work/run" UNKNOT_DESK_INNER=1 DESK_WORK="$work"
  dbus-run-session -- bash "$0" "$unknot" "$nudge"
  code=$?
  rm -rf "$work"
  exit $code
fi

# Inside the private session bus.
work="$DESK_WORK"
export UNKNOT_DATA_DIR="$work/data" NO_COLOR=1
unset DISPLAY WAYLAND_DISPLAY
source "$(dirname "$0")/../e2e/lib.sh"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

status_is() { "$unknot" desk status --json | grep -q "\"state\":\"$1\""; }
breaks_said() { grep -c "\] break: " "$work/desk.log"; }
reminded() { [ "$(breaks_said)" -ge 1 ]; }

# Headless KWin. KWIN_WAYLAND_NO_PERMISSION_CHECKS lets the test client use fake-input,
# which KWin otherwise offers only to programs it knows.
KWIN_WAYLAND_NO_PERMISSION_CHECKS=1 "$work/bin/kwin_wayland" --virtual --no-lockscreen --no-global-shortcuts \
  --no-kactivities --socket unknot-test >"$work/kwin.log" 2>&1 &
kwin=$!
pids+=($kwin)
check "KWin listening" wait_for 20 test -S "$XDG_RUNTIME_DIR/unknot-test"
export WAYLAND_DISPLAY=unknot-test
check "fake input reaches KWin" wait_for 10 "$nudge"

"$unknot" start --intake "$here/data/desk_worker.json" >/dev/null
check "saved intake" test -f "$work/data/intake.json"

# Idle: nobody touches anything for longer than the interval.
# The interval is well above the natural break: unknot counts from its own start until KWin's
# first idle notice, which a loaded machine (sanitizer builds, parallel tests) can delay.
"$unknot" desk --idle-source wayland --every 8s --natural-break 2s --snooze 30s >"$work/desk.log" 2>&1 &
desk=$!
pids+=($desk)
check "says ext-idle-notify" wait_for 5 grep -q "counting desk time with the Wayland compositor's idle notifications" "$work/desk.log"
check "away once KWin says idle" wait_for 6 status_is away
check "status names wayland" bash -c "'$unknot' desk status --json | grep -q '\"idle_source\":\"wayland\"'"
sleep 8
check "no reminder while idle" test "$(breaks_said)" -eq 0

# Activity: the mouse moves every 0.3 s.
( while true; do "$nudge"; sleep 0.3; done ) &
moving=$!
pids+=($moving)
check "working after activity" wait_for 5 status_is working
check "reminder after activity" wait_for 20 reminded
check "reminder offers the plan's first desk habit" grep -q "break: Desk posture reset" "$work/desk.log"
check "status while reminding" wait_for 5 status_is reminding

# Stopping is a natural break: the reminder is withdrawn.
kill "$moving"; wait "$moving" 2>/dev/null
check "away after activity stops" wait_for 6 status_is away
check "stepping away said" grep -q "you stepped away: that was a break" "$work/desk.log"

# The compositor goes away: unknot keeps running and counts plainly, without spinning on a
# dead connection.
kill "$kwin"; wait "$kwin" 2>/dev/null
sleep 1
check "still running without the compositor" kill -0 "$desk"
kill -TERM "$desk"
wait "$desk"
check "stops cleanly" test $? -eq 0

# `auto` on a compositor with ext-idle-notify-v1 (and no GNOME on the bus) picks it.
KWIN_WAYLAND_NO_PERMISSION_CHECKS=1 "$work/bin/kwin_wayland" --virtual --no-lockscreen --no-global-shortcuts \
  --no-kactivities --socket unknot-test2 >"$work/kwin2.log" 2>&1 &
pids+=($!)
check "second KWin listening" wait_for 20 test -S "$XDG_RUNTIME_DIR/unknot-test2"
WAYLAND_DISPLAY=unknot-test2 "$unknot" desk --every 1h >"$work/auto.log" 2>&1 &
auto=$!
pids+=($auto)
check "auto picks ext-idle-notify" wait_for 5 grep -q "counting desk time with the Wayland compositor's idle notifications" "$work/auto.log"
kill -TERM "$auto"; wait "$auto"

if [ "$failed" -ne 0 ]; then
  echo "--- unknot desk's output:"; cat "$work/desk.log"
fi
echo "desk wayland: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
