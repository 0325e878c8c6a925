#!/usr/bin/env bash
# Measures `unknot clinic serve` on PostgreSQL at clinic scale, in one run:
#   - the database gets PATIENTS patients (default 10,000), 50 per clinician, each with a year
#     of diary ending yesterday, written straight into the schema's tables with SQL
#     (generate_series, INSERT ... SELECT) in the canonical JSON line format the store keeps:
#     a morning pain reading every day, a strength session on Monday, Wednesday and Friday,
#     a trigger every Friday (~573 entries a patient, ~5.7 million rows at 10,000). Rows are
#     written day by day across all patients, the order a real clinic receives them in, so one
#     patient's entries are spread over the table as they would be. The patients' intake is the
#     desk worker's (tests/data/desk_worker.json), sent once through the API and copied.
#     Some patients stopped logging 10 days ago (every 10th), some are getting worse (every
#     7th), some had a painful session this fortnight (every 13th), so the attention sort has
#     something to sort. Then VACUUM (ANALYZE), as autovacuum would have done.
#   - it signs in as the first clinician (POST /api/clinic/login), makes a link code for one of
#     their patients and links a device with it (POST /api/clinic/link), checks that a sync of
#     entries already stored stores nothing (so the generated lines are byte for byte the
#     canonical ones), and drives with wrk (2 threads, 16 connections, SECONDS each):
#       the anchor GET /assets/clinic.css (same server, no database), the attention-sorted
#       patient list (GET /api/clinic/patients and the page /patients), one patient
#       (GET /api/clinic/patients/{id} and the page /patients/{id}), and POST /api/clinic/sync
#       of one day's entries (idempotent: every repeat finds them stored), and a sync that stores
#       one new entry each time (a note; the patient is judged again at once), first all to one
#       patient, then each to the next of as many patients as wrk has connections (their devices
#       linked for the bench); the anchor again last.
#     Before the rows it times clinician 1's first list: no summary judged yet, so all 50 are
#     judged then (once per clinician and day at most; every later list is one query), then
#     `unknot clinic init` judges all the other patients (the backfill after the migration).
#     Each row also gives one request alone: the median of 20 sequential curl calls.
#   - it prints EXPLAIN (ANALYZE, BUFFERS) of the list's query (clinic/patient_summary.cc), the
#     patient page's, the summary's upsert and the sync's statements.
#
# Usage: scripts/with-postgres.sh bench/clinic_bench.sh [UNKNOT_BINARY] [PATIENTS] [SECONDS]
#   UNKNOT_BINARY  default build/release/unknot (copied first with the unknot-network beside it,
#                  so a rebuild cannot disturb the run)
#   PATIENTS       default 10000 (50 per clinician; a smaller number tries the script out quickly)
#   SECONDS        default 10, per wrk run
# UNKNOT_BENCH_REPEATS (default 3): wrk runs per row, one after another; each measure in the
# table is the median of the runs, and the row also lists every run's p99.
# UNKNOT_BENCH_CONNECTIONS (default 16): wrk's connections, the clients asking at once.
# A second table splits each row's time by who spent it (from /proc's schedstat): CPU and time
# waiting for a core, per request, of the server's threads and of PostgreSQL's processes, and
# the cores' use by everything else on the machine (wrk, other people's work).
# Run without scripts/with-postgres.sh it starts itself under it.
# Generating 10,000 patients takes minutes; to reuse them between runs keep the cluster:
#   UNKNOT_PG_KEEP=/tmp/unknot-clinic-bench-db scripts/with-postgres.sh bench/clinic_bench.sh
# A database that already holds the generated clinic (the same PATIENTS) is reused: the
# previous run's notes and bench device are removed, clinician 1's summaries are marked stale
# (so "the first list" still judges 50), and the backfill finds nothing left to judge.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${UNKNOT_CLINIC_DB:-}" ]; then
  exec "$root/scripts/with-postgres.sh" "$root/bench/clinic_bench.sh" "$@"
fi
command -v wrk >/dev/null || "$root/scripts/install-deps.sh" bench
for tool in wrk psql curl python3; do
  command -v "$tool" >/dev/null || { echo "clinic_bench: $tool is missing (scripts/install-deps.sh bench)" >&2; exit 1; }
done

source_binary=$(realpath "${1:-$root/build/release/unknot}")
patients=${2:-10000}
seconds=${3:-10}
repeats=${UNKNOT_BENCH_REPEATS:-3}  # wrk runs per row, one after another; the table shows medians
per_clinician=50
clinicians=$(( (patients + per_clinician - 1) / per_clinician ))
threads=2
connections=${UNKNOT_BENCH_CONNECTIONS:-16}  # wrk's open connections (clients asking at once)
password="bench password for the clinic"

work=$(mktemp -d /tmp/unknot-clinic-bench-XXXXXX)
chmod 755 "$work"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp "$source_binary" "$work/unknot"
# unknot runs its network commands (clinic serve, clinic init) through unknot-network beside it.
network_binary="$(dirname "$source_binary")/unknot-network"
[ -x "$network_binary" ] || { echo "clinic_bench: $network_binary is missing (build it beside unknot)" >&2; exit 1; }
cp "$network_binary" "$work/unknot-network"
unknot="$work/unknot"
sql() { psql "$UNKNOT_CLINIC_DB" -X -q -v ON_ERROR_STOP=1 "$@"; }
value() { psql "$UNKNOT_CLINIC_DB" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- the database ----
"$unknot" clinic init >/dev/null
linked_n=2   # the patient whose device is linked and synced: clinician 1's second patient
reused=false
if [ "$(value "SELECT count(*) FROM patients")" = "$patients" ] &&
   [ "$(value "SELECT count(*) FROM clinicians")" = "$clinicians" ]; then
  reused=true
  # The previous run's traces on the linked patient: its notes (the sync rows add thousands)
  # and its device; clinician 1's summaries stale again, so the first list judges 50.
  linked_id=$(value "SELECT substr(md5('bench patient $linked_n'), 1, 16)")
  value "DELETE FROM entries WHERE patient_id = '$linked_id' AND line LIKE '%\"type\":\"note\"%'" >/dev/null
  value "DELETE FROM devices WHERE patient_id = '$linked_id'" >/dev/null
  value "UPDATE patients SET last_entry_at = (SELECT max(at) FROM entries WHERE patient_id = '$linked_id'),
         data_version = data_version + 1, linked_at = NULL WHERE id = '$linked_id'" >/dev/null
  value "UPDATE patient_summaries SET judged_for = DATE '1970-01-01' WHERE clinician_id = 1" >/dev/null
  generated="0 (reused)"
else
first=$(echo "$password" | "$unknot" --json clinic add-clinician --email clinician1@clinic.test --name "Clinician 1" | json 'd["id"]')
[ "$first" = 1 ] || { echo "clinic_bench: expected a fresh database (first clinician id 1, got $first)" >&2; exit 1; }
started=$(now)
sql -v clinicians="$clinicians" -v patients="$patients" -v per="$per_clinician" -v linked="$linked_n" <<'SQL'
SET maintenance_work_mem = '256MB';
-- The data is consistent by construction: skip the foreign-key triggers while loading.
SET session_replication_role = replica;
-- Everyone shares clinician 1's password (one argon2id hash, made by add-clinician).
INSERT INTO clinicians (email, display_name, password_hash)
SELECT 'clinician' || c || '@clinic.test', 'Clinician ' || c, (SELECT password_hash FROM clinicians WHERE id = 1)
FROM generate_series(2, :clinicians) AS c;
CREATE TEMP TABLE bench_patients AS
SELECT n, substr(md5('bench patient ' || n), 1, 16) AS id, (n - 1) / :per + 1 AS clinician_id
FROM generate_series(1, :patients) AS n;
INSERT INTO patients (id, clinician_id, display_name, created_at, linked_at)
SELECT id, clinician_id, 'Patient ' || n, now() - interval '400 days' + n * interval '1 second',
       CASE WHEN n <> :linked THEN now() - interval '380 days' END
FROM bench_patients;
INSERT INTO devices (token_digest, patient_id, created_at, last_seen)
SELECT md5('device a ' || n) || md5('device b ' || n), id, now() - interval '380 days', now() - interval '1 day'
FROM bench_patients WHERE n <> :linked;

-- Load the entries without their secondary indexes and build those once at the end (the same
-- definitions, read back from the catalogue), which is several times faster than row by row.
SELECT string_agg(format('ALTER TABLE entries ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)), '; ')
         AS add_constraints,
       string_agg(format('ALTER TABLE entries DROP CONSTRAINT %I', conname), '; ') AS drop_constraints
FROM pg_constraint WHERE conrelid = 'entries'::regclass AND contype = 'u' \gset
SELECT string_agg(pg_get_indexdef(i.indexrelid), '; ') AS add_indexes,
       string_agg(format('DROP INDEX %I', c.relname), '; ') AS drop_indexes
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = 'entries'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) \gset
:drop_constraints;
:drop_indexes;

-- A year up to yesterday, day by day across all patients (the order a clinic receives them).
-- The lines are exactly contract::diary_entry_to_json_text's output (nlohmann's compact dump,
-- keys in its order, a double as 8.0); the bench checks this through the sync API below.
DO $$
DECLARE
  d date;
BEGIN
  FOR d IN SELECT generate_series(current_date - 365, current_date - 1, interval '1 day')::date LOOP
    INSERT INTO entries (patient_id, at, line, received_at)
    SELECT b.id, e.at, e.line, d + time '20:00'
    FROM bench_patients b
    CROSS JOIN LATERAL (SELECT 365 - (current_date - d) AS k, extract(isodow FROM d)::int AS dow,
                               to_char(d, 'YYYY-MM-DD') AS day) x
    CROSS JOIN LATERAL (VALUES
      ('trigger', x.day,
       CASE WHEN (b.n + x.k / 7) % 2 = 0
            THEN format('{"at":"%s","type":"trigger","trigger":"desk_work","hours":8.0}', x.day)
            ELSE format('{"at":"%s","type":"trigger","trigger":"stress"}', x.day) END),
      ('pain', x.day || 'T07:30:00',
       format('{"at":"%sT07:30:00","type":"pain","nprs":%s,"context":"morning"}', x.day,
              CASE WHEN b.n % 7 = 0  -- getting worse: 3 -> 7
                   THEN greatest(0, least(10, 3 + round(x.k * 4 / 364.0)::int + (b.n + x.k) % 3 - 1))
                   ELSE greatest(0, least(10, 5 + b.n % 3 - round(x.k * (3 + b.n % 3) / 364.0)::int + (b.n + x.k) % 3 - 1))
              END)),
      ('session', x.day || 'T18:00:00',
       format('{"at":"%sT18:00:00","type":"session","session":"strength","completed":true,"pain_during":%s,'
              '"items":[{"technique":"band-row","reps":24}]}', x.day,
              CASE WHEN b.n % 13 = 0 AND current_date - d <= 13 THEN 7 ELSE 2 + (b.n + x.k) % 3 END))
    ) AS e(kind, at, line)
    WHERE (b.n % 10 <> 0 OR current_date - d > 10)  -- every 10th patient stopped logging
      AND (e.kind = 'pain' OR (e.kind = 'session' AND x.dow IN (1, 3, 5)) OR (e.kind = 'trigger' AND x.dow = 5));
  END LOOP;
END $$;

:add_constraints;
:add_indexes;
UPDATE patients p SET last_entry_at = m.last
FROM (SELECT patient_id, max(at) AS last FROM entries GROUP BY patient_id) m WHERE m.patient_id = p.id;
RESET session_replication_role;
SQL
generated=$(since "$started")
fi

# ---- the server, a clinician and a linked device ----
. "$root/bench/lib.sh"
start_server "$work/serve.out" "$unknot" --data-dir "$work/data" clinic serve --port 0
url=$server_url

csrf=$(curl -sf -D "$work/login.headers" -H 'Content-Type: application/json' \
  -d "{\"email\":\"clinician1@clinic.test\",\"password\":\"$password\"}" "$url/api/clinic/login" | json 'd["csrf_token"]')
session=$(grep -io 'set-cookie: unknot_clinic=[^;]*' "$work/login.headers" | sed 's/^[^=]*=//')
[ -n "$session" ] || { echo "clinic_bench: no session cookie" >&2; exit 1; }
cookie="Cookie: unknot_clinic=$session"
patient=$(value "SELECT substr(md5('bench patient $linked_n'), 1, 16)")
code=$(curl -sf -H "$cookie" -H "X-CSRF-Token: $csrf" -X POST "$url/api/clinic/patients/$patient/link-code" | json 'd["link_code"]')
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"code\":\"$code\"}" "$url/api/clinic/link" | json 'd["token"]')
[ -n "$token" ] || { echo "clinic_bench: linking failed" >&2; exit 1; }
device=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')

# The intake, canonicalised by the server, then given to every patient.
python3 -c "import json,sys; print(json.dumps({'intake': json.load(open(sys.argv[1]))}))" "$root/tests/data/desk_worker.json" \
  >"$work/intake.json"
curl -sf "${device[@]}" --data-binary @"$work/intake.json" "$url/api/clinic/sync" >/dev/null
value "UPDATE patients SET intake = (SELECT intake FROM patients WHERE id = '$patient'), intake_updated_at = now()
       WHERE intake IS NULL" >/dev/null
started=$(now)
sql -c "VACUUM (ANALYZE)"
vacuumed=$(since "$started")
# Clinician 1's first list: no summary judged yet, so all 50 are judged then (what a list
# costs when its summaries are stale: once per clinician and day at most). Then
# `unknot clinic init` judges everyone else's, as after the migration that added summaries.
first_list=$(curl -s -o /dev/null -w '%{time_total}' -H "$cookie" "$url/api/clinic/patients" | awk '{ printf "%.0f ms", $1 * 1000 }')
started=$(now)
judged=$("$unknot" --json clinic init | json 'd["judged"]')
backfilled=$(since "$started")
sql -c "ANALYZE patient_summaries"

# Every kind of generated line, sent again: the server re-serialises each one canonically, so
# "stored": 0 proves the generated lines are the canonical ones (else every one would be new).
value "SELECT '{\"entries\":[' || string_agg(line, ',') || ']}' FROM (
         SELECT DISTINCT ON (line::json->>'type', line::json->>'trigger') line FROM entries
         WHERE patient_id = '$patient' ORDER BY line::json->>'type', line::json->>'trigger', at DESC) kinds" >"$work/kinds.json"
check=$(curl -sf "${device[@]}" --data-binary @"$work/kinds.json" "$url/api/clinic/sync")
if [ "$(echo "$check" | json 'd["stored"]')" != 0 ]; then
  echo "clinic_bench: the generated lines are not the canonical ones: $check" >&2
  exit 1
fi
# The sync measured: the patient's last Friday (trigger, morning pain, session).
value "SELECT '{\"entries\":[' || string_agg(line, ',' ORDER BY at) || ']}' FROM entries
       WHERE patient_id = '$patient' AND left(at, 10) = (SELECT max(left(at, 10)) FROM entries
                                                         WHERE patient_id = '$patient' AND line LIKE '%\"trigger\"%')" \
  >"$work/day.json"
sync_entries=$(json 'len(d["entries"])' <"$work/day.json")
cat >"$work/sync.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local file = io.open("$work/day.json", "rb")
wrk.body = file:read("*a")
file:close()
LUA

# Devices of more of clinician 1's patients (3, 4, ...; as many as wrk's connections), for the
# row where each sync is another patient's, as when many patients sync at once: the row above
# sends every sync to one patient, whose row then takes them one at a time.
many_tokens=()
for n in $(seq 3 $((2 + connections))); do
  other=$(value "SELECT substr(md5('bench patient $n'), 1, 16)")
  other_code=$(curl -sf -H "$cookie" -H "X-CSRF-Token: $csrf" -X POST "$url/api/clinic/patients/$other/link-code" | json 'd["link_code"]')
  other_token=$(curl -sf -H 'Content-Type: application/json' -d "{\"code\":\"$other_code\"}" "$url/api/clinic/link" | json 'd["token"]')
  [ -n "$other_token" ] || { echo "clinic_bench: linking patient $n failed" >&2; exit 1; }
  many_tokens+=("\"$other_token\"")
done

yesterday=$(date -d yesterday +%F)
cat >"$work/sync_new.lua" <<LUA
-- One new note per request (unique per run, thread and request), so every sync stores something.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local threads = 0
function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
local counter = 0
local run_id = os.time()  -- each wrk run of the row sends notes of its own
function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"entries":[{"at":"$yesterday","type":"note","text":"bench note %d-%d-%d"}]}', run_id, thread_id, counter))
end
LUA
cat >"$work/sync_many.lua" <<LUA
-- The same new note per request, each request from the next of the patients' devices in turn.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local tokens = {$(IFS=,; echo "${many_tokens[*]}")}
local threads = 0
function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
local counter = 0
local run_id = os.time()
function request()
  counter = counter + 1
  local headers = {["Content-Type"] = "application/json",
                   ["Authorization"] = "Bearer " .. tokens[(counter + thread_id) % #tokens + 1]}
  return wrk.format(nil, nil, headers, string.format(
    '{"entries":[{"at":"$yesterday","type":"note","text":"bench note %d-%d-%d"}]}', run_id, thread_id, counter))
end
LUA

# ---- measuring ----
anchor_rps=""
to_ms() {  # wrk's latency ("628.00us", "59.03ms", "1.37s") in ms
  awk '{ v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v += 0; else if ($1 ~ /s$/) v *= 1000; print v }'
}
# Where a row's time went: the CPU time and the time spent runnable but waiting for a core
# (schedstat's first two fields, ns) summed over the server's threads and over PostgreSQL's
# processes (the postmaster and its children), and the machine's busy CPU time (/proc/stat).
# (Sums as %.0f: Debian's awk, mawk, clamps %d to 32 bits, and these are nanoseconds.)
pg_dir=$(echo "$UNKNOT_CLINIC_DB" | sed -n 's/.*host=\([^ ]*\).*/\1/p')
postmaster=$(head -1 "$pg_dir/data/postmaster.pid" 2>/dev/null || true)
sched_sum() {  # schedstat files... -> "cpu_ns wait_ns"
  cat "$@" 2>/dev/null | awk '{ run += $1; wait += $2 } END { printf "%.0f %.0f\n", run, wait }'
}
machine_busy_ns() {  # all cores' busy time since boot (user, nice, system, irq, softirq, steal)
  awk '$1 == "cpu" { printf "%.0f\n", ($2 + $3 + $4 + $7 + $8 + $9) * 1e9 / 100 }' /proc/stat
}
sched_snapshot() {  # -> "server_cpu server_wait pg_cpu pg_wait machine_busy" in ns
  local pg_files=()
  if [ -n "$postmaster" ]; then
    pg_files=("/proc/$postmaster/schedstat")
    for child in $(pgrep -P "$postmaster"); do pg_files+=("/proc/$child/schedstat"); done
  fi
  echo "$(sched_sum /proc/"$server_pid"/task/*/schedstat) $(sched_sum "${pg_files[@]}") $(machine_busy_ns)"
}
split_rows=()

run() {  # name path [curl/wrk options...]: one row
  local name=$1 path=$2 output rps p50 p99 errors alone ratio
  shift 2
  local wrk_args=() curl_args=()
  if [ "${1:-}" = "--sync" ]; then
    wrk_args=(-s "$work/sync.lua")
    curl_args=("${device[@]}" --data-binary @"$work/day.json")
  elif [ "${1:-}" = "--sync-new" ]; then
    wrk_args=(-s "$work/sync_new.lua")
    curl_args=("${device[@]}" --data-binary @"$work/note.json")
  elif [ "${1:-}" = "--sync-many" ]; then
    wrk_args=(-s "$work/sync_many.lua")
    curl_args=("${device[@]}" --data-binary @"$work/note.json")
  elif [ "${1:-}" = "--clinician" ]; then
    wrk_args=(-H "$cookie")
    curl_args=(-H "$cookie")
  fi
  alone=$(for i in $(seq 1 20); do
            echo "{\"entries\":[{\"at\":\"$yesterday\",\"type\":\"note\",\"text\":\"alone note $RANDOM-$i\"}]}" >"$work/note.json"
            curl -s -o /dev/null -w '%{time_total}\n' "${curl_args[@]}" "$url$path"; done |
          sort -n | sed -n 10p | awk '{ printf "%.1f ms", $1 * 1000 }')
  # REPEATS runs of wrk one after another; the row shows the median of each measure.
  local rpss=() p50s=() p99s=() loads=() round before after requests=0 started_at elapsed_ns=0
  errors=""
  for round in $(seq 1 "$repeats"); do
    before=$(sched_snapshot)
    started_at=$(date +%s%N)
    output=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 30s --latency "${wrk_args[@]}" "$url$path")
    elapsed_ns=$(( elapsed_ns + $(date +%s%N) - started_at ))
    after=$(sched_snapshot)
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    requests=$(( requests + $(echo "$output" | awk '/requests in/ {print $1}') ))
    split_totals=$(awk -v a="$before" -v b="$after" -v t="${split_totals:-0 0 0 0 0}" 'BEGIN {
      split(a, x, " "); split(b, y, " "); split(t, z, " ");
      for (i = 1; i <= 5; i++) printf "%.0f ", z[i] + y[i] - x[i] }')
    rpss+=("$(echo "$output" | awk '/Requests\/sec/ {print $2}')")
    p50s+=("$(echo "$output" | awk '$1 == "50%" {print $2}' | to_ms)")
    p99s+=("$(echo "$output" | awk '$1 == "99%" {print $2}' | to_ms)")
    errors+=$(echo "$output" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  done
  rps=$(printf '%s\n' "${rpss[@]}" | median)
  p50=$(printf '%s\n' "${p50s[@]}" | median | awk '{ printf "%.2fms", $1 }')
  p99=$(printf '%s\n' "${p99s[@]}" | median | awk '{ printf "%.1fms", $1 }')
  [ "$repeats" -gt 1 ] && errors="p99s ${p99s[*]} ms; ${errors}"
  [ -z "$anchor_rps" ] && anchor_rps=$rps
  ratio=$(awk -v a="$anchor_rps" -v b="$rps" 'BEGIN { r = a / b; printf(r >= 10 ? "%.0f" : "%.2f", r) }')
  errors="load ${loads[*]}; ${errors}"
  printf '| %-46s | %9s | %8s | %8s | %10s | %8s | %s\n' "$name" "$alone" "$p50" "$p99" "$rps" "${ratio}x" "${errors:-}"
  # Per request, in ms: the server's CPU and wait, PostgreSQL's CPU and wait; the cores' use by
  # the rest of the machine (wrk and everything not ours) as a share of all the cores' time during the runs.
  split_rows+=("$(awk -v t="$split_totals" -v n="$requests" -v e="$elapsed_ns" -v c="$(nproc)" -v name="$name" 'BEGIN {
    split(t, z, " "); ours = z[1] + z[3]; rest = z[5] - ours;
    printf "| %-46s | %6.3f | %6.3f | %6.3f | %6.3f | %5.0f%% |", name, z[1] / n / 1e6, z[2] / n / 1e6,
           z[3] / n / 1e6, z[4] / n / 1e6, 100 * rest / (e * c) }')")
  split_totals=""
}

rows=$(value "SELECT count(*) FROM entries")
echo "unknot clinic serve on PostgreSQL $(value 'SHOW server_version'), wrk -t$threads -c$connections -d${seconds}s, $repeats runs a row (medians)"
echo "size: $clinicians clinicians, $patients patients ($per_clinician each), $rows entries;" \
     "generated in ${generated} s, VACUUM (ANALYZE) ${vacuumed} s"
value "SELECT 'entries: table ' || pg_size_pretty(pg_relation_size('entries')) || ', indexes '
       || pg_size_pretty(pg_indexes_size('entries')) || '; shared_buffers ' || current_setting('shared_buffers')"
echo "clinician 1's first list (all 50 judged then and stored): $first_list;" \
     "then unknot clinic init judged the other $judged patients in $backfilled s"
echo "clinician 1's list: $(curl -sf -H "$cookie" "$url/api/clinic/patients" | json '", ".join(f"{k} {v}" for k, v in sorted(__import__("collections").Counter(a for p in d["patients"] for a in (p["attention"] or ["none"])).items()))')"
echo "sync body: $sync_entries entries, $(wc -c <"$work/day.json") bytes"
echo
echo "| what                                           | alone     | p50      | p99      | requests/s | anchor/x |"
echo "|------------------------------------------------|-----------|----------|----------|------------|----------|"
run "anchor: GET /assets/clinic.css (no database)" /assets/clinic.css
run "GET /api/clinic/patients (50, by attention)" /api/clinic/patients --clinician
run "GET /patients (the same list as a page)" /patients --clinician
run "GET /api/clinic/patients/{id}" "/api/clinic/patients/$patient" --clinician
run "GET /patients/{id} (the page)" "/patients/$patient" --clinician
run "POST /api/clinic/sync ($sync_entries entries, all stored)" /api/clinic/sync --sync
run "POST /api/clinic/sync (1 new entry, judged after)" /api/clinic/sync --sync-new
run "POST /api/clinic/sync (1 new entry, $connections patients)" /api/clinic/sync --sync-many
run "anchor again, last" /assets/clinic.css
echo "(alone: median of 20 sequential requests with curl; anchor/x: the anchor's requests/s over the row's; load: the 1-minute load average after each run; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "Where each row's time went, per request in ms (all its runs; schedstat): CPU and waiting for a core"
echo "of the server's threads and of PostgreSQL's processes; the cores' time used by everything else (wrk, other work)"
echo "| what                                           | server CPU | server waited | PostgreSQL CPU | PostgreSQL waited | everything else |"
echo "|------------------------------------------------|--------|--------|--------|--------|-------|"
printf '%s\n' "${split_rows[@]}"

# How much of a request alone is the database: pgbench runs the list's one statement and the
# patient page's one statement (a page whose judged patient is cached), over one connection.
list_sql="SELECT p.id, p.display_name, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,
 p.last_entry_at, d.linked IS NOT NULL AS linked,
 (s.patient_id IS NOT NULL AND s.data_version = p.data_version AND s.judged_for = current_date) AS fresh,
 array_to_string(s.attention, ' ') AS attention, s.warning_sign_on, s.screen_level, s.entries,
 s.days_with_data_30, s.week_pain, s.verdict
 FROM patients p
 LEFT JOIN patient_summaries s ON s.patient_id = p.id AND s.clinician_id = 1
 LEFT JOIN LATERAL (SELECT true AS linked FROM devices v WHERE v.patient_id = p.id LIMIT 1) d ON true
 WHERE p.clinician_id = 1
 AND (FILTER = '' OR s.patient_id IS NULL OR s.data_version <> p.data_version OR s.judged_for <> current_date
 OR FILTER = ANY (s.attention))
 ORDER BY coalesce(s.need_rank, 99), s.reasons DESC, coalesce(p.last_entry_at, '') COLLATE \"C\", p.created_at, p.id"
page_sql="SELECT p.id, p.display_name, p.data_version, p.last_entry_at,
 to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,
 EXISTS (SELECT 1 FROM devices v WHERE v.patient_id = p.id) AS linked
 FROM patients p WHERE p.id = '$patient' AND p.clinician_id = 1"
empty="''"
warning="'warning_sign'"
echo "${list_sql//FILTER/$empty};" >"$work/list.sql"
echo "$page_sql;" >"$work/page.sql"
pgbench=""
for candidate in /usr/lib/postgresql/*/bin/pgbench; do [ -x "$candidate" ] && pgbench=$candidate; done
db_ms() {  # script -> average latency in ms of one run of the script
  # (pgbench reads :NAME as its variable, also inside quotes: :MI and :SS of to_char stay as they are)
  "$pgbench" -n -c 1 -T 3 -M simple -D MI=:MI -D SS=:SS -f "$1" "$UNKNOT_CLINIC_DB" 2>&1 | awk '/latency average/ {print $4}'
}
echo "database alone (pgbench, one connection, 3 s): the list's one statement $(db_ms "$work/list.sql") ms," \
     "the patient page's one statement $(db_ms "$work/page.sql") ms"

# ---- the plans ----
echo
echo "== EXPLAIN (ANALYZE, BUFFERS): the patient list (SummaryStore::list, one statement a list) =="
sql -c "EXPLAIN (ANALYZE, BUFFERS) ${list_sql//FILTER/$empty}"
# The list as a read sends it (SummaryStore::list with a RecordedRead), in one pipeline after the
# session's statement: the clinician through the session (kSessionClinicianSql), an InitPlan.
session_clinician="(SELECT c.id FROM clinician_sessions s JOIN clinicians c ON c.id = s.clinician_id
 WHERE s.token_digest = (SELECT token_digest FROM clinician_sessions WHERE clinician_id = 1 ORDER BY created_at DESC LIMIT 1)
 AND s.expires_at > now())"
by_session=${list_sql//clinician_id = 1/clinician_id = $session_clinician}
echo "== the same as one trip sends it: the clinician through the session =="
sql -c "EXPLAIN (ANALYZE, BUFFERS) ${by_session//FILTER/$empty}"
echo "== the same, filtered: ?attention=warning_sign =="
sql -c "EXPLAIN (ANALYZE, BUFFERS) ${list_sql//FILTER/$warning}"
echo "== EXPLAIN (ANALYZE, BUFFERS): the patient page (SummaryStore::patient; the lines only when not cached) =="
sql -c "EXPLAIN (ANALYZE, BUFFERS) $page_sql"
sql -c "EXPLAIN (ANALYZE, BUFFERS) SELECT line FROM entries WHERE patient_id = '$patient' ORDER BY at, id"
echo "== EXPLAIN (ANALYZE, BUFFERS): the device's lookup, the sync's one statement (the measured day, all stored),"
echo "   the update after a new entry, the summary's upsert, a read's session and audit record (rolled back) =="
# The day's lines as the server sends them: text[] parameters (clinic/pg.h pg_text_array).
day_ats=$(value "SELECT array_agg(at ORDER BY at)::text FROM entries WHERE patient_id = '$patient' AND left(at, 10) = (SELECT max(left(at, 10)) FROM entries WHERE patient_id = '$patient' AND line LIKE '%\"trigger\"%') AND line NOT LIKE '%\"type\":\"note\"%'")
day_lines=$(value "SELECT array_agg(line ORDER BY at)::text FROM entries WHERE patient_id = '$patient' AND left(at, 10) = (SELECT max(left(at, 10)) FROM entries WHERE patient_id = '$patient' AND line LIKE '%\"trigger\"%') AND line NOT LIKE '%\"type\":\"note\"%'")
sql <<SQL
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) SELECT patient_id, (last_seen IS NULL OR last_seen < now() - interval '1 minute') AS stale
 FROM devices WHERE token_digest = (SELECT token_digest FROM devices WHERE patient_id = '$patient');
EXPLAIN (ANALYZE, BUFFERS) WITH new AS (INSERT INTO entries (patient_id, at, line)
 SELECT '$patient', u.at, u.line FROM unnest(\$a\$$day_ats\$a\$::text[], \$l\$$day_lines\$l\$::text[]) WITH ORDINALITY AS u(at, line, n) ORDER BY u.n
 ON CONFLICT (patient_id, line) DO NOTHING RETURNING at),
 stored AS (SELECT count(*) AS n, max(at) AS newest FROM new),
 changed AS (UPDATE patients p SET
 last_entry_at = CASE WHEN stored.n > 0 THEN greatest(p.last_entry_at, stored.newest) ELSE p.last_entry_at END,
 intake = coalesce(NULL, p.intake),
 intake_updated_at = CASE WHEN p.intake IS DISTINCT FROM coalesce(NULL, p.intake) THEN now() ELSE p.intake_updated_at END,
 data_version = p.data_version + 1
 FROM stored WHERE p.id = '$patient' AND (stored.n > 0 OR p.intake IS DISTINCT FROM coalesce(NULL, p.intake))
 RETURNING p.intake_updated_at = now() AS intake_changed)
 SELECT (SELECT n FROM stored) AS stored, coalesce((SELECT intake_changed FROM changed), false) AS intake_changed;
EXPLAIN (ANALYZE, BUFFERS) UPDATE patients SET last_entry_at = greatest(last_entry_at, '$yesterday'), data_version = data_version + 1 WHERE id = '$patient';
EXPLAIN (ANALYZE, BUFFERS) INSERT INTO patient_summaries AS x (patient_id, clinician_id, data_version, judged_for, need_rank, reasons,
 attention, warning_sign_on, screen_level, entries, days_with_data_30, week_pain, verdict)
 VALUES ('$patient', 1, 99, current_date, 4, 1, string_to_array('no_recent_entry', ' '), NULL, 'self_care', 573, 30, 3.0, 'no_change')
 ON CONFLICT (patient_id) DO UPDATE SET data_version = EXCLUDED.data_version, judged_for = EXCLUDED.judged_for
 WHERE (x.data_version, x.judged_for) <= (EXCLUDED.data_version, EXCLUDED.judged_for);
EXPLAIN (ANALYZE, BUFFERS) WITH session AS (SELECT c.id, c.email, c.display_name, s.csrf_token FROM clinician_sessions s
 JOIN clinicians c ON c.id = s.clinician_id WHERE s.token_digest = (SELECT token_digest FROM clinician_sessions WHERE clinician_id = 1 ORDER BY created_at DESC LIMIT 1) AND s.expires_at > now()),
 recorded AS (INSERT INTO audit_log (clinician_id, action, patient_id, request) SELECT id, 'read_patient', '$patient', 'GET /patients/$patient' FROM session RETURNING id)
 SELECT id, email, display_name, csrf_token, (SELECT count(*) FROM recorded) AS recorded FROM session;
ROLLBACK;
SQL
