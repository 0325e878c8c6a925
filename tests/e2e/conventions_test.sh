#!/usr/bin/env bash
# End-to-end checks of the command-line conventions (issue 14): help with full usage paths
# for every command, `unknot help`, -V, "did you mean", plain messages and plurals, --json
# that parses on every command that reports something, the short orientation, NO_COLOR and
# TERM=dumb, piped check-in, the hints, `desk uninstall`, FHIR offsets across a DST change,
# and man pages and completions that list every command.
# Usage: conventions_test.sh PATH/TO/unknot
set -uo pipefail
unknot="$1"
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export UNKNOT_DATA_DIR="$work/data"
export NO_COLOR=1
source "$(dirname "$0")/lib.sh"

no_double_prefix() { ! grep -q 'unknot: unknot' "$work/err"; }

# --- Every command, found by walking `unknot help` down its Commands: sections.
commands_of() {  # the subcommand names listed under "Commands:" in `unknot help PATH...`
  "$unknot" help "$@" | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}'
}
all_paths=()
walk() {
  local sub
  for sub in $(commands_of "$@"); do
    [ "$sub" = help ] && [ $# -eq 0 ] && continue
    all_paths+=("$* $sub")
    walk "$@" "$sub"
  done
}
walk
check "found the commands" test "${#all_paths[@]}" -ge 30
for path in "${all_paths[@]}"; do
  path="${path# }"
  # shellcheck disable=SC2086
  check "$path --help" run 0 $path --help
  check "$path usage path" grep -q "^Usage: unknot $path " "$work/out"
  check "$path help lists global options" grep -q -- '--data-dir DIR' "$work/out"
  # shellcheck disable=SC2086
  "$unknot" help $path >"$work/help-via-help"
  check "unknot help $path" cmp -s "$work/out" "$work/help-via-help"
done

# --- Man pages and completions come from the same definitions: every command is in them.
check "generate man" run 0 --generate-man "$work/man"
check "unknot.1 written" test -s "$work/man/unknot.1"
for shell in bash zsh fish; do "$unknot" --generate-completion "$shell" >"$work/completion.$shell"; done
check "bash completion parses" bash -n "$work/completion.bash"
for path in "${all_paths[@]}"; do
  path="${path# }"
  group="${path%% *}"
  last="${path##* }"
  check "man page for $group" test -s "$work/man/unknot-$group.1"
  check "man page names $path" grep -q "^\.B unknot $(echo "$path" | sed 's/-/\\\\-/g')\$" "$work/man/unknot-$group.1"
  for shell in bash zsh fish; do
    check "$shell completes $path" grep -q -- "$last" "$work/completion.$shell"
  done
done
if command -v man >/dev/null; then
  check "man renders unknot.1" bash -c "MANWIDTH=80 man -l '$work/man/unknot.1' 2>&1 | grep -q 'unknot review'"
fi
# bash completion really completes: `unknot rev<TAB>` and `unknot log p<TAB>`.
complete_words() {  # complete_words WORD...: what the bash completion offers for the last word
  bash -c "source '$work/completion.bash'; COMP_WORDS=(unknot $*); COMP_CWORD=$#; _unknot; echo \"\${COMPREPLY[*]}\""
}
check "bash completes rev" test "$(complete_words rev)" = "review"
check "bash completes log p" test "$(complete_words log p)" = "pain"
check "bash completes options" bash -c "[[ ' $(complete_words review --) ' == *' --as-of '* ]]"

# --- help, -V, bare unknot.
check "-V" run 0 -V
check "-V text" grep -q '^unknot [0-9]' "$work/out"
check "--version --json" run 0 --version --json
check "--version json" json_has 'd["name"] == "unknot" and d["version"]'
check "help" run 0 help
check "help lists review" grep -q '^  review ' "$work/out"
check "help unknown exits 2" run 2 help revew
check "help suggests" grep -q 'Did you mean `unknot help review`' "$work/err"
check "bare unknot" run 0
check "bare unknot is short" test "$(wc -l <"$work/out")" -le 20
check "bare unknot says start" grep -q 'unknot start' "$work/out"
check "bare unknot columns line up" grep -Eq '^  unknot start +answer' "$work/out"

# --- Suggestions and plain messages.
check "revew exits 2" run 2 revew
check "revew suggests review" grep -q 'Did you mean `unknot review`?' "$work/err"
check "revew one line" test "$(wc -l <"$work/err")" -eq 1
check "option typo exits 2" run 2 review --as-off 2026-03-02
check "option typo suggests" grep -q 'Did you mean --as-of?' "$work/err"
check "subcommand typo" run 2 log pian 3
check "subcommand typo suggests" grep -q 'Did you mean `unknot log pain`?' "$work/err"
check "not a number exits 2" run 2 log pain five
check "not a number plain" grep -q "N should be a number, not 'five'" "$work/err"
check "no CLI11 words" bash -c "! grep -qi 'could not convert' '$work/err'"
check "repeated option exits 2" run 2 --data-dir "$work/a" --data-dir "$work/b" review
check "repeated option plain" grep -q -- '--data-dir was given 2 times; give it once.' "$work/err"
check "missing argument" run 2 log pain
check "missing argument plain" grep -q 'unknot log pain needs N' "$work/err"
check "start without terminal" run 2 start
check "no double prefix" no_double_prefix

# --- Hints that work, without an intake.
check "calendar export without intake" run 2 calendar export "$work/plan.ics"
check "calendar hint works" grep -q 'unknot start' "$work/err"
check "calendar hint no --intake for export" bash -c "! grep -q 'pass --intake' '$work/err'"
check "plan --intake dir exits 2" run 2 plan --intake "$work"
check "plan --intake dir says so" grep -q 'is a directory' "$work/err"
check "log pain for fhir" run 0 log pain 5 --context morning --at 2026-03-02T07:30:00
check "fhir without intake" run 0 export fhir "$work/nointake.json" --json
check "fhir without intake json" json_has 'd["pain_readings"] == 1 and d["plan"] is False'
check "fhir has the reading" python3 -c "
import json; b=json.load(open('$work/nointake.json'))
obs=[e for e in b['entry'] if e['resource']['resourceType']=='Observation']
assert len(obs)==1 and not any(e['resource']['resourceType']=='CarePlan' for e in b['entry'])"

# --- --json on every command that reports something; plurals in the text.
printf '%s\n' '{"at": "2026-03-03T07:30:00", "type": "pain", "nprs": 4, "context": "morning"}' >"$work/one.jsonl"
check "import one" run 0 diary import "$work/one.jsonl"
check "import plural" grep -q 'Imported 1 new entry (1 line read; 0 already there)' "$work/out"
check "import --json" run 0 diary import "$work/one.jsonl" --json
check "import json" json_has 'd["imported"] == 0 and d["read"] == 1 and d["already_there"] == 1'
check "start --intake" run 0 start --intake "$data/desk_worker.json"
check "calendar --json" run 0 calendar export "$work/plan.ics" --start 2026-03-02 --json
check "calendar json" json_has 'd["written"].endswith("plan.ics") and d["start"] == "2026-03-02"'
check "fhir --json" run 0 export fhir "$work/fhir.json" --json
check "fhir json" json_has 'd["pain_readings"] == 2 and d["plan"] is True'
check "csv --json" run 0 export csv "$work/diary.csv" --json
check "csv json" json_has 'd["entries"] == 2'
check "csv text plural" run 0 export csv "$work/diary.csv"
check "csv plural" grep -q 'Wrote 2 diary entries' "$work/out"
check "csv stdout --json" run 0 export csv --json
check "csv stdout json" json_has 'd["csv"].startswith("at,")'
check "backup --json" run 0 backup "$work/backup.db" --json
check "backup json" json_has 'd["written"].endswith("backup.db")'
check "diary export --json" run 0 diary export --json
check "diary export json" json_has 'len(d["entries"]) == 2'
check "log symptom --json" run 0 log symptom fever --json
check "log symptom json has triage" json_has 'd["stored"] and d["entry"]["symptom"] == "fever" and d["triage"]["level"]'
check "log pain --json" run 0 log pain 3 --json
check "log pain json" json_has 'd["entry"]["nprs"] == 3'
check "desk install --dry-run --json" run 0 desk install --dry-run --json --config-home "$work/config"
check "desk dry-run json" json_has 'd["files"][0]["path"].endswith("unknot-desk.service") and "ExecStart=" in d["files"][0]["text"]'
check "dry run wrote nothing" test ! -e "$work/config"
for args in "plan" "triage" "review" "insights" "techniques list" "techniques show band-row" "learn" "session" "desk status"; do
  # shellcheck disable=SC2086
  check "$args --json" run 0 $args --json
  check "$args json parses" json_ok
done

# --- desk install / uninstall.
check "desk install" run 0 desk install --config-home "$work/config"
check "desk unit written" test -s "$work/config/systemd/user/unknot-desk.service"
check "desk uninstall --json" run 0 desk uninstall --config-home "$work/config" --json
check "desk uninstall json" json_has 'len(d["removed"]) == 3'
check "unit removed" test ! -e "$work/config/systemd/user/unknot-desk.service"
check "link removed" test ! -L "$work/config/systemd/user/graphical-session.target.wants/unknot-desk.service"
check "autostart removed" test ! -e "$work/config/autostart/unknot-desk.desktop"
check "desk uninstall again" run 0 desk uninstall --config-home "$work/config"
check "nothing to remove" grep -q 'nothing to remove' "$work/out"

# --- insights: no weeks before the diary began.
check "insights fresh diary" run 0 --data-dir "$work/fresh" log pain 4 --at 2026-03-04T07:30:00
"$unknot" --data-dir "$work/fresh" insights --as-of 2026-03-04 --json >"$work/out"
check "insights one week" json_has 'len(d["weeks"]) == 1'

# --- checkin with piped answers, like session; the questions follow the time of day.
if [ "$(date +%-H)" -lt 12 ]; then answers=$'\n\n4\n\n\n'; else answers=$'\n\n\n4\n\n\n'; fi
check "checkin piped" bash -c "printf '%s' '$answers' | '$unknot' --data-dir '$work/checkin' checkin >'$work/out' 2>'$work/err'"
check "checkin saved" grep -q 'Saved 1 diary entry' "$work/out"
check "checkin echoes answers" grep -q '^> 4$' "$work/out"

# --- Colour: only on a terminal, never with NO_COLOR or TERM=dumb (script(1) gives a terminal).
if command -v script >/dev/null; then
  colour() { env -u NO_COLOR "$@" script -qec "'$unknot' techniques list" /dev/null | grep -c $'\e\\[' ; }
  check "colour on a terminal" test "$(colour TERM=xterm)" -gt 0
  check "TERM=dumb no colour" test "$(colour TERM=dumb)" -eq 0
  check "NO_COLOR no colour" test "$(colour TERM=xterm NO_COLOR=1)" -eq 0
fi

# --- FHIR: each reading gets the UTC offset in force at its own local time.
check "dst import" bash -c "printf '%s\n' '{\"at\": \"2026-10-19T07:30:00\", \"type\": \"pain\", \"nprs\": 5, \"context\": \"morning\"}' \
  '{\"at\": \"2026-11-09T07:30:00\", \"type\": \"pain\", \"nprs\": 4, \"context\": \"morning\"}' >'$work/dst.jsonl' &&
  '$unknot' --data-dir '$work/dst' diary import '$work/dst.jsonl' >/dev/null"
check "dst export" env TZ=America/New_York "$unknot" --data-dir "$work/dst" export fhir "$work/dst.json" --json >/dev/null
check "summer offset" grep -q '"effectiveDateTime": "2026-10-19T07:30:00-04:00"' "$work/dst.json"
check "winter offset" grep -q '"effectiveDateTime": "2026-11-09T07:30:00-05:00"' "$work/dst.json"

finish
