#!/usr/bin/env bash
# End-to-end checks of the unknot binary as scripts and people use it: exit codes, the
# contract commands, the saved intake, and the interactive `unknot start` in tmux.
# Usage: cli_test.sh PATH/TO/unknot
set -uo pipefail
unknot="$1"
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/data"
work="$(mktemp -d)"
trap 'tmux -L unknot-e2e kill-server 2>/dev/null; rm -rf "$work"' EXIT
export UNKNOT_DATA_DIR="$work/data"
export NO_COLOR=1
source "$(dirname "$0")/lib.sh"


check "version" run 0 --version
check "version text" grep -q '^unknot [0-9]' "$work/out"
check "welcome" run 0
check "welcome points to start" grep -q 'unknot start' "$work/out"
check "techniques list" run 0 techniques list
check "list text" grep -q 'forearm-roller-slide' "$work/out"
check "techniques list json" run 0 techniques list --json
check "techniques json has slide" grep -q '"id": "forearm-roller-slide"' "$work/out"
check "techniques list --kind" run 0 techniques list --kind heat
check "kind filter" bash -c "! grep -q band-row '$work/out' && grep -q heat-pack '$work/out'"
check "bad kind exits 2" run 2 techniques list --kind nap
check "bad kind message" grep -q "unknown kind 'nap'" "$work/err"
check "show card" run 0 techniques show forearm-roller-slide
check "card has steps" grep -q '^Steps' "$work/out"
check "show unknown exits 2" run 2 techniques show no-such-thing
check "show unknown one line" test "$(wc -l <"$work/err")" -eq 1
check "learn list" run 0 learn
check "learn topic" run 0 learn why-the-seeds-disagree
check "unknown option exits 2" run 2 plan --frobnicate
check "subcommand help" run 0 plan --help
check "help names --intake" grep -q -- '--intake' "$work/out"

check "triage json self_care" run 0 triage --intake "$data/desk_worker.json" --json
check "triage level" grep -q '"level": "self_care"' "$work/out"
check "plan json" run 0 plan --intake "$data/desk_worker.json" --json
check "plan schema" grep -q '"schema": "unknot.plan/1"' "$work/out"
check "emergency refers" run 0 plan --intake "$data/emergency.json" --json
check "refer status" grep -q '"status": "refer"' "$work/out"
check "emergency printed advice" run 0 plan --intake "$data/emergency.json"
check "refer says what to do" grep -qi 'emergency' "$work/out"
check "bad intake exits 2" run 2 plan --intake "$data/bad_key.json"
check "bad intake names key" grep -q "unknown key 'pain.sevrity'" "$work/err"
check "missing file exits 2" run 2 triage --intake "$work/nope.json"

check "plan without intake exits 2" run 2 plan
check "start without terminal exits 2" run 2 start
check "nothing saved without terminal" test ! -e "$UNKNOT_DATA_DIR/intake.json"
check "start --intake saves" run 0 start --intake "$data/desk_worker.json"
check "intake saved" test -s "$UNKNOT_DATA_DIR/intake.json"
check "plan uses saved intake" run 0 plan --json
check "saved plan ok" grep -q '"status": "ok"' "$work/out"
check "--data-dir wins" run 2 triage --data-dir "$work/other"
check "start bad intake changes nothing" bash -c "cp '$UNKNOT_DATA_DIR/intake.json' '$work/before'; '$unknot' start --intake '$data/bad_key.json' 2>/dev/null; test \$? -eq 2 && cmp -s '$work/before' '$UNKNOT_DATA_DIR/intake.json'"

# The diary: logging, all-or-nothing idempotent import, export, review.
check "log pain" run 0 log pain 5 --context morning --at 2026-03-01T07:00:00
check "log pain out of range exits 2" run 2 log pain 11
check "import" run 0 diary import "$data/month.jsonl"
check "import again adds nothing" run 0 diary import "$data/month.jsonl"
check "import again message" grep -q 'Imported 0 new entries' "$work/out"
"$unknot" diary export >"$work/before-bad-import"
printf '%s\n' '{"at": "2026-04-01", "type": "note", "text": "fine"}' '{"at": "2026-04-02", "type": "pain", "nprs": 12}' >"$work/bad.jsonl"
check "bad import exits 2" run 2 diary import "$work/bad.jsonl"
check "bad import names line" grep -q 'bad.jsonl:2: nprs' "$work/err"
check "bad import changes nothing" bash -c "'$unknot' diary export | cmp -s - '$work/before-bad-import'"
check "export has 12 entries" test "$(wc -l <"$work/before-bad-import")" -eq 12
check "export csv" run 0 diary export --format csv
check "csv header" grep -q '^at,type,nprs' "$work/out"
# Hand computed: first week (03-01..03-07) mornings 5,6,6,7,5 -> 5.8; last 7 days (03-13..03-19) 4,3,4,3 -> 3.5.
check "review json" run 0 review --as-of 2026-03-19 --json
check "review baseline" grep -q '"mean_nprs": 5.8' "$work/out"
check "review current" grep -q '"mean_nprs": 3.5' "$work/out"
check "review verdict" grep -q '"verdict": "meaningful_improvement"' "$work/out"
check "review bad date exits 2" run 2 review --as-of 2026-13-01
check "backup" run 0 backup "$work/backup.sqlite3"
check "backup written" test -s "$work/backup.sqlite3"

check "insights" run 0 insights --as-of 2026-03-19
check "insights sparkline" grep -q 'Morning pain, last 28 days' "$work/out"
check "insights json" run 0 insights --as-of 2026-03-19 --json
check "insights schema" grep -q '"schema": "unknot.insights/1"' "$work/out"
check "calendar export" run 0 calendar export "$work/plan.ics" --start 2026-03-02
check "ics has events" grep -q '^BEGIN:VEVENT' "$work/plan.ics"
check "ics is CRLF" bash -c "head -1 '$work/plan.ics' | od -c | grep -q '\\r'"
check "calendar bad start exits 2" run 2 calendar export "$work/x.ics" --start 2026-02-30
check "fhir export" run 0 export fhir "$work/fhir.json"
check "fhir has LOINC pain" grep -q '"72514-3"' "$work/fhir.json"
check "csv export" run 0 export csv "$work/diary.csv"
check "csv rows" test "$(wc -l <"$work/diary.csv")" -eq 13

# One safety status (issue 11): a warning sign logged after a clean intake is what `plan`,
# plan JSON and `session` say first; an intake that needs a doctor says so when saved.
check "status: clean intake saved" run 0 --data-dir "$work/ss" start --intake "$data/desk_worker.json"
check "status: log chest pain" run 0 --data-dir "$work/ss" log symptom chest_pain_or_pressure
check "status: plan" run 0 --data-dir "$work/ss" plan
flat() { tr -s ' \n' ' ' <"$work/out" | grep -q "$1"; }  # flat TEXT: TEXT in the output, line breaks ignored
check "status: plan shows the emergency" flat 'Call your local emergency number'
check "status: plan not all clear" bash -c "! grep -q 'No warning signs found' '$work/out'"
check "status: plan names the logged sign" flat 'Warning signs you logged'
check "status: plan json" run 0 --data-dir "$work/ss" plan --json
check "status: json safety_status" bash -c "grep -A1 '\"safety_status\"' '$work/out' | grep -q '\"level\": \"emergency\"'"
check "status: json logged sign" grep -q '"symptom": "chest_pain_or_pressure"' "$work/out"
check "status: session" run 0 --data-dir "$work/ss" session
check "status: session says it first" bash -c "head -3 '$work/out' | grep -qi 'emergency'"
check "start --intake emergency" run 0 --data-dir "$work/se" start --intake "$data/emergency.json"
check "start --intake emergency says what to do" flat 'Call your local emergency number'
check "start --intake emergency: no plan" flat 'no plan for now'

# A content author's mistake is reported as FILE:LINE:COL and exits 2.
mkdir -p "$work/content/techniques" "$work/content/learn"
cp -r "$here/../content/." "$work/content/"
sed -i '0,/^    kind: heat$/s//    kind: hot/' "$work/content/techniques/heat_cold.yaml"
check "broken content exits 2" run 2 --content-dir "$work/content" techniques list
check "content error positioned" grep -Eq "heat_cold.yaml:[0-9]+:[0-9]+: unknown kind 'hot'" "$work/err"

# The interactive intake, driven through tmux as a person would.
if require_tool tmux "the interactive intake checks"; then
  wizard() {  # wizard NAME DATA_DIR ANSWERS...: answers each prompt of `unknot start` (or checkin)
    local name="$1" dir="$2"; shift 2
    local command=start
    [ "$name" = checkin ] && command=checkin
    tmux -L unknot-e2e new-session -d -s "$name" -x 100 -y 40 \
      "UNKNOT_DATA_DIR='$dir' NO_COLOR=1 '$unknot' $command; echo EXITED=\$?; sleep 30"
    for answer in "$@"; do
      for _ in $(seq 50); do
        tmux -L unknot-e2e capture-pane -p -t "$name" | grep -q '^> *$' && break
        sleep 0.1
      done
      tmux -L unknot-e2e send-keys -t "$name" "$answer" Enter
      sleep 0.15
    done
    for _ in $(seq 100); do
      tmux -L unknot-e2e capture-pane -p -S -2000 -t "$name" > "$work/screen-$name"
      grep -q 'EXITED=' "$work/screen-$name" && break
      sleep 0.1
    done
  }
  wizard emergency "$work/w1" "1"
  check "wizard emergency stops" grep -q 'EXITED=0' "$work/screen-emergency"
  check "wizard emergency advice" grep -qi 'emergency' "$work/screen-emergency"
  check "wizard emergency saves nothing" test ! -e "$work/w1/intake.json"
  # emergency none, urgent none, age, pain now, worst, weeks, onset, started after,
  # areas, features, history, self-care weeks, change, equipment, constraints,
  # cautions, minutes, strength days, desk hours, triggers
  wizard full "$work/w2" "" "" "41" "5" "6" "8" "1" "1" "1 2" "" "" "" "1 4 6" "1" "" "20" "3" "8" "1 8"
  check "wizard finishes" grep -q 'EXITED=0' "$work/screen-full"
  check "wizard saved intake" grep -q '"cannot_kneel"' "$work/w2/intake.json"
  check "wizard printed plan" grep -q 'Your plan' "$work/screen-full"
  check "wizard used wall variant" grep -q '"variant": "wall"' <("$unknot" --data-dir "$work/w2" plan --json)
  # Daily check-in: no red flags, morning pain 4, triggers desk work and stress, no note.
  # From noon it asks about this morning (Enter: not remembered) before the pain now.
  if [ "$(date +%-H)" -lt 12 ]; then
    wizard checkin "$work/w2" "" "" "4" "1 8" ""
  else
    wizard checkin "$work/w2" "" "" "" "4" "1 8" ""
  fi
  check "checkin finishes" grep -q 'EXITED=0' "$work/screen-checkin"
  check "checkin stored pain" bash -c "'$unknot' --data-dir '$work/w2' diary export | grep -q '\"nprs\":4'"
  check "checkin stored triggers" test "$("$unknot" --data-dir "$work/w2" diary export | grep -c '"type":"trigger"')" -eq 2
fi

finish
