#!/usr/bin/env bash
# What `unknot desk` costs next to Workrave and Safe Eyes (Debian's packages), all three
# running at once under one Xvfb, in one private D-Bus session with the dunst notification
# daemon, each with its default settings and a fresh configuration:
#   1. an idle window: nobody touches keyboard or mouse;
#   2. an active window: xdotool moves the mouse every 0.25 s.
# For each program (its whole process tree) it reports, per window: CPU seconds used
# (utime + stime, children included, from /proc/PID/stat), and resident memory from
# /proc/PID/smaps_rollup: RSS and PSS (PSS divides shared pages among the processes that
# map them, so shared libraries are not counted in full), both at the window's end and the
# highest of the samples taken every 5 s.
#
# Usage: bench/desk_bench.sh [WINDOW_SECONDS (default 600)] [PATH/TO/unknot (default build/release/unknot)]
# The issue asks for 10-minute windows (the default); a short window is for trying it out.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
window="${1:-600}"
unknot="$(realpath "${2:-$root/build/release/unknot}")"
warmup="${DESK_BENCH_WARMUP:-30}"

if [ "${DESK_BENCH_INNER:-}" != 1 ]; then
  "$root/scripts/install-deps.sh" bench
  for tool in Xvfb dbus-run-session dunst xdotool workrave safeeyes; do
    command -v "$tool" >/dev/null || { echo "desk_bench: $tool is missing (scripts/install-deps.sh)"; exit 1; }
  done
  work="$(mktemp -d)"
  exec 3>"$work/display"
  Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 >"$work/xvfb.log" 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
  exec 3>&-
  export DISPLAY=":$(cat "$work/display")" DESK_BENCH_INNER=1 DESK_BENCH_WORK="$work"
  dbus-run-session -- bash "$0" "$window" "$unknot"
  code=$?
  kill "$xvfb" 2>/dev/null
  wait "$xvfb" 2>/dev/null
  rm -rf "$work"
  exit $code
fi

work="$DESK_BENCH_WORK"
# Fresh settings for every program: nothing from the real home leaks in.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CACHE_HOME="$work/home/.cache" NO_COLOR=1
unset WAYLAND_DISPLAY
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

dunst >"$work/dunst.log" 2>&1 &
pids+=($!)
sleep 1
"$unknot" start --intake "$root/tests/data/desk_worker.json" >/dev/null

declare -A pid_of
"$unknot" desk >"$work/unknot.log" 2>&1 &
pid_of[unknot]=$!
workrave >"$work/workrave.log" 2>&1 &
pid_of[workrave]=$!
safeeyes >"$work/safeeyes.log" 2>&1 &
pid_of[safeeyes]=$!
names=(unknot workrave safeeyes)
for name in "${names[@]}"; do pids+=("${pid_of[$name]}"); done

tree() {  # tree PID: the process and all its descendants
  echo "$1"
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$child"; done
}

ticks() {  # ticks PID: CPU clock ticks of the tree (utime stime cutime cstime)
  local total=0 pid fields
  for pid in $(tree "$1"); do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + $(awk '{print $12 + $13 + $14 + $15}' <<<"$fields")))
  done
  echo "$total"
}

memory() {  # memory PID: "RSS_KB PSS_KB" of the tree
  local rss=0 pss=0 pid r p
  for pid in $(tree "$1"); do
    read -r r p < <(awk '/^Rss:/ {r = $2} /^Pss:/ {p = $2} END {print r + 0, p + 0}' "/proc/$pid/smaps_rollup" 2>/dev/null)
    rss=$((rss + ${r:-0}))
    pss=$((pss + ${p:-0}))
  done
  echo "$rss $pss"
}

alive() { kill -0 "$1" 2>/dev/null; }

tick_hz=$(getconf CLK_TCK)
declare -A results

measure() {  # measure LABEL: one window of $window seconds
  local label="$1" name start_ticks peak_rss peak_pss
  declare -A start peak_r peak_p
  for name in "${names[@]}"; do start[$name]=$(ticks "${pid_of[$name]}"); peak_r[$name]=0; peak_p[$name]=0; done
  local end=$((SECONDS + window))
  while [ "$SECONDS" -lt "$end" ]; do
    for name in "${names[@]}"; do
      read -r r p < <(memory "${pid_of[$name]}")
      [ "$r" -gt "${peak_r[$name]}" ] && peak_r[$name]=$r
      [ "$p" -gt "${peak_p[$name]}" ] && peak_p[$name]=$p
    done
    sleep 5
  done
  for name in "${names[@]}"; do
    if ! alive "${pid_of[$name]}"; then results[$name,$label]="exited"; continue; fi
    read -r r p < <(memory "${pid_of[$name]}")
    local used=$(( $(ticks "${pid_of[$name]}") - ${start[$name]} ))
    results[$name,$label]="$(awk -v t="$used" -v hz="$tick_hz" 'BEGIN {printf "%.2f", t / hz}') | $((r / 1024)) | $((p / 1024)) | $((peak_r[$name] / 1024)) | $((peak_p[$name] / 1024))"
  done
}

sleep "$warmup"
for name in "${names[@]}"; do
  alive "${pid_of[$name]}" || { echo "desk_bench: $name did not start; its log:"; cat "$work/$name.log"; exit 1; }
done
measure idle
( while true; do xdotool mousemove_relative -- 3 2; sleep 0.25; xdotool mousemove_relative -- -3 -2; sleep 0.25; done ) &
mover=$!
pids+=($mover)
measure active
kill "$mover"

echo "Window: $window s each, after ${warmup} s warm-up; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "Versions: unknot $("$unknot" --version | awk '{print $2}'), workrave $(dpkg-query -W -f='${Version}' workrave), safeeyes $(dpkg-query -W -f='${Version}' safeeyes)"
echo
echo "| program | window | CPU s | RSS MiB | PSS MiB | peak RSS MiB | peak PSS MiB |"
echo "|---|---|---|---|---|---|---|"
for name in "${names[@]}"; do
  for label in idle active; do echo "| $name | $label | ${results[$name,$label]} |"; done
done
