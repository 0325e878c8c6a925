#!/usr/bin/env bash
# `unknot review` and `unknot insights` over ten years of diary as whole processes, against
# `/bin/true`, `unknot --version` (the process start-up alone) and `unknot review` with no
# diary (start-up and everything but the diary) in the same run: the last two apart are what
# reading ten years of diary costs a process.
#
# Builds a ten-year diary (13,700 entries: morning and evening pain every day, a strength
# session three days a week, a desk-work trigger every day, a note every third day; the same
# diary as bench/diary_bench.cc) with `unknot diary import`, then runs `perf stat -r RUNS`
# on each command, ROUNDS times in turn, and prints the median over the rounds of each
# command's mean CPU time (task-clock).
#
# Usage: bench/diary_process_bench.sh [PATH/TO/unknot (default build/release/unknot)] [RUNS (20)] [ROUNDS (3)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
unknot="$(realpath "${1:-$root/build/release/unknot}")"
runs="${2:-20}"
rounds="${3:-3}"
command -v perf >/dev/null || { echo "diary_process_bench: perf is missing (apt-get install linux-perf)"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work/ten-years.jsonl" <<'EOF'
import datetime, sys
start = datetime.date(2016, 1, 4)
with open(sys.argv[1], "w") as out:
    for day in range(3650):
        date = (start + datetime.timedelta(days=day)).isoformat()
        out.write('{"at": "%sT07:30:00", "type": "pain", "nprs": %d, "context": "morning"}\n' % (date, 2 + day % 6))
        if day % 7 in (0, 2, 4):
            out.write('{"at": "%sT18:00:00", "type": "session", "session": "strength", "completed": true, '
                      '"pain_during": 3, "items": [{"technique": "forearm-roller-slide", "reps": 30}]}\n' % date)
        out.write('{"at": "%sT21:00:00", "type": "pain", "nprs": %d, "context": "evening"}\n' % (date, 1 + day % 5))
        if day % 3 == 0:
            out.write('{"at": "%s", "type": "note", "text": "day %d"}\n' % (date, day))
        out.write('{"at": "%s", "type": "trigger", "trigger": "desk_work", "hours": 8}\n' % date)
EOF
export UNKNOT_DATA_DIR="$work/data"
"$unknot" diary import "$work/ten-years.jsonl" >/dev/null
entries="$("$unknot" diary export | wc -l)"
as_of=2025-12-31

# "name|command" rows, measured in this order in every round.
mkdir -p "$work/no-diary"
rows=(
  "/bin/true|/bin/true"
  "unknot --version|$unknot --version"
  "review, no diary|$unknot --data-dir $work/no-diary review --as-of $as_of"
  "unknot review|$unknot review --as-of $as_of"
  "unknot insights|$unknot insights --as-of $as_of"
)
declare -A cpu
for round in $(seq "$rounds"); do
  for row in "${rows[@]}"; do
    name="${row%%|*}"
    read -r -a command <<<"${row#*|}"
    cpu[$name]+="$(cpu_ms "$runs" "${command[@]}") "
  done
done
echo "diary: $entries entries; perf stat -r $runs, median of $rounds rounds; CPU (task-clock) per run"
printf '%-20s %10s\n' "command" "CPU ms"
for row in "${rows[@]}"; do
  name="${row%%|*}"
  printf '%-20s %10.2f\n' "$name" "$(echo "${cpu[$name]}" | median)"
done
