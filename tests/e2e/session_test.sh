#!/usr/bin/env bash
# End-to-end checks of `unknot session`: the full-screen coach driven through tmux as a
# person would (pause, skip, the closing questions), line mode without a terminal, and
# bad flags. Then the diary entries it wrote.
# Usage: session_test.sh PATH/TO/unknot
set -uo pipefail
unknot="$1"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
socket="unknot-session-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export NO_COLOR=1
source "$(dirname "$0")/lib.sh"

"$unknot" --data-dir "$work/lines" start --intake "$here/data/desk_worker.json" >/dev/null
"$unknot" --data-dir "$work/tmux" start --intake "$here/data/desk_worker.json" >/dev/null
"$unknot" --data-dir "$work/ctrlc" start --intake "$here/data/desk_worker.json" >/dev/null

# Bad flags change nothing and say what was wrong.
check "speed 0 refused" bash -c "! '$unknot' --data-dir '$work/lines' session --speed 0 2>'$work/err' </dev/null"
check "speed message" grep -q -- "--speed: expected a number above 0" "$work/err"
check "unknown session refused" bash -c "'$unknot' --data-dir '$work/lines' session nap </dev/null 2>'$work/err'; test \$? -eq 2"
check "unknown session message" grep -q "unknown session 'nap'; your plan has: " "$work/err"
check "no diary after bad flags" test ! -e "$work/lines/diary.sqlite3"
check "session json" bash -c "'$unknot' --data-dir '$work/lines' session strength --json | grep -q '\"schema\": \"unknot.session/1\"'"

# Line mode: answers line by line on standard input, the session on its own clock.
printf '\n2\n\n' | "$unknot" --data-dir "$work/lines" session strength --speed 1000 >"$work/lines.out" 2>&1
check "line mode exits 0" test $? -eq 0
check "line mode shows steps" grep -q 'step 1 of' "$work/lines.out"
check "line mode reaches the end" grep -q 'Session done' "$work/lines.out"
"$unknot" --data-dir "$work/lines" diary export >"$work/lines.jsonl"
check "line mode logged the session" grep -q '"type":"session","session":"strength","completed":true,"pain_during":2' "$work/lines.jsonl"

# A red flag before the session stops it and logs the symptom.
printf '1\n' | "$unknot" --data-dir "$work/lines" session strength --speed 1000 >"$work/flag.out" 2>&1
check "red flag stops" grep -q 'No session today' "$work/flag.out"
check "red flag logged" bash -c "'$unknot' --data-dir '$work/lines' diary export | grep -q '\"symptom\":\"chest_pain_or_pressure\"'"

if ! require_tool tmux "the full-screen coach checks"; then
  finish
  exit
fi

screen() { tmux -L "$socket" capture-pane -p -t coach; }
wait_for() {  # wait_for PATTERN [TENTHS]: until the screen shows PATTERN
  local pattern="$1" tries="${2:-100}"
  for _ in $(seq "$tries"); do
    screen | grep -q -- "$pattern" && return 0
    sleep 0.1
  done
  echo "  screen never showed '$pattern':"; screen | sed 's/^/  | /'
  return 1
}
keys() { tmux -L "$socket" send-keys -t coach "$@"; }

tmux -L "$socket" new-session -d -s coach -x 90 -y 32 \
  "UNKNOT_DATA_DIR='$work/tmux' NO_COLOR=1 '$unknot' session strength --speed 60 --quiet; echo EXITED=\$?; sleep 60"
check "safety check first" wait_for 'Chest pain'
keys Enter
check "press enter to begin" wait_for 'Press Enter to begin'
keys Enter
check "coach on screen" wait_for 'GET READY'
check "keys shown" wait_for 'space pause'
keys Space
check "paused" wait_for 'PAUSED'
before="$(screen | grep -m1 ' left$')"
sleep 1.2
after="$(screen | grep -m1 ' left$')"
# Both readings must show the countdown: two missing lines are equal too.
check "countdown shown while paused" test -n "$before" -a -n "$after"
check "clock stops while paused" test "$before" = "$after"
keys Space
sleep 0.5
check "resumed" text_lacks "$(screen)" PAUSED
first_item="$(screen | sed -n 4p)"
check "first item named" test -n "$first_item"
keys s
check "skip moves to item 2" wait_for 'item 2 of'
check "skipped item gone" bash -c '[ -n "$1" ] && ! grep -qF -- "$2" <<<"$1"' _ "$(screen | sed -n 4p)" "$first_item"
check "resize followed" bash -c "tmux -L '$socket' resize-window -t coach -x 60 -y 20 && sleep 0.5 && tmux -L '$socket' capture-pane -p -t coach | grep -q 'q quit'"
check "final question" wait_for 'worst pain during the session' 1200
keys 3 Enter
check "items question" wait_for 'Which items did you do'
keys Enter
check "coach exits 0" wait_for 'EXITED=0'
"$unknot" --data-dir "$work/tmux" diary export >"$work/tmux.jsonl"
check "session logged" grep -q '"type":"session","session":"strength","completed":false,"pain_during":3' "$work/tmux.jsonl"
check "skipped item not logged" file_lacks "$work/tmux.jsonl" '"technique":"heat-pack"'

# Ctrl-C during the coaching: the terminal comes back (no alternate screen, cursor shown) and
# what was done is saved as a partial session, without the closing questions.
tmux -L "$socket" kill-session -t coach 2>/dev/null
tmux -L "$socket" new-session -d -s coach -x 90 -y 32 \
  "UNKNOT_DATA_DIR='$work/ctrlc' NO_COLOR=1 '$unknot' session strength --speed 60 --quiet; echo EXITED=\$?; sleep 60"
check "ctrl-c: safety check" wait_for 'Chest pain'
keys Enter
check "ctrl-c: press enter" wait_for 'Press Enter to begin'
keys Enter
check "ctrl-c: coach on screen" wait_for 'GET READY'
check "ctrl-c: in the alternate screen" test "$(tmux -L "$socket" display -p -t coach '#{alternate_on}')" = 1
keys C-c
check "ctrl-c: exits 0" wait_for 'EXITED=0'
check "ctrl-c: says it saved" wait_for 'saved to your diary as a partial session'
check "ctrl-c: alternate screen left" test "$(tmux -L "$socket" display -p -t coach '#{alternate_on}')" = 0
check "ctrl-c: cursor shown" test "$(tmux -L "$socket" display -p -t coach '#{cursor_flag}')" = 1
"$unknot" --data-dir "$work/ctrlc" diary export >"$work/ctrlc.jsonl"
check "ctrl-c: partial session logged" grep -q '"type":"session","session":"strength","completed":false' "$work/ctrlc.jsonl"

finish
