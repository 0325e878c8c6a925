#!/usr/bin/env bash
# `unknot desk` for real: under Xvfb, in its own D-Bus session (dbus-run-session) with the
# dunst notification daemon, activity simulated with xdotool, and intervals of seconds.
# Checks that idle time does not bring a reminder, activity does, the reminder offers a
# micro-break from the plan, its answers (Done through dunst's own action menu, Skip by
# dismissing it) land in the diary, `unknot desk status` tells what it is doing, and bad
# flags get one clear message. Then GNOME on Wayland, against a stand-in for Mutter's
# IdleMonitor on the same bus (fake_mutter_idle.py) whose idle time the test sets.
# Usage: desk_test.sh PATH/TO/unknot
set -uo pipefail
unknot="$(realpath "$1")"
here="$(cd "$(dirname "$0")/.." && pwd)"

if [ "${UNKNOT_DESK_INNER:-}" != 1 ]; then
  for tool in Xvfb dbus-run-session dunst dunstctl xdotool dbus-monitor gdbus /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/install-deps.sh installs it)"; exit 1; }
  done
  work="$(mktemp -d)"
  # Xvfb picks a free display number and writes it to fd 3.
  exec 3>"$work/display"
  Xvfb -displayfd 3 -nolisten tcp -screen 0 1024x768x24 >"$work/xvfb.log" 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
  exec 3>&-
  export DISPLAY=":$(cat "$work/display")"
  export UNKNOT_DESK_INNER=1 DESK_WORK="$work"
  dbus-run-session -- bash "$0" "$unknot"
  code=$?
  kill "$xvfb" 2>/dev/null
  wait "$xvfb" 2>/dev/null
  rm -rf "$work"
  exit $code
fi

# Inside the private session bus.
work="$DESK_WORK"
export UNKNOT_DATA_DIR="$work/data" NO_COLOR=1
unset WAYLAND_DISPLAY
source "$(dirname "$0")/../e2e/lib.sh"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

displayed() { [ "$(dunstctl count displayed)" -ge 1 ]; }
nothing_displayed() { [ "$(dunstctl count displayed)" -eq 0 ]; }
diary_has() { "$unknot" diary export | grep -q "$1"; }
status_is() { "$unknot" desk status --json | grep -q "\"state\":\"$1\""; }

# A notification daemon whose action menu ("dmenu") picks the first action, Done, as a
# person choosing it from dunst's context menu would.
cat >"$work/dunstrc" <<'EOF'
[global]
    dmenu = /usr/bin/head -n 1
    show_indicators = no
EOF
dunst -config "$work/dunstrc" >"$work/dunst.log" 2>&1 &
pids+=($!)
# Ask the bus, not dunstctl: a call to the name itself would have D-Bus start a second dunst.
notifications_owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q "boolean true"
}
check "dunst on the bus" wait_for 5 notifications_owned
dbus-monitor --session "interface='org.freedesktop.Notifications',member='Notify'" >"$work/notify.log" 2>&1 &
pids+=($!)

# Bad flags: one clear line, exit 2, nothing started.
"$unknot" desk --every 4x >"$work/out" 2>"$work/err"
check "bad --every exits 2" test $? -eq 2
check "bad --every message" grep -q "^unknot: --every: '4x' is not a duration" "$work/err"
check "bad --every one line" test "$(wc -l <"$work/err")" -eq 1
"$unknot" desk --hours 9-5 >"$work/out" 2>"$work/err"
check "bad --hours exits 2" test $? -eq 2
check "bad --hours message" grep -q "^unknot: --hours: '9-5' is not a time range like 09:00-17:30" "$work/err"
"$unknot" desk --idle-source wayland >"$work/out" 2>"$work/err"
check "bad --idle-source exits 2" test $? -eq 2
"$unknot" desk >"$work/out" 2>"$work/err"
check "no plan yet exits 2" test $? -eq 2
check "no plan yet says unknot start" grep -q "run \`unknot start\` first" "$work/err"
"$unknot" desk status >"$work/out" 2>&1
check "status before any run" grep -q "not running" "$work/out"

"$unknot" start --intake "$here/data/desk_worker.json" >/dev/null
sleep 2  # the X server must have been idle longer than the natural break below
check "saved intake" test -f "$work/data/intake.json"

# Idle first: nobody touches the keyboard for longer than the interval.
"$unknot" desk --every 3s --natural-break 2s --snooze 30s >"$work/desk.log" 2>&1 &
desk=$!
pids+=($desk)
check "desk running" wait_for 5 status_is away
check "says X11" grep -q "counting desk time with X11 idle time" "$work/desk.log"
sleep 4
check "no reminder while idle" nothing_displayed
check "status while idle" bash -c "'$unknot' desk status | grep -q 'away from the keyboard'"
"$unknot" desk >"$work/second.log" 2>&1
check "second instance exits 0" test $? -eq 0
check "second instance says so" grep -q "already running" "$work/second.log"

# Activity: the mouse moves every 0.3 s.
( while true; do xdotool mousemove_relative -- 1 1; sleep 0.15; xdotool mousemove_relative -- -1 -1; sleep 0.15; done ) &
typing=$!
pids+=($typing)
check "status while working" wait_for 5 status_is working
check "reminder after activity" wait_for 10 displayed
check "reminder offers the plan's first desk habit" grep -q "Desk posture reset" "$work/notify.log"
check "reminder has Done, Snooze, Skip" bash -c "grep -q '\"done\"' '$work/notify.log' && grep -q '\"snooze\"' '$work/notify.log' && grep -q '\"skip\"' '$work/notify.log'"
check "status while reminding" status_is reminding

# Done, chosen from dunst's action menu: dunst sends ActionInvoked, the diary gets it.
dunstctl context
check "done is logged" wait_for 5 diary_has '"type":"break","technique":"posture-reset","outcome":"done"'
check "done closes the reminder" wait_for 5 nothing_displayed

# The next reminder rotates to the next micro-break; dismissing it is a skip.
check "second reminder" wait_for 10 displayed
check "second reminder rotates" grep -q "Seated shoulder blade squeeze" "$work/notify.log"
dunstctl close
check "dismissed is logged as skipped" wait_for 5 diary_has '"technique":"shoulder-blade-squeeze","outcome":"skipped"'

# Away again: the reminder count starts over and the status says so.
kill "$typing"
check "away after activity stops" wait_for 6 status_is away

kill -TERM "$desk"
wait "$desk"
check "stops cleanly on SIGTERM" test $? -eq 0
check "status after stop" bash -c "'$unknot' desk status | grep -q 'not running'"
check "review counts the break" bash -c "'$unknot' review --json | grep -q '\"desk_breaks_done_per_week\"'"

# Without an idle source: a plain timer, said once.
env -u DISPLAY "$unknot" desk --every 1h >"$work/timer.log" 2>&1 &
timer=$!
pids+=($timer)
check "timer fallback said" wait_for 5 grep -q "does not tell how long you have been idle" "$work/timer.log"
kill -TERM "$timer"
wait "$timer"
check "timer fallback said once" test "$(grep -c 'does not tell' "$work/timer.log")" -eq 1

# GNOME on Wayland: Mutter's IdleMonitor answers GetIdletime on the session bus. Here a
# stand-in does (fake_mutter_idle.py), idle until the test says the person is typing. The
# display it names does not exist: unknot must not need one, nor use X11 on Wayland.
mutter() {  # mutter METHOD [ARG]: a call to the stand-in's test interface
  gdbus call --session --dest org.gnome.Mutter.IdleMonitor --object-path /org/gnome/Mutter/IdleMonitor/Core \
    --method "org.unknot.test.FakeIdle.$1" "${@:2}"
}
mutter_owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.gnome.Mutter.IdleMonitor 2>/dev/null | grep -q "boolean true"
}
/usr/bin/python3 "$here/desk/fake_mutter_idle.py" >"$work/mutter.log" 2>&1 &
mutter_pid=$!
pids+=($mutter_pid)
check "stand-in IdleMonitor on the bus" wait_for 5 mutter_owned
sleep 2  # idle longer than the natural break below
check "nothing on screen before GNOME run" nothing_displayed
WAYLAND_DISPLAY=unknot-test-no-such-display "$unknot" desk --idle-source gnome --every 3s --natural-break 2s \
  --snooze 30s >"$work/gnome.log" 2>&1 &
gnome=$!
pids+=($gnome)
check "gnome: says GNOME" wait_for 5 grep -q "counting desk time with GNOME's idle monitor" "$work/gnome.log"
check "gnome: away while idle" wait_for 5 status_is away
check "gnome: status names gnome" bash -c "'$unknot' desk status --json | grep -q '\"idle_source\":\"gnome\"'"
sleep 4
check "gnome: no reminder while idle" nothing_displayed
notifies_before=$(grep -c 'member=Notify' "$work/notify.log")
mutter SetActive true >/dev/null
check "gnome: working after activity" wait_for 5 status_is working
check "gnome: reminder after activity" wait_for 10 displayed
check "gnome: one more Notify" test "$(grep -c 'member=Notify' "$work/notify.log")" -gt "$notifies_before"
check "gnome: status while reminding" status_is reminding
dunstctl close
check "gnome: dismissed is logged as skipped" wait_for 5 bash -c "'$unknot' diary export | grep -o '\"outcome\":\"skipped\"' | wc -l | grep -q '^2$'"
mutter SetActive false >/dev/null
check "gnome: away after activity stops" wait_for 6 status_is away
calls=$(mutter Calls | grep -o '[0-9]\+' | tail -n 1)
# Asked when the schedule wakes (about once per 2 s natural break here), not in a loop.
check "gnome: IdleMonitor asked $calls times, not polled" test "${calls:-0}" -ge 3 -a "${calls:-0}" -le 40
kill -TERM "$gnome"
wait "$gnome"
check "gnome: stops cleanly" test $? -eq 0

# `auto` picks GNOME's IdleMonitor: on Wayland (even with an X display there, which would only
# see X programs' input), and with no display set at all.
"$unknot" desk --every 1h >"$work/auto.log" 2>&1 &
auto=$!
pids+=($auto)
check "auto on X11 still picks X11" wait_for 5 grep -q "counting desk time with X11 idle time" "$work/auto.log"
kill -TERM "$auto"; wait "$auto"
WAYLAND_DISPLAY=unknot-test-no-such-display "$unknot" desk --every 1h >"$work/auto.log" 2>&1 &
auto=$!
pids+=($auto)
check "auto on Wayland picks GNOME" wait_for 5 grep -q "counting desk time with GNOME's idle monitor" "$work/auto.log"
kill -TERM "$auto"; wait "$auto"
env -u DISPLAY -u WAYLAND_DISPLAY "$unknot" desk --every 1h >"$work/auto.log" 2>&1 &
auto=$!
pids+=($auto)
check "auto without a display picks GNOME" wait_for 5 grep -q "counting desk time with GNOME's idle monitor" "$work/auto.log"
kill -TERM "$auto"; wait "$auto"

# Without GNOME (the stand-in gone) on a Wayland display that is not there: the timer, and
# the reason names both Wayland sources.
kill "$mutter_pid"; wait "$mutter_pid" 2>/dev/null
check "stand-in gone" wait_for 5 bash -c "! dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.gnome.Mutter.IdleMonitor | grep -q 'boolean true'"
WAYLAND_DISPLAY=unknot-test-no-such-display "$unknot" desk --every 1h >"$work/auto.log" 2>&1 &
auto=$!
pids+=($auto)
check "auto on Wayland without GNOME falls back" wait_for 5 grep -q "does not tell how long you have been idle" "$work/auto.log"
check "fallback names GNOME" grep -q "GNOME's IdleMonitor did not answer" "$work/auto.log"
check "fallback names ext-idle-notify" grep -Eq "Wayland display unknot-test-no-such-display|without Wayland support" "$work/auto.log"
kill -TERM "$auto"; wait "$auto"

# Install, into a folder of the test's own.
"$unknot" desk install --config-home "$work/config" --every 35m --hours 09:00-17:30 >"$work/out" 2>"$work/err"
check "install exits 0" test $? -eq 0
check "unit written" grep -q "^ExecStart=$unknot desk --every 35m --natural-break 5m --snooze 5m --hours 09:00-17:30$" \
  "$work/config/systemd/user/unknot-desk.service"
check "unit enabled" test -L "$work/config/systemd/user/graphical-session.target.wants/unknot-desk.service"
check "autostart written" grep -q "^Exec=$unknot desk --every 35m" "$work/config/autostart/unknot-desk.desktop"
"$unknot" desk install --dry-run --config-home "$work/dry" >"$work/out" 2>&1
check "dry run prints" grep -q "^\[Service\]" "$work/out"
check "dry run writes nothing" test ! -e "$work/dry"

echo "desk integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
