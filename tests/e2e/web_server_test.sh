#!/usr/bin/env bash
# ctest `web_server`: the server under load, through real sockets on 127.0.0.1.
#  1. During a 500,000-line `unknot diary import` (one long write transaction), GET /api/csrf
#     answers with normal latency and a concurrent POST /api/diary either succeeds (201) or
#     gets 503 with Retry-After within seconds, never a stall or a 500.
#  2. 200 slow clients trickling their headers do not stop a normal request.
# Usage: web_server_test.sh UNKNOT_BINARY
set -uo pipefail
source "$(dirname "$0")/lib.sh"
binary=$(realpath "$1")
work=$(mktemp -d /tmp/unknot-web-server-XXXXXX)
server_pid=""
import_pid=""
cleanup() {
  [ -n "$import_pid" ] && kill "$import_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
data=(--data-dir "$work/data")
curl_=(curl -s --noproxy '*' --max-time 20)

"$binary" "${data[@]}" serve --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
wait_for 20 grep -q "running at" "$work/serve.out" || { cat "$work/serve.err"; exit 1; }
base=$(grep -o 'http://[^ ]*/' "$work/serve.out" | head -1)
base=${base%/}
token=$("${curl_[@]}" "$base/api/csrf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
check "the server answers and hands out the CSRF token" test -n "$token"

# ---- 1. a long import holds the write lock
awk 'BEGIN { for (i = 0; i < 500000; i++) printf "{\"at\":\"2025-%02d-%02dT%02d:%02d:00\",\"type\":\"note\",\"text\":\"line %d\"}\n", i % 12 + 1, i % 28 + 1, i % 24, i % 60, i }' \
  >"$work/big.jsonl"
"$binary" "${data[@]}" diary import "$work/big.jsonl" >"$work/import.out" 2>&1 &
import_pid=$!
sleep 1  # the import is parsing and writing now
slowest=0
slowest_post=0
posts_ok=0
posts_busy=0
posts_other=0
during=0
for i in $(seq 20); do
  kill -0 "$import_pid" 2>/dev/null || break
  during=$((during + 1))
  seconds=$("${curl_[@]}" -o /dev/null -w '%{time_total}' "$base/api/csrf")
  slowest=$(python3 -c "print(max($slowest, $seconds))")
  read -r status seconds < <("${curl_[@]}" -D "$work/headers" -o "$work/body" -w '%{http_code} %{time_total}' \
    -X POST "$base/api/diary" -H 'Content-Type: application/json' -H "X-CSRF-Token: $token" \
    -d "{\"type\":\"pain\",\"nprs\":3,\"context\":\"morning\",\"at\":\"2026-01-01T07:$(printf %02d "$i"):00\"}")
  slowest_post=$(python3 -c "print(max($slowest_post, $seconds))")
  if [ "$status" = 201 ]; then
    posts_ok=$((posts_ok + 1))
  elif [ "$status" = 503 ] && grep -qi '^retry-after: [0-9]' "$work/headers"; then
    posts_busy=$((posts_busy + 1))
  else
    posts_other=$((posts_other + 1))
    echo "POST /api/diary during the import: $status $(cat "$work/body")"
  fi
done
echo "during the import: $during rounds, slowest GET /api/csrf ${slowest}s, slowest POST ${slowest_post}s, POST 201: $posts_ok, 503: $posts_busy"
check "requests were made while the import ran" test "$during" -ge 2
check "GET /api/csrf kept normal latency (under 0.5 s) during the import" \
  python3 -c "import sys; sys.exit(0 if $slowest < 0.5 else 1)"
check "every POST during the import got 201 or 503 with Retry-After" test "$posts_other" -eq 0
# The server waits at most web::kWriteWaitMs (0.5 s) for the import's write lock; the rest is
# slack for a busy machine. A terminal command would wait up to a minute.
check "every POST during the import was answered within 5 s" \
  python3 -c "import sys; sys.exit(0 if $slowest_post < 5 else 1)"
wait "$import_pid"
import_status=$?
import_pid=""
check "the import itself succeeded" test "$import_status" -eq 0
status=$("${curl_[@]}" -o /dev/null -w '%{http_code}' -X POST "$base/api/diary" -H 'Content-Type: application/json' \
  -H "X-CSRF-Token: $token" -d '{"type":"pain","nprs":2,"context":"morning","at":"2026-01-02T07:00:00"}')
check "after the import a write succeeds" test "$status" = 201

# ---- 2. 200 slow clients, then a normal request
port=${base##*:}
python3 - "$port" >"$work/slow.out" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
clients = []
for _ in range(200):
    s = socket.socket()
    s.connect(("127.0.0.1", port))
    s.send(b"GET / HTTP/1.1\r\n")
    clients.append(s)
# Trickle one header byte a second for 8 seconds, reconnecting whoever was dropped.
for second in range(8):
    for i, s in enumerate(clients):
        try:
            s.send(b"X")
        except OSError:
            s.close()
            s = socket.socket()
            s.connect(("127.0.0.1", port))
            s.send(b"GET / HTTP/1.1\r\n")
            clients[i] = s
    time.sleep(1)
print("slow clients done")
PY
slow_pid=$!
sleep 2
status=$("${curl_[@]}" -o /dev/null -w '%{http_code}' --max-time 5 "$base/api/csrf")
check "a normal request succeeds with 200 slow clients connected ($status)" test "$status" = 200
wait "$slow_pid"
status=$("${curl_[@]}" -o /dev/null -w '%{http_code}' "$base/")
check "the server still answers after the slow clients" test "$status" = 200
finish
