#!/usr/bin/env bash
# ctest `web_tls`: `unknot serve` over HTTPS, through real sockets, as a phone would meet it.
#  1. Beyond loopback it makes its own certificate (0600, in the data directory), prints an
#     https:// pairing link and the certificate's SHA-256 fingerprint as openssl shows it;
#     curl trusting exactly that certificate gets 401 until it follows the pairing link, then
#     200 with a Secure cookie. Plain HTTP on that port is sent to https:// and never served.
#  2. A client that connects and says nothing is closed after the header timeout (10 s), TLS
#     handshake included. A restart reuses the certificate.
#  3. Plain HTTP beyond loopback needs --insecure-http, which warns what it gives up.
#  4. A missing or mismatched --tls-cert/--tls-key is exit 2 naming the flag and the file;
#     loopback stays plain HTTP without pairing unless a certificate is given.
# Usage: web_tls_test.sh UNKNOT_BINARY
set -uo pipefail
source "$(dirname "$0")/lib.sh"
binary=$(realpath "$1")
for tool in curl openssl python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed"; exit 1; }
done
work=$(mktemp -d /tmp/unknot-web-tls-XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT
data="$work/data"
curl_=(curl -s --noproxy '*' --max-time 20)

# start_server NAME ARGS...: runs `unknot serve ARGS` with its output in $work/NAME.{out,err}
# and waits until it says where it runs.
start_server() {
  local name="$1"; shift
  "$binary" --data-dir "$data" serve "$@" >"$work/$name.out" 2>"$work/$name.err" &
  server_pid=$!
  wait_for 20 grep -q "running at" "$work/$name.out" || { echo "  no address:"; cat "$work/$name.err"; return 1; }
}
port_of() { grep -o 'running at [a-z]*://[^ ]*' "$1" | sed -E 's|.*:([0-9]+)/$|\1|'; }

"$binary" --data-dir "$data" start --intake "$(dirname "$0")/../data/desk_worker.json" >/dev/null
check "the person's data is set up" test $? -eq 0

# ---- 1. beyond loopback: HTTPS with unknot's own certificate
start_server first --bind 0.0.0.0 --port 0
port=$(port_of "$work/first.out")
cert="$data/tls-cert.pem"
check "it says it runs at an https:// address" grep -q "running at https://0.0.0.0:$port/" "$work/first.out"
check "it says it made a certificate" grep -q "made its own certificate for HTTPS" "$work/first.out"
check "certificate and key are there, 0600" test "$(stat -c %a "$cert") $(stat -c %a "$data/tls-key.pem")" = "600 600"
link=$(grep -oE 'https://[^ ]+/pair\?code=[0-9a-f]+' "$work/first.out" | head -1)
check "the pairing link is https://" test -n "$link"
printed=$(grep -oE '([0-9A-F]{2}:){31}[0-9A-F]{2}' "$work/first.out" | head -1)
expected=$(openssl x509 -noout -fingerprint -sha256 -in "$cert" | sed 's/.*=//')
check "the fingerprint printed is the certificate's, as openssl shows it ($printed)" test "$printed" = "$expected"
check "the plain-HTTP warning is not printed" file_lacks "$work/first.out" "plain HTTP"
check "nothing on stderr" test ! -s "$work/first.err"
check "openssl s_client verifies the chain with the certificate as CA" bash -c \
  "openssl s_client -connect 127.0.0.1:$port -CAfile '$cert' -verify_return_error -verify_ip 127.0.0.1 </dev/null 2>&1 |
   grep -q 'Verify return code: 0 (ok)'"
status=$("${curl_[@]}" -o /dev/null -w '%{http_code}' --cacert "$cert" "https://127.0.0.1:$port/")
check "curl trusting the certificate: an unpaired client gets 401 ($status)" test "$status" = 401
check "curl trusting nothing refuses the certificate" bash -c "! curl -s --noproxy '*' -o /dev/null 'https://127.0.0.1:$port/'"
"${curl_[@]}" -o /dev/null -D "$work/plain.headers" -w '%{http_code}' "http://127.0.0.1:$port/today" >"$work/plain.status"
check "plain HTTP on the HTTPS port is not served: 302 ($(cat "$work/plain.status"))" test "$(cat "$work/plain.status")" = 302
check "... to the https:// address" grep -qi "^location: https://127.0.0.1:$port/today" "$work/plain.headers"

# Follow the pairing link as the phone would (its host is this computer's LAN address, which
# the certificate names too), then press "Pair this device".
origin=${link%%/pair*}
code=${link##*code=}
jar="$work/cookies"
status=$("${curl_[@]}" -o "$work/pair.html" -w '%{http_code}' -c "$jar" -b "$jar" --cacert "$cert" "$link")
check "the pairing page opens over HTTPS at the link's address ($status)" test "$status" = 200
check "... and offers to pair" grep -q "Pair this device" "$work/pair.html"
status=$("${curl_[@]}" -o /dev/null -D "$work/paired.headers" -w '%{http_code}' -c "$jar" -b "$jar" --cacert "$cert" \
  -d "code=$code" "$origin/pair")
check "pairing answers 303 ($status)" test "$status" = 303
check "the device cookie is Secure, HttpOnly, SameSite=Strict" \
  grep -Eqi '^set-cookie: unknot_device=[0-9a-f]+;.*HttpOnly; SameSite=Strict; Secure' "$work/paired.headers"
status=$("${curl_[@]}" -o "$work/home.html" -w '%{http_code}' -b "$jar" --cacert "$cert" "$origin/")
check "the paired client gets 200 on / ($status)" test "$status" = 200
check "the terminal shows a new link after the pairing" \
  wait_for 5 bash -c "test \$(grep -cE 'https://[^ ]+/pair\\?code=' '$work/first.out') -ge 2"

# ---- 2. a silent client is closed after the header timeout, handshake included
check "a client that never starts its TLS handshake is closed after about 10 s" python3 - "$port" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(30)
start = time.monotonic()
data = s.recv(1)
waited = time.monotonic() - start
print(f"  closed after {waited:.1f} s, sent {data!r}")
sys.exit(0 if data == b"" and 9 <= waited <= 14 else 1)
PY
stop_server
start_server again --bind 0.0.0.0 --port 0
again=$(grep -oE '([0-9A-F]{2}:){31}[0-9A-F]{2}' "$work/again.out" | head -1)
check "a restart reuses the certificate (same fingerprint)" test "$again" = "$expected"
check "... without making a new one" file_lacks "$work/again.out" "made its own certificate"
stop_server

# ---- 3. plain HTTP beyond loopback only when asked for, with a warning
start_server insecure --bind 0.0.0.0 --port 0 --insecure-http
port=$(port_of "$work/insecure.out")
check "--insecure-http: it runs at an http:// address" grep -q "running at http://0.0.0.0:$port/" "$work/insecure.out"
check "... with an http:// pairing link" grep -qE 'http://[^ ]+/pair\?code=' "$work/insecure.out"
check "... no fingerprint" file_lacks "$work/insecure.out" "([0-9A-F]{2}:){31}"
check "... and a warning that says what it gives up" \
  file_has "$work/insecure.err" "WARNING.*plain HTTP.*anyone on your network can read.*not keep the screen awake.*offline"
status=$("${curl_[@]}" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
check "... and answers plain HTTP (401 unpaired: $status)" test "$status" = 401
stop_server

# ---- 4. bad files, and loopback
"$binary" --data-dir "$data" serve --port 0 --tls-cert "$work/missing.pem" --tls-key "$data/tls-key.pem" \
  >"$work/bad.out" 2>"$work/bad.err"
check "a missing --tls-cert is exit 2" test $? -eq 2
check "... naming the flag and the file" file_has "$work/bad.err" "^unknot: --tls-cert: $work/missing.pem: No such file"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/own-key.pem" -out "$work/own.pem" \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -days 2 2>/dev/null
"$binary" --data-dir "$data" serve --port 0 --tls-cert "$work/own.pem" --tls-key "$data/tls-key.pem" \
  >"$work/bad.out" 2>"$work/bad.err"
check "a key of another certificate is exit 2" test $? -eq 2
check "... naming --tls-key and both files" file_has "$work/bad.err" "--tls-key: $data/tls-key.pem: this key does not belong to the certificate in $work/own.pem"
"$binary" --data-dir "$data" serve --port 0 --tls-cert "$work/own.pem" >"$work/bad.out" 2>"$work/bad.err"
check "--tls-cert without --tls-key is exit 2" test $? -eq 2

fresh="$work/fresh"
"$binary" --data-dir "$fresh" serve --port 0 >"$work/loop.out" 2>"$work/loop.err" &
server_pid=$!
wait_for 20 grep -q "running at" "$work/loop.out"
check "loopback stays plain http://" grep -q "running at http://127.0.0.1:" "$work/loop.out"
check "... with no pairing link" file_lacks "$work/loop.out" "pair"
check "... and makes no certificate" test ! -e "$fresh/tls-cert.pem"
check "... and warns of nothing" test ! -s "$work/loop.err"
stop_server
start_server own --port 0 --tls-cert "$work/own.pem" --tls-key "$work/own-key.pem"
port=$(port_of "$work/own.out")
status=$("${curl_[@]}" -o /dev/null -w '%{http_code}' --cacert "$work/own.pem" "https://127.0.0.1:$port/")
check "loopback with --tls-cert: HTTPS with that certificate, no pairing (200: $status)" test "$status" = 200
own=$(openssl x509 -noout -fingerprint -sha256 -in "$work/own.pem" | sed 's/.*=//')
check "... and its fingerprint printed" grep -q "$own" "$work/own.out"
stop_server
finish
