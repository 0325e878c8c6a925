#!/usr/bin/env bash
# Soak: `unknot serve` under bursts of load with quiet spells between them, reporting the
# server's resident memory (RSS) every second, to see that memory returns after each burst
# rather than staying at the peak. Loopback only; bounded by SECONDS.
# A data directory gets the desk-worker intake and a few months of diary; wrk drives
# /progress?as_of=TODAY (drawn every time), /plan and POST-free pages in bursts of BURST
# seconds, then the server idles for as long.
# Usage: bench/web_soak.sh [UNKNOT_BINARY] [SECONDS] [BURST]   (default build/release/unknot, 120, 10)
# Output: "second rss_kb phase" lines, then the peak and the RSS after the last quiet spell.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$(realpath "${1:-$root/build/release/unknot}")
total=${2:-120}
burst=${3:-10}
command -v wrk >/dev/null || { echo "web_soak: wrk is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
work=$(mktemp -d /tmp/unknot-web-soak-XXXXXX)
server_pid=""
load_pid=""
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start=$(date -d "-120 days" +%Y-%m-%d)
for offset in $(seq 0 119); do
  day=$(date -d "$start + $offset days" +%Y-%m-%d)
  echo "{\"at\": \"${day}T07:30:00\", \"type\": \"pain\", \"nprs\": $((6 - offset / 30)), \"context\": \"morning\"}"
  echo "{\"at\": \"${day}T18:00:00\", \"type\": \"session\", \"session\": \"strength\", \"completed\": true, \"pain_during\": 2, \"items\": [{\"technique\": \"band-row\", \"reps\": 24}]}"
done >"$work/diary.jsonl"
data=(--data-dir "$work/data")
"$binary" "${data[@]}" start --intake "$root/tests/data/desk_worker.json" >/dev/null
"$binary" "${data[@]}" diary import "$work/diary.jsonl" >/dev/null

"$binary" "${data[@]}" serve --port 0 >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q "running at" "$work/serve.out" && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*/' "$work/serve.out" | head -1)
today=$(date +%Y-%m-%d)
cat >"$work/paths.lua" <<LUA
local paths = {"/progress?as_of=$today", "/plan", "/diary", "/api/session", "/techniques", "/report"}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }
echo "second rss_kb phase"
peak=0
phase=idle
for second in $(seq 0 "$total"); do
  if [ $((second % (2 * burst))) -eq 0 ] && [ $((second + burst)) -le "$total" ]; then
    phase=burst
    wrk -t2 -c50 -d"${burst}s" -s "$work/paths.lua" "$base" >/dev/null 2>&1 &
    load_pid=$!
  elif [ $((second % (2 * burst))) -eq "$burst" ]; then
    phase=quiet
  fi
  now=$(rss)
  [ "$now" -gt "$peak" ] && peak=$now
  echo "$second $now $phase"
  sleep 1
done
echo "peak RSS ${peak} kB; after the last quiet spell $(rss) kB"
