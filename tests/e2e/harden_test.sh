#!/usr/bin/env bash
# End-to-end checks that bad input never crashes unknot and that its files behave like a Unix
# tool's (issue 13): every crasher gives exit 2 and a message; exports write through links, into
# FIFOs and to "-"; folders are never made silently; the data folder is 0700 and its files 0600;
# an unreadable data folder fails clearly and a read-only one still reads; sixty first runs at
# once all succeed; a damaged diary says what to do, and `unknot restore` brings a backup back.
# Usage: harden_test.sh PATH/TO/unknot
set -uo pipefail
unknot="$(realpath "$1")"
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/data"
work="$(mktemp -d)"
chmod 755 "$work"  # the checks run as nobody need to get in
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
export UNKNOT_DATA_DIR="$work/data"
export NO_COLOR=1
source "$(dirname "$0")/lib.sh"

said() { grep -q -- "$1" "$work/err" || { echo "  stderr lacks '$1':"; head -c 600 "$work/err"; return 1; }; }
one_line() { test "$(wc -l <"$work/err")" -eq 1 || { echo "  stderr is not one line:"; head -c 600 "$work/err"; return 1; }; }
mode() { stat -c %a "$1"; }

# --- Crashers: each must be exit 2 with one line that says where and what ------------------
intake() { printf '{"schema":"unknot.intake/1","age":%s,"pain":{"now":4,"weeks_since_onset":3}}' "$1" >"$work/$2"; }
intake 1e999 big_age.json
check "triage age 1e999 exits 2" run 2 triage --intake "$work/big_age.json"
check "triage age 1e999 names the key" said "age: number too large"
check "plan age 1e999 exits 2" run 2 plan --intake "$work/big_age.json"
check "message is one line" one_line
intake 18446744073709551615 huge_age.json
check "plan age 2^64-1 exits 2" run 2 plan --intake "$work/huge_age.json"
python3 -c "print('{\"schema\":' + '['*80000 + ']'*80000 + '}')" >"$work/deep.json"
check "80000 nested lists exit 2" run 2 triage --intake "$work/deep.json"
python3 -c "
n='['*32000+']'*32000
print('{\"schema\":\"unknot.intake/1\",\"age\":30,\"pain\":{\"now\":3,\"weeks_since_onset\":2},\"symptoms\":['+n+','+n+']}')" \
  >"$work/deep_symptoms.json"
check "two 32000-deep lists exit 2" run 2 plan --intake "$work/deep_symptoms.json"
python3 -c "print('{\"schema\":' + '['*1000 + ']'*1000 + '}')" >"$work/deep_small.json"
check "1000 nested lists exit 2" run 2 triage --intake "$work/deep_small.json"
check "depth named" said "nested more than"
printf '{"schema":"unknot.intake/1","age":30,"pain":{"now":3,"weeks_since_onset":2,"onset":"\xff"}}' >"$work/bad_utf8.json"
check "intake with invalid UTF-8 exits 2" run 2 triage --intake "$work/bad_utf8.json"
check "invalid UTF-8 named" said "invalid UTF-8 at line 1"
# A saved intake that went bad (edited by hand) is the same bad input.
mkdir -p "$work/saved" && cp "$work/big_age.json" "$work/saved/intake.json"
check "plan with a bad saved intake exits 2" run 2 --data-dir "$work/saved" plan

printf '{"at":"2026-03-02","type":"pain","nprs":1e999}\n' >"$work/big.jsonl"
check "import nprs 1e999 exits 2" run 2 diary import "$work/big.jsonl"
check "import names line and key" said "big.jsonl:1: nprs: number too large"
printf '{"at":"2026-03-02","type":"pain","nprs":18446744073709551615}\n' >"$work/huge.jsonl"
check "import nprs 2^64-1 exits 2" run 2 diary import "$work/huge.jsonl"
check "no 'got -1'" said "got 18446744073709551615"
check "log note invalid UTF-8 exits 2" run 2 log note $'\xff'
check "log note names the argument" said "argument 3: invalid UTF-8"
check "log session invalid UTF-8 exits 2" run 2 log session strength --item $'wall-slide\xfe'
check "log pain 5abc exits 2" run 2 log pain 5abc
check "--item reps must be a number" run 2 log session strength --item band-row:10abc
check "--hours 1e999 exits 2" run 2 log trigger stress --hours 1e999
check "nothing stored by the crashers" test ! -e "$UNKNOT_DATA_DIR/diary.sqlite3"

# Content under --content-dir with invalid UTF-8: exit 2 naming file and line.
cp -r "$here/../content" "$work/content"
technique="$(ls "$work/content/techniques/" | head -1)"
printf '# \xff broken\n' >>"$work/content/techniques/$technique"
check "content with invalid UTF-8 exits 2" run 2 --content-dir "$work/content" techniques list
lines="$(wc -l <"$work/content/techniques/$technique")"
check "content message has file:line" said "$technique:$lines:[0-9]*: invalid UTF-8"

# --- Unknown ids and far-future times: exit 2 -----------------------------------------------
check "unknown session exits 2" run 2 log session nosuchsession
check "unknown session named" said "unknown session 'nosuchsession'"
check "unknown technique in --item exits 2" run 2 log session strength --item not-a-technique:10
check "unknown technique named" said "unknown technique 'not-a-technique'"
check "--at far in the future exits 2" run 2 log pain 3 --at 2099-01-01
check "future named" said "is in the future"
printf '{"at":"2026-03-02","type":"pain","nprs":3}\n{"at":"2026-03-02","type":"session","session":"strength","items":[{"technique":"nope"}]}\n' \
  >"$work/unknown.jsonl"
check "import with an unknown technique exits 2" run 2 diary import "$work/unknown.jsonl"
check "import names the line" said "unknown.jsonl:2: items: unknown technique 'nope'"
check "nothing imported" bash -c "'$unknot' diary export | wc -l | grep -qx 0"

# --- Permissions -----------------------------------------------------------------------------
check "log pain" run 0 log pain 3 --at 2026-03-02T08:00:00
check "data folder is 0700" test "$(mode "$UNKNOT_DATA_DIR")" = 700
check "diary is 0600" test "$(mode "$UNKNOT_DATA_DIR/diary.sqlite3")" = 600
check "start --intake" run 0 start --intake "$data/desk_worker.json"
check "intake is 0600" test "$(mode "$UNKNOT_DATA_DIR/intake.json")" = 600
check "backup" run 0 backup "$work/backup.sqlite3"
check "backup is 0600" test "$(mode "$work/backup.sqlite3")" = 600
# WAL companions while a connection is open: hold one open with sqlite3 and look.
if command -v sqlite3 >/dev/null; then
  (echo "BEGIN; SELECT count(*) FROM entries;"; sleep 2) | sqlite3 "$UNKNOT_DATA_DIR/diary.sqlite3" >/dev/null &
  holder=$!
  sleep 0.5
  check "log while another reader holds the diary" run 0 log pain 4 --at 2026-03-02T09:00:00
  check "-wal is 0600" test "$(mode "$UNKNOT_DATA_DIR/diary.sqlite3-wal")" = 600
  check "-shm is 0600" test "$(mode "$UNKNOT_DATA_DIR/diary.sqlite3-shm")" = 600
  wait "$holder"
fi
mkdir -m 755 "$work/old" && cp "$UNKNOT_DATA_DIR/diary.sqlite3" "$work/old/" && chmod 644 "$work/old/diary.sqlite3"
check "a write tightens an old 0755 folder" run 0 --data-dir "$work/old" log pain 2 --at 2026-03-03
check "old folder now 0700" test "$(mode "$work/old")" = 700
check "old diary now 0600" test "$(mode "$work/old/diary.sqlite3")" = 600

# --- Output files the Unix way -----------------------------------------------------------------
check "export fhir - goes to stdout" run 0 export fhir -
check "stdout holds the bundle" grep -q '"resourceType": "Bundle"' "$work/out"
check "no file named -" test ! -e ./- -a ! -e "$work/-"
check "calendar export -" run 0 calendar export - --start 2026-03-02
check "stdout holds the calendar" grep -q 'BEGIN:VCALENDAR' "$work/out"
touch "$work/real.csv" && ln -s "$work/real.csv" "$work/link.csv"
check "export csv through a symlink" run 0 export csv "$work/link.csv"
check "the link is still a link" test -L "$work/link.csv"
check "its target got the rows" grep -q '^at,type,nprs' "$work/real.csv"
ln -s "$work/made-by-link.ics" "$work/dangling.ics"
check "a dangling link is written through" run 0 calendar export "$work/dangling.ics" --start 2026-03-02
check "dangling link still a link" test -L "$work/dangling.ics" -a -s "$work/made-by-link.ics"
mkfifo "$work/fifo"
(cat "$work/fifo" >"$work/from-fifo") &
reader=$!
check "export fhir into a FIFO" run 0 export fhir "$work/fifo"
wait "$reader"
check "the FIFO reader got the bundle" grep -q '"resourceType": "Bundle"' "$work/from-fifo"
check "the FIFO is still a FIFO" test -p "$work/fifo"
check "missing folder is an error" run 2 export fhir "$work/no/such/folder/x.json"
check "missing folder named" said "does not exist"
check "missing folder not created" test ! -e "$work/no"
check "calendar to a missing folder exits 2" run 2 calendar export "$work/no/x.ics"
check "backup to a missing folder exits 2" run 2 backup "$work/no/b.sqlite3"
"$unknot" backup - >"$work/stdout-backup.sqlite3" 2>"$work/err"
check "backup - writes the database to stdout" bash -c "head -c 15 '$work/stdout-backup.sqlite3' | grep -q 'SQLite format 3'"
check "export csv - " run 0 export csv -
check "csv on stdout" grep -q '^at,type' "$work/out"

# --- CSV: formulas neutralised, items listed ----------------------------------------------------
check "log a formula note" run 0 log note '=HYPERLINK("http://evil","x")' --at 2026-03-04
check "log a session with items" run 0 log session strength --item band-row:12 --at 2026-03-04T18:00:00
check "export csv" run 0 export csv "$work/d.csv"
check "formula neutralised" grep -q "\"'=HYPERLINK" "$work/d.csv"
check "items in the technique column" grep -q 'band-row:12' "$work/d.csv"

# --- Concurrent first runs ------------------------------------------------------------------------
fresh="$work/fresh"
for i in $(seq 0 59); do
  "$unknot" --data-dir "$fresh" log pain $((i % 11)) --at "2026-03-02T10:00:$(printf %02d "$i")" \
    >/dev/null 2>"$work/concurrent.$i" </dev/null &
done
failures=0
for job in $(jobs -p); do wait "$job" || failures=$((failures + 1)); done
check "60 concurrent first runs all succeed" test "$failures" -eq 0 || cat "$work"/concurrent.* | sort | uniq -c
check "60 entries stored" bash -c "'$unknot' --data-dir '$fresh' diary export | wc -l | grep -qx 60"

# --- A long import holds the write lock; a log waits for it ---------------------------------------
python3 -c "
for i in range(150000):
    print('{\"at\":\"2025-%02d-%02dT%02d:%02d:%02d\",\"type\":\"pain\",\"nprs\":%d}' % (1 + i % 12, 1 + i % 28, i % 24, (i // 24) % 60, (i // 1440) % 60, i % 11))
" >"$work/long.jsonl"
"$unknot" --data-dir "$work/long" diary import "$work/long.jsonl" >/dev/null 2>"$work/import.err" &
importer=$!
sleep 0.3
check "log during a long import waits and succeeds" run 0 --data-dir "$work/long" log pain 5 --at 2026-03-05
check "the import succeeded too" wait "$importer"

# --- Damaged rows and databases; restore -------------------------------------------------------
cp "$UNKNOT_DATA_DIR/diary.sqlite3" "$work/before-bad-row.sqlite3"
python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute(\"INSERT INTO entries (at, type, body) VALUES ('2026-03-03', 'pain', '{broken')\")
db.commit()" "$UNKNOT_DATA_DIR/diary.sqlite3"
check "a bad row does not stop review" run 0 review --as-of 2026-03-10
check "the bad row is named" said "warning: skipped a damaged diary entry (diary row"
check "diary export still works" run 0 diary export
check "other entries exported" grep -q '"nprs":3' "$work/out"

check "backup for restore" run 0 backup "$work/good.sqlite3"
before="$("$unknot" diary export | wc -l)"
check "log after the backup" run 0 log pain 7 --at 2026-03-06
check "restore" run 0 restore "$work/good.sqlite3"
check "restore says how many" grep -q "Restored the diary" "$work/out"
check "restored diary has the backup's entries" test "$("$unknot" diary export | wc -l)" -eq "$before"
check "restore of a non-backup exits 2" run 2 restore "$data/desk_worker.json"
check "non-backup named" said "not an unknot diary backup"
check "restore of a missing file exits 2" run 2 restore "$work/nope.sqlite3"
check "a failed restore changed nothing" test "$("$unknot" diary export | wc -l)" -eq "$before"

head -c 4096 /dev/urandom >"$UNKNOT_DATA_DIR/diary.sqlite3"
rm -f "$UNKNOT_DATA_DIR/diary.sqlite3-wal" "$UNKNOT_DATA_DIR/diary.sqlite3-shm"
check "a damaged diary exits 1" run 1 review
check "it says how to restore" said "unknot restore FILE"
check "one line" one_line
check "restore over a damaged diary" run 0 restore "$work/good.sqlite3"
check "damaged file kept aside" test -e "$UNKNOT_DATA_DIR/diary.sqlite3.damaged"
check "diary readable again" test "$("$unknot" diary export | wc -l)" -eq "$before"

# --- Unreadable and read-only data folders (as nobody: root reads everything) ------------------
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
  as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
  shared="$work/nobody"
  mkdir -m 755 "$shared" && chown nobody:nogroup "$shared"
  nobody_run() {  # nobody_run EXPECTED DATA_DIR ARGS...
    local expected="$1" dir="$2"; shift 2
    as_nobody env HOME="$shared" "$unknot" --data-dir "$dir" "$@" >"$work/out" 2>"$work/err" </dev/null
    local code=$?
    [ "$code" -eq "$expected" ] || { echo "  (nobody) unknot $* exited $code, expected $expected"; cat "$work/err"; return 1; }
  }
  check "nobody: start" nobody_run 0 "$shared/d" start --intake "$data/desk_worker.json"
  check "nobody: log" nobody_run 0 "$shared/d" log pain 4 --at 2026-03-02T07:30:00 --context morning
  chmod 000 "$shared/d"
  check "unreadable folder: review exits 1" nobody_run 1 "$shared/d" review
  check "unreadable folder: says so" said "cannot read the folder"
  check "unreadable folder: not 'empty'" bash -c "! grep -qi 'empty' '$work/out'"
  check "unreadable folder: plan exits 1" nobody_run 1 "$shared/d" plan
  check "unreadable folder: not 'no intake yet'" bash -c "! grep -q 'no intake yet' '$work/err'"
  chmod 500 "$shared/d" && chmod 400 "$shared/d/diary.sqlite3" "$shared/d/intake.json"
  check "read-only folder: review" nobody_run 0 "$shared/d" review --as-of 2026-03-05
  check "read-only folder: diary export" nobody_run 0 "$shared/d" diary export
  check "read-only export has the entry" grep -q '"nprs":4' "$work/out"
  check "read-only folder: plan" nobody_run 0 "$shared/d" plan
  check "read-only folder: a write exits 1" nobody_run 1 "$shared/d" log pain 5
  check "read-only write says read-only" said "read-only"
  chmod 700 "$shared/d"
else
  echo "not root or no setpriv: permission checks skipped"
fi

finish
