#!/usr/bin/env bash
# `unknot desk` idle, alone: resident memory (RSS and PSS from /proc/PID/smaps_rollup) after it
# has settled, the mappings that make up its PSS, and how often it woke up (voluntary context
# switches) over an idle window. Under Xvfb, in a private D-Bus session with dunst, with the
# desk-worker intake saved in a scratch data directory. bench/desk_bench.sh compares it with
# Workrave and Safe Eyes over longer windows.
#
# Usage: bench/desk_idle_bench.sh [PATH/TO/unknot (default build/release/unknot)] [IDLE_SECONDS (60)]
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
unknot="$(realpath "${1:-$root/build/release/unknot}")"
idle="${2:-60}"
for tool in Xvfb dbus-run-session dunst; do
  command -v "$tool" >/dev/null || { echo "desk_idle_bench: $tool is missing (scripts/install-deps.sh bench)"; exit 1; }
done
work="$(mktemp -d)"
export UNKNOT_DATA_DIR="$work/data" HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" NO_COLOR=1
unset WAYLAND_DISPLAY
mkdir -p "$HOME"
"$unknot" start --intake "$root/tests/data/desk_worker.json" >/dev/null
exec 3>"$work/display"
Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
exec 3>&-
export DISPLAY=":$(cat "$work/display")"
dbus-run-session -- bash -c '
  unknot="$1" idle="$2"
  dunst >/dev/null 2>&1 & dunst=$!
  sleep 1
  "$unknot" desk --every 1h >/dev/null 2>&1 & desk=$!
  sleep 5
  echo "process: $(cat /proc/$desk/comm) (pid $desk)"
  grep -E "^(Rss|Pss|Pss_Anon|Pss_File):" /proc/$desk/smaps_rollup | awk "{printf \"%s %s kB  \", \$1, \$2} END {print \"\"}"
  echo "PSS by mapping (kB):"
  awk "/^[0-9a-f]+-[0-9a-f]+ /{name=(\$6 == \"\" ? \"[anonymous]\" : \$6)} /^Pss:/{pss[name]+=\$2} END{for (n in pss) if (pss[n] >= 20) printf \"  %6d  %s\n\", pss[n], n}" /proc/$desk/smaps | sort -rn
  before=$(awk "/^voluntary_ctxt_switches/ {print \$2}" /proc/$desk/status)
  cpu_before=$(awk "{print \$14 + \$15}" /proc/$desk/stat)
  sleep "$idle"
  after=$(awk "/^voluntary_ctxt_switches/ {print \$2}" /proc/$desk/status)
  cpu_after=$(awk "{print \$14 + \$15}" /proc/$desk/stat)
  echo "idle ${idle} s: $((after - before)) wake-ups, $((cpu_after - cpu_before)) clock ticks of CPU"
  kill $desk $dunst; wait' bash "$unknot" "$idle" 2> >(grep -v "Failed to set fd limit" >&2)
kill "$xvfb" 2>/dev/null
rm -rf "$work"
