#!/usr/bin/env bash
# Measures `unknot serve` against nginx serving the same bytes as static files, in one run.
# A data directory gets the desk-worker intake and a year of diary (daily morning pain,
# three sessions a week, triggers); unknot renders /plan and /progress from it on every
# request (/progress is kept once drawn until the data changes; `?as_of=TODAY` draws it every
# time), while nginx sends the same two pages saved as files. wrk drives both in turn.
# Usage: bench/web_bench.sh [UNKNOT_BINARY] [SECONDS]   (default build/release/unknot, 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" bench
binary=$(realpath "${1:-$root/build/release/unknot}")
seconds=${2:-10}
threads=2
connections=50
work=$(mktemp -d /tmp/unknot-web-bench-XXXXXX)
chmod 755 "$work"
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A year of diary ending yesterday: morning pain easing from 7 to 2, a session on Monday,
# Wednesday and Friday (strength), desk work on weekdays.
start=$(date -d "-365 days" +%Y-%m-%d)
for offset in $(seq 0 364); do
  day=$(date -d "$start + $offset days" +%Y-%m-%d)
  weekday=$(date -d "$day" +%u)
  echo "{\"at\": \"${day}T07:30:00\", \"type\": \"pain\", \"nprs\": $((7 - offset * 5 / 365)), \"context\": \"morning\"}"
  if [ "$weekday" -le 5 ]; then echo "{\"at\": \"$day\", \"type\": \"trigger\", \"trigger\": \"desk_work\", \"hours\": 8}"; fi
  case "$weekday" in 1|3|5)
    echo "{\"at\": \"${day}T18:00:00\", \"type\": \"session\", \"session\": \"strength\", \"completed\": true, \"pain_during\": 2, \"items\": [{\"technique\": \"band-row\", \"reps\": 24}]}"
  esac
done > "$work/year.jsonl"
data=(--data-dir "$work/data")
"$binary" "${data[@]}" start --intake "$root/tests/data/desk_worker.json" >/dev/null
"$binary" "${data[@]}" diary import "$work/year.jsonl" >/dev/null
entries=$(wc -l < "$work/year.jsonl")

"$binary" "${data[@]}" serve --port 0 > "$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q "running at" "$work/serve.out" && break
  sleep 0.1
done
unknot_url=$(grep -o 'http://[^ ]*' "$work/serve.out" | head -1)
unknot_url=${unknot_url%/}

# The same bytes as static files for nginx: one worker, like unknot's one thread.
mkdir -p "$work/www"
curl -sf "$unknot_url/plan" -o "$work/www/plan.html"
curl -sf "$unknot_url/progress" -o "$work/www/progress.html"
nginx_port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$nginx_port/plan.html" -o /dev/null && break
  sleep 0.1
done

run() {  # name url -> "| name | req/s | p99 |"
  local output rps p99
  output=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$2")
  rps=$(echo "$output" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$output" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$output" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  printf '| %-28s | %10s | %8s | %s\n' "$1" "$rps" "$p99" "${errors:-}"
}

echo "unknot serve vs nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), wrk -t$threads -c$connections -d${seconds}s, diary of $entries entries"
echo "page sizes: plan $(wc -c < "$work/www/plan.html") bytes, progress $(wc -c < "$work/www/progress.html") bytes"
echo "| what                         |  req/s     |  p99     |"
echo "|------------------------------|------------|----------|"
run "unknot /plan" "$unknot_url/plan"
run "nginx plan.html" "http://127.0.0.1:$nginx_port/plan.html"
run "unknot /progress" "$unknot_url/progress"
run "unknot /progress (drawn)" "$unknot_url/progress?as_of=$(date +%Y-%m-%d)"
run "nginx progress.html" "http://127.0.0.1:$nginx_port/progress.html"
