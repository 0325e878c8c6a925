#!/usr/bin/env bash
# Crash test: kills unknot with SIGKILL at random moments while it logs entries and
# imports files, then checks that every acknowledged write is in the diary, that each
# import is all or nothing, and that SQLite's integrity check passes.
# Usage: crash_test.sh PATH/TO/unknot [ROUNDS]
set -uo pipefail
unknot="$1"
rounds="${2:-60}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export UNKNOT_DATA_DIR="$work/data"
export NO_COLOR=1
acked="$work/acked"
: >"$acked"
RANDOM=42

# A 2000-line import file per round, each line unique to its round.
make_import() {
  local round="$1" file="$2"
  for i in $(seq 2000); do
    printf '{"at": "2026-01-01T00:00:00", "type": "note", "text": "import %s line %s"}\n' "$round" "$i"
  done >"$file"
}

for round in $(seq "$rounds"); do
  # Logging: a burst of single writes; one of them is killed after a random delay.
  for i in 1 2 3; do
    text="log $round $i"
    "$unknot" log note "$text" >/dev/null 2>&1 &
    pid=$!
    if [ "$i" -eq 2 ]; then
      sleep "0.00$((RANDOM % 10))"
      kill -9 "$pid" 2>/dev/null
    fi
    if { wait "$pid"; } 2>/dev/null; then echo "$text" >>"$acked"; fi
  done
  # Importing: killed at a random moment; acknowledged only on exit 0.
  make_import "$round" "$work/import.jsonl"
  "$unknot" diary import "$work/import.jsonl" >/dev/null 2>&1 &
  pid=$!
  # Delays from 0 to 0.2 s: some imports die early, some mid-transaction, some finish.
  sleep "0.$((RANDOM % 3))$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null
  if { wait "$pid"; } 2>/dev/null; then echo "import $round" >>"$acked"; fi
done

"$unknot" diary export >"$work/export" || { echo "FAIL: export after crashes"; exit 1; }
failed=0
while read -r text; do
  case "$text" in
    import*)
      count=$(grep -c "\"${text} line " "$work/export")
      if [ "$count" -ne 2000 ]; then echo "FAIL: acknowledged '$text' has $count of 2000 lines"; failed=1; fi ;;
    *)
      grep -q "\"$text\"" "$work/export" || { echo "FAIL: acknowledged '$text' is missing"; failed=1; } ;;
  esac
done <"$acked"
# Imports that were killed must have left all of their lines or none.
for round in $(seq "$rounds"); do
  count=$(grep -c "\"import $round line " "$work/export")
  if [ "$count" -ne 0 ] && [ "$count" -ne 2000 ]; then echo "FAIL: import $round is partial ($count lines)"; failed=1; fi
done
integrity=$(sqlite3 "$UNKNOT_DATA_DIR/diary.sqlite3" 'PRAGMA integrity_check;')
if [ "$integrity" != "ok" ]; then echo "FAIL: integrity_check: $integrity"; failed=1; fi
echo "crash test: $(wc -l <"$acked") acknowledged writes ($(grep -c '^import' "$acked") whole imports) checked over $rounds rounds; integrity $integrity"
if [ "$failed" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$failed"
