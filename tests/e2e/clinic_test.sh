#!/usr/bin/env bash
# Clinic mode end to end, as a clinician and a patient would use it: run through
# scripts/with-postgres.sh (UNKNOT_CLINIC_DB set). The clinician is added from the command
# line, signs in to the clinic server over HTTP, adds a patient and gets a link code; the
# patient links their own unknot, logs a week, syncs twice; the clinician sees the entries
# and the review; the patient unlinks and asks the clinic to delete its copy. Then the same
# over HTTPS (the server's own TLS), and the refusal of plain HTTP beyond loopback.
#   tests/e2e/clinic_test.sh path/to/unknot
set -uo pipefail
unknot="$1"
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
if [ -z "${UNKNOT_CLINIC_DB:-}" ]; then
  echo "FAIL: UNKNOT_CLINIC_DB is not set; run through scripts/with-postgres.sh"
  exit 1
fi
for tool in curl python3 openssl; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed"; exit 1; }
done
work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
export NO_COLOR=1
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

# The clinic side.
check "init" "$unknot" clinic init --db "$UNKNOT_CLINIC_DB"
check "init again is safe" "$unknot" clinic init
echo "a long enough password" | "$unknot" clinic add-clinician --email pat.physio@clinic.test --name "Pat Physio" >"$work/out" 2>&1
check "add-clinician" grep -q "Added Pat Physio" "$work/out"
echo "another long password" | "$unknot" clinic add-clinician --email PAT.physio@clinic.test --name "Again" >"$work/out" 2>&1
check "a taken email is bad input (exit 2)" test $? -eq 2
echo "short" | "$unknot" clinic add-clinician --email sam@clinic.test --name "Sam" >"$work/out" 2>&1
check "a short password is refused (exit 2)" test $? -eq 2
check "the refusal says why" grep -q "at least 12" "$work/out"

"$unknot" --data-dir "$work/server-data" clinic serve --port 0 >"$work/serve.log" 2>&1 &
server_pid=$!
wait_for 20 grep -q "running at" "$work/serve.log"
base=$(grep -o 'http://[^ ]*' "$work/serve.log" | head -n1)
check "server prints its address" test -n "$base"
base=${base%/}

jar="$work/cookies"
curl -s -c "$jar" -H 'Content-Type: application/json' -d '{"email":"pat.physio@clinic.test","password":"a long enough password"}' \
  "$base/api/clinic/login" >"$work/login.json"
csrf=$(json 'd["csrf_token"]' <"$work/login.json")
check "clinician signs in" test -n "$csrf"
check "cookie is HttpOnly" grep -q '#HttpOnly_' "$jar"
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"email":"nobody@clinic.test","password":"a long enough password"}' "$base/api/clinic/login")
check "unknown email: 401" test "$status" = 401
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'Content-Type: application/json' -d '{"display_name":"Alex"}' "$base/api/clinic/patients")
check "a change without the CSRF header: 403" test "$status" = 403
curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"display_name":"Alex Desk"}' \
  "$base/api/clinic/patients" >"$work/patient.json"
patient=$(json 'd["id"]' <"$work/patient.json")
code=$(json 'd["link_code"]' <"$work/patient.json")
check "patient added with a link code" test -n "$code"

# The patient side: their own unknot, their own data directory.
me=(--data-dir "$work/patient-data")
check "patient saves an intake" "$unknot" "${me[@]}" start --intake "$here/../data/desk_worker.json"
check "patient links" "$unknot" "${me[@]}" clinic link "$base/" "$code"
mode=$(stat -c %a "$work/patient-data/clinic.json")
check "device token file is 0600" test "$mode" = 600
check "the code works once" bash -c "! '$unknot' --data-dir '$work/other' clinic link '$base/' '$code' 2>/dev/null"
# A week up to today (the clinic judges attention as of its own today).
day() { date +%F -d "-$1 days"; }
for ago in 6 5 4 3 2 1 0; do
  "$unknot" "${me[@]}" log pain $((ago % 3 + 3)) --context morning --at "$(day "$ago")T07:30:00" >/dev/null
done
"$unknot" "${me[@]}" log session strength --pain-during 7 --at "$(day 1)T18:00:00" >/dev/null
"$unknot" "${me[@]}" clinic sync --json >"$work/sync1.json"
check "first sync exits 0" test $? -eq 0
"$unknot" "${me[@]}" clinic sync --json >"$work/sync2.json"
check "second sync pushes nothing new" test "$(json 'd["pushed"]' <"$work/sync2.json")" = 0
curl -s -b "$jar" "$base/api/clinic/patients/$patient/diary" >"$work/diary.json"
check "clinician sees all 8 entries exactly once" test "$(json 'len(d["entries"])' <"$work/diary.json")" = 8
curl -s -b "$jar" "$base/api/clinic/patients/$patient" >"$work/detail.json"
check "clinician sees the review" test "$(json 'd["review"]["schema"]' <"$work/detail.json")" = unknot.review/1
check "clinician sees the safety screen" test "$(json 'd["safety"]["schema"]' <"$work/detail.json")" = unknot.triage/1
curl -s -b "$jar" "$base/api/clinic/patients" >"$work/list.json"
check "the painful session is flagged" bash -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert \"painful_session\" in d[\"patients\"][0][\"attention\"]' '$work/list.json'"
curl -s -b "$jar" "$base/patients/$patient" >"$work/page.html"
check "the patient page shows the diary" grep -qi "pain: 4 out of 10" "$work/page.html"

# Prescriptions: the clinician prescribes a custom exercise and takes one technique out of the
# patient's own plan; the patient syncs, their plan shows it "from your physiotherapist", the
# coach runs it, and the session comes back to the clinician's page.
cat >"$work/prescription.json" <<'JSON'
{"version": 0, "days_per_week": 3, "note": "Little and often.",
 "custom_exercises": [{"id": "custom-1", "title": "Wall press hold",
   "steps": ["Stand facing a wall, hands on it at shoulder height.", "Press gently and hold, shoulder blades down."],
   "dose": {"sets": 1, "hold_s": 5, "holds": 2}, "cautions": ["Keep breathing."],
   "stop_if": ["Sharp or shooting pain."], "position": "standing", "equipment": [], "picture": "chest-opener-doorway"}],
 "items": [{"technique": "custom-1", "note": "Start gently."}],
 "removed": ["forearm-roller-slide"]}
JSON
status=$(curl -s -o "$work/saved.json" -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  --data-binary @"$work/prescription.json" "$base/api/clinic/patients/$patient/prescription")
check "the clinician saves a prescription with a custom exercise" test "$status" = 200
check "... version 1" test "$(json 'd["prescription"]["version"]' <"$work/saved.json")" = 1
curl -s -b "$jar" "$base/patients/$patient/prescription" >"$work/prescription.html"
check "the prescription page lists the custom exercise" grep -q "Wall press hold" "$work/prescription.html"
"$unknot" "${me[@]}" clinic sync --json >"$work/sync-rx.json"
check "the patient's sync pulls the prescription" test "$(json 'd["prescription_updated"]' <"$work/sync-rx.json")" = True
check "... and keeps it in the data directory" grep -q "Wall press hold" "$work/patient-data/prescription.json"
"$unknot" "${me[@]}" plan >"$work/plan.txt"
check "the plan shows it from the physiotherapist" grep -q "Wall press hold (from your physiotherapist)" "$work/plan.txt"
check "... says what the physiotherapist took out" grep -q "Your physiotherapist removed" "$work/plan.txt"
"$unknot" "${me[@]}" plan --json >"$work/plan.json"
check "the plan JSON tags it with its source" python3 -c '
import json, sys
plan = json.load(open(sys.argv[1]))
items = [i for p in plan["phases"] for s in p["sessions"] for i in s["items"]]
assert any(i.get("source") == "clinician" and i["technique"] == "custom-1" for i in items), items
assert not any(i["technique"] == "forearm-roller-slide" for i in items)' "$work/plan.json"
"$unknot" "${me[@]}" calendar export "$work/plan.ics" >/dev/null
check "the calendar has it" grep -q "from your physiotherapist" "$work/plan.ics"
printf '\n2\n\n' | "$unknot" "${me[@]}" session physio --speed 1000 >"$work/coach.txt" 2>&1
check "the coach runs the custom exercise" grep -q "Wall press hold" "$work/coach.txt"
check "... with its steps" grep -q "Press gently and hold" "$work/coach.txt"
check "... and its stop rule" grep -q "Sharp or shooting pain" "$work/coach.txt"
"$unknot" "${me[@]}" clinic sync >/dev/null 2>&1
check "the session reaches the clinician's page" wait_for 15 bash -c \
  "curl -s -b '$jar' '$base/patients/$patient' | grep -q 'Session: Physio'"

# A new entry reaches the clinic by itself, without the log waiting for it.
"$unknot" "${me[@]}" log note "slept badly" >/dev/null
check "log returns at once and the background sync delivers it" wait_for 15 bash -c \
  "curl -s -b '$jar' '$base/api/clinic/patients/$patient/diary' | grep -q 'slept badly'"
"$unknot" "${me[@]}" clinic status >"$work/status.txt"
check "status says linked" grep -q "Linked to" "$work/status.txt"

# The server goes away: logging still works at once, status says the sync failed.
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
check "logging works with the clinic down" "$unknot" "${me[@]}" log pain 3 --context evening
"$unknot" "${me[@]}" clinic sync >"$work/out" 2>&1
check "a failed sync exits 1" test $? -eq 1
"$unknot" "${me[@]}" clinic status >"$work/status.txt"
check "status says the last sync did not work" grep -q "did not work" "$work/status.txt"
check "status counts what waits" grep -q "1 entry is waiting" "$work/status.txt"

port=${base##*:}
"$unknot" --data-dir "$work/server-data" clinic serve --port "$port" >"$work/serve2.log" 2>&1 &
server_pid=$!
wait_for 20 grep -q "running at" "$work/serve2.log"
"$unknot" "${me[@]}" clinic sync --json >"$work/sync3.json"
check "after the clinic is back, the waiting entry goes" test "$(json 'd["pushed"]' <"$work/sync3.json")" = 1

# Unlink, asking the clinic to delete its copy.
check "unlink with deletion" "$unknot" "${me[@]}" clinic unlink --delete-clinic-copy
curl -s -b "$jar" "$base/api/clinic/patients/$patient" >"$work/detail.json"
check "the clinic's copy is gone" test "$(json 'd["entries"]' <"$work/detail.json")" = 0
check "the patient's own diary is kept" bash -c "'$unknot' --data-dir '$work/patient-data' diary export | grep -q 'slept badly'"
check "the token file is gone" test ! -e "$work/patient-data/clinic.json"

# HTTPS: the clinic serves TLS itself with its certificate; a patient trusts it with --ca-file.
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/clinic-key.pem" \
  -out "$work/clinic-cert.pem" -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -days 2 2>/dev/null
"$unknot" --data-dir "$work/server-data" clinic serve --bind 0.0.0.0 --port 0 >"$work/refused.log" 2>&1
check "beyond loopback without a certificate: exit 2" test $? -eq 2
check "... saying what to do" grep -q -- "give --tls-cert FILE --tls-key FILE" "$work/refused.log"
"$unknot" --data-dir "$work/server-data" clinic serve --port 0 --tls-cert "$work/none.pem" --tls-key "$work/clinic-key.pem" \
  >"$work/refused.log" 2>&1
check "a missing certificate: exit 2 naming the flag and the file" \
  bash -c "test $? -eq 2 && grep -q -- '--tls-cert: $work/none.pem: No such file' '$work/refused.log'"
"$unknot" --data-dir "$work/server-data" clinic serve --bind 0.0.0.0 --port 0 \
  --tls-cert "$work/clinic-cert.pem" --tls-key "$work/clinic-key.pem" >"$work/serve-tls.log" 2>&1 &
server_pid=$!
wait_for 20 grep -q "running at" "$work/serve-tls.log"
check "the TLS server prints an https:// address" grep -q "running at https://" "$work/serve-tls.log"
tls_port=$(grep -o 'running at https://[^ ]*' "$work/serve-tls.log" | sed -E 's|.*:([0-9]+)/$|\1|')
tls_base="https://127.0.0.1:$tls_port"
tls_jar="$work/tls-cookies"
curl -s --cacert "$work/clinic-cert.pem" -c "$tls_jar" -H 'Content-Type: application/json' \
  -d '{"email":"pat.physio@clinic.test","password":"a long enough password"}' "$tls_base/api/clinic/login" >"$work/login.json"
tls_csrf=$(json 'd["csrf_token"]' <"$work/login.json")
check "the clinician signs in over HTTPS" test -n "$tls_csrf"
check "... and the session cookie is Secure" awk -F'\t' 'NF >= 7 && $4 == "TRUE" { found = 1 } END { exit !found }' "$tls_jar"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$tls_port/")
check "plain HTTP on the clinic's HTTPS port is not served ($status)" test "$status" = 302
curl -s --cacert "$work/clinic-cert.pem" -b "$tls_jar" -H "X-CSRF-Token: $tls_csrf" -H 'Content-Type: application/json' \
  -d '{"display_name":"Sam Secure"}' "$tls_base/api/clinic/patients" >"$work/patient2.json"
tls_code=$(json 'd["link_code"]' <"$work/patient2.json")
tls_patient=$(json 'd["id"]' <"$work/patient2.json")
sam=(--data-dir "$work/sam-data")
"$unknot" "${sam[@]}" log pain 4 --context morning >/dev/null
check "a patient links over HTTPS, trusting the clinic's certificate" \
  "$unknot" "${sam[@]}" clinic link "$tls_base/" "$tls_code" --ca-file "$work/clinic-cert.pem"
curl -s --cacert "$work/clinic-cert.pem" -b "$tls_jar" "$tls_base/api/clinic/patients/$tls_patient/diary" >"$work/diary2.json"
check "... and their entry arrived" test "$(json 'len(d["entries"])' <"$work/diary2.json")" = 1
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
"$unknot" --data-dir "$work/server-data" clinic serve --bind 0.0.0.0 --port 0 --insecure-http >"$work/insecure.log" 2>&1 &
server_pid=$!
wait_for 20 grep -q "running at" "$work/insecure.log"
check "--insecure-http serves plain HTTP beyond loopback" grep -q "running at http://0.0.0.0:" "$work/insecure.log"
check "... warning who can read what" grep -q "WARNING.*anyone on the network can read" "$work/insecure.log"

finish
