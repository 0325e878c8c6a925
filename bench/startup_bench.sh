#!/usr/bin/env bash
# Start-up cost of unknot's short commands against /bin/true in the same run: CPU time
# (perf stat's task-clock, user + system, the dynamic loader included) of `unknot --version`,
# `unknot plan` (with a saved intake in a scratch data directory) and `unknot techniques list`.
# Each row is `perf stat -r REPEATS` (the mean of REPEATS runs), taken ROUNDS times with the
# rows interleaved, so every row sees the same machine load; the table shows the median of
# the rounds and its difference from /bin/true, and the page faults of one run (in a virtual
# machine each costs 10-15 µs, so they explain much of a row; docs/performance.md). Also the
# shared libraries each program loads.
#
# Usage: bench/startup_bench.sh [PATH/TO/unknot (default build/release/unknot)] [ROUNDS (3)] [REPEATS (20)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
unknot="$(realpath "${1:-$root/build/release/unknot}")"
rounds="${2:-3}"
repeats="${3:-20}"
command -v perf >/dev/null || { echo "startup_bench: perf is missing (Debian package linux-perf)"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export UNKNOT_DATA_DIR="$work/data" NO_COLOR=1
"$unknot" start --intake "$root/tests/data/desk_worker.json" >/dev/null

rows=("/bin/true" "$unknot --version" "$unknot plan" "$unknot techniques list")
names=("/bin/true" "unknot --version" "unknot plan (saved intake)" "unknot techniques list")

declare -A samples
for round in $(seq "$rounds"); do
  for i in "${!rows[@]}"; do
    read -r -a command <<<"${rows[$i]}"
    samples[$i]+="$(cpu_ms "$repeats" "${command[@]}") "
  done
done

anchor="$(echo "${samples[0]}" | median)"
echo "CPU time (task-clock), median of $rounds rounds of perf stat -r $repeats; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-28s | %9s | %12s | %11s | %s |\n' "what" "CPU ms" "- /bin/true" "page faults" "rounds"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------" "-----------" "--------------" "-------------" "------"
for i in "${!rows[@]}"; do
  value="$(echo "${samples[$i]}" | median)"
  read -r -a command <<<"${rows[$i]}"
  faults="$(page_faults "${command[@]}")"
  printf '| %-28s | %9.2f | %+12.2f | %11s | %s|\n' "${names[$i]}" "$value" "$(awk -v a="$value" -v b="$anchor" 'BEGIN {print a - b}')" "$faults" "${samples[$i]}"
done
echo
for program in "$unknot" "$(dirname "$unknot")/unknot-desk" "$(dirname "$unknot")/unknot-network"; do
  [ -x "$program" ] || continue
  echo "$(basename "$program") loads $(ldd "$program" | grep -c '=>') shared libraries: $(ldd "$program" | awk '/=>/ {print $1}' | tr '\n' ' ')"
done
