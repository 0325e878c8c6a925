#!/usr/bin/env bash
# Measures `unknot serve` against nginx serving the same bytes as static files, in one run.
# A data directory gets the desk-worker intake and a year of diary (daily morning pain,
# three sessions a week, triggers); unknot draws /plan, /progress and /progress?as_of=TODAY
# from it once and keeps each page until the data or the day changes, while nginx sends the
# same pages saved as files. wrk drives each in turn, REPEATS times; the table gives the
# median requests/s of each row, and unknot's over nginx's for the same bytes (the ratio
# computed within each repeat, then its median).
# Usage: bench/web_bench.sh [UNKNOT_BINARY] [SECONDS] [REPEATS]
#   (default build/release/unknot, 10 s a row, 3 repeats)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bench_install wrk nginx-light curl
nginx=$(command -v nginx || echo /usr/sbin/nginx)
binary=$(realpath "${1:-$root/build/release/unknot}")
seconds=${2:-10}
repeats=${3:-3}
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

start_server "$work/serve.out" "$binary" "${data[@]}" serve --port 0
unknot_url=$server_url
today=$(date +%Y-%m-%d)

# The same bytes as static files for nginx: one worker, like unknot's one I/O thread.
mkdir -p "$work/www"
curl -sf "$unknot_url/plan" -o "$work/www/plan.html"
curl -sf "$unknot_url/progress?as_of=$today" -o "$work/www/progress.html"
cmp -s <(curl -sf "$unknot_url/progress") "$work/www/progress.html" ||
  { echo "web_bench: /progress and /progress?as_of=$today differ" >&2; exit 1; }
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
"$nginx" -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$nginx_port/plan.html" -o /dev/null && break
  sleep 0.1
done

wrk_rps() {  # url -> requests/s (fails on any non-2xx answer or socket error)
  local output
  output=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" "$1")
  if echo "$output" | grep -qE 'Non-2xx|Socket errors'; then
    echo "web_bench: errors driving $1:" >&2
    echo "$output" >&2
    return 1
  fi
  echo "$output" | awk '/Requests\/sec/ {print $2}'
}
median() { sort -g | awk 'BEGIN { OFMT = "%.2f" } { v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rows=("unknot /plan|$unknot_url/plan" "nginx plan.html|http://127.0.0.1:$nginx_port/plan.html"
      "unknot /progress|$unknot_url/progress" "unknot /progress?as_of=today|$unknot_url/progress?as_of=$today"
      "nginx progress.html|http://127.0.0.1:$nginx_port/progress.html")
declare -A rps
for repeat in $(seq 1 "$repeats"); do
  for row in "${rows[@]}"; do
    rps["${row%%|*} $repeat"]=$(wrk_rps "${row#*|}")
  done
done

echo "unknot serve vs $("$nginx" -v 2>&1 | sed 's/.*: //'), wrk -t$threads -c$connections -d${seconds}s, $repeats repeats, diary of $entries entries"
echo "page sizes: plan $(wc -c < "$work/www/plan.html") bytes, progress $(wc -c < "$work/www/progress.html") bytes"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| what | requests/s (median) | each repeat | unknot / nginx (median) |"
echo "|---|---|---|---|"
for row in "${rows[@]}"; do
  name=${row%%|*}
  all=$(for repeat in $(seq 1 "$repeats"); do echo "${rps["$name $repeat"]}"; done)
  ratio=""
  case "$name" in
    "unknot /plan") anchor="nginx plan.html" ;;
    "unknot /progress"*) anchor="nginx progress.html" ;;
    *) anchor="" ;;
  esac
  if [ -n "$anchor" ]; then
    ratio=$(for repeat in $(seq 1 "$repeats"); do
      awk -v a="${rps["$name $repeat"]}" -v b="${rps["$anchor $repeat"]}" 'BEGIN { printf "%.2f\n", a / b }'
    done | median)
  fi
  printf '| %s | %s | %s | %s |\n' "$name" "$(echo "$all" | median)" "$(echo "$all" | tr '\n' ' ' | sed 's/ $//')" "$ratio"
done
