#!/usr/bin/env bash
# Checks that two builds of unknot print the same review, insights and export, byte for byte:
# the evidence a speed change to reading the diary needs. Two diaries: the ten years of
# bench/diary_process_bench.sh, and a varied one (every entry type, four triggers, four
# techniques, after-session readings, symptoms, breaks of every outcome, date-only and timed
# entries, lines shuffled); `review` and `insights`, `--json` and text, at 17 dates from before
# the first entry to after the last, and `diary export` as JSONL and CSV. Each build imports
# the diaries itself, so builds with different schemas can be compared.
#
# Usage: bench/diary_outputs_compare.sh OLD/unknot NEW/unknot   (exit 1 and the differences when any)
set -euo pipefail
old="$(realpath "$1")"
new="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PYTHON'
import datetime, random, sys
work = sys.argv[1]
start = datetime.date(2016, 1, 4)
with open(work + "/ten-years.jsonl", "w") as out:
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
random.seed(16)
start = datetime.date(2023, 1, 2)
lines = []
techniques = ["forearm-roller-slide", "chest-opener-doorway", "band-row", "shoulder-blade-squeeze"]
triggers = ["desk_work", "poor_sleep", "stress", "driving"]
for day in range(1100):
    d = (start + datetime.timedelta(days=day)).isoformat()
    if random.random() < 0.85:
        lines.append('{"at": "%sT07:%02d:00", "type": "pain", "nprs": %d, "context": "%s"}' % (d, random.randint(0, 59), random.randint(0, 10), random.choice(["morning", "morning", "next_morning"])))
    if random.random() < 0.2:
        lines.append('{"at": "%sT08:00:00", "type": "pain", "nprs": %d, "context": "morning"}' % (d, random.randint(0, 10)))
    if random.random() < 0.45:
        items = ", ".join('{"technique": "%s", "reps": %d}' % (t, random.randint(5, 30)) for t in random.sample(techniques, random.randint(0, 3)) + (["forearm-roller-slide"] if random.random() < 0.1 else []))
        completed = random.choice(["true", "true", "false"])
        kind = random.choice(["strength", "strength", "daily-relief"])
        at = "%sT%02d:00:00" % (d, random.randint(9, 19)) if random.random() < 0.8 else d
        during = ', "pain_during": %d' % random.randint(0, 8) if random.random() < 0.8 else ""
        lines.append('{"at": "%s", "type": "session", "session": "%s", "completed": %s%s, "items": [%s]}' % (at, kind, completed, during, items))
        if random.random() < 0.6:
            after = "%sT%02d:30:00" % (d, random.randint(8, 21)) if random.random() < 0.9 else d
            lines.append('{"at": "%s", "type": "pain", "nprs": %d, "context": "after_session"}' % (after, random.randint(0, 10)))
    if random.random() < 0.3:
        lines.append('{"at": "%sT%02d:15:00", "type": "pain", "nprs": %d, "context": "%s"}' % (d, random.randint(8, 20), random.randint(0, 10), random.choice(["evening", "during_exercise", "other"])))
    for t in triggers:
        if random.random() < 0.3:
            lines.append('{"at": "%s", "type": "trigger", "trigger": "%s", "hours": %d}' % (d, t, random.randint(1, 10)))
    if random.random() < 0.02:
        lines.append('{"at": "%s", "type": "symptom", "symptom": "arm_or_hand_numbness_or_tingling"}' % d)
    if random.random() < 0.3:
        lines.append('{"at": "%s", "type": "note", "text": "day %d"}' % (d, day))
    for _ in range(random.randint(0, 3)):
        lines.append('{"at": "%sT%02d:%02d:00", "type": "break", "technique": "shoulder-rolls", "outcome": "%s"}' % (d, random.randint(9, 17), random.randint(0, 59), random.choice(["done", "snoozed", "skipped"])))
random.shuffle(lines)
open(work + "/varied.jsonl", "w").write("\n".join(lines) + "\n")
PYTHON
outputs() {  # outputs BUILD NAME
  local build=$1 name=$2 diary date command
  mkdir -p "$work/$name"
  for diary in ten-years varied; do
    export UNKNOT_DATA_DIR="$work/$name-data-$diary"
    "$build" diary import "$work/$diary.jsonl" >/dev/null
    for date in 2016-01-04 2016-01-10 2016-01-20 2017-06-15 2020-02-29 2025-12-31 2030-01-01 2023-01-02 \
                2023-01-09 2023-02-01 2023-03-05 2023-07-20 2024-01-01 2024-06-30 2025-12-01 2026-01-05 2026-06-01; do
      for command in review insights; do
        "$build" --json "$command" --as-of "$date" >"$work/$name/$diary-$command-$date.json" 2>&1 || true
        "$build" "$command" --as-of "$date" >"$work/$name/$diary-$command-$date.txt" 2>&1 || true
      done
    done
    "$build" diary export >"$work/$name/$diary-export.jsonl"
    "$build" diary export --format csv >"$work/$name/$diary-export.csv"
  done
}
outputs "$old" old
outputs "$new" new
if diff -r "$work/old" "$work/new"; then
  echo "diary_outputs_compare: $(ls "$work/new" | wc -l) outputs, byte for byte the same"
else
  exit 1
fi
