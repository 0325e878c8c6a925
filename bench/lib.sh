# Shell helpers the bench scripts share (sourced: `. "$root/bench/lib.sh"`).

# bench_install PACKAGE...: installs the Debian packages a bench needs and this machine lacks
# (the bench's own extras, listed in scripts/install-deps.sh under bench), nothing else.
bench_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "$(basename "$0"): installing ${missing[*]}" >&2
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}"
}

# start_server OUTPUT COMMAND...: starts an unknot server (`serve` or `clinic serve` with
# --port 0) in the background, its output in the file OUTPUT, and waits up to 10 s for it to
# say "running at". Sets server_pid (for the caller's cleanup) and server_url (the address it
# printed, without a trailing /). Fails, showing the output, when the server never says so.
start_server() {
  local output=$1
  shift
  "$@" >"$output" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q "running at" "$output" && break
    sleep 0.1
  done
  server_url=$(grep -o 'http://[^ ]*' "$output" | head -1 || true)
  server_url=${server_url%/}
  if [ -z "$server_url" ]; then
    echo "$(basename "$0"): the server did not start:" >&2
    cat "$output" >&2
    return 1
  fi
}

# cpu_ms RUNS COMMAND...: the CPU time of COMMAND in ms (perf stat's task-clock: user and
# system, the dynamic loader included), the mean of RUNS runs; COMMAND's output is thrown away.
cpu_ms() {
  local runs=$1
  shift
  perf stat -x, -e task-clock -r "$runs" -- "$@" 2>&1 >/dev/null | awk -F, '$3 ~ /task-clock/ {print $1; exit}'
}

# page_faults COMMAND...: the page faults of one run of COMMAND (perf stat); its output is
# thrown away.
page_faults() {
  perf stat -x, -e page-faults -- "$@" 2>&1 >/dev/null | awk -F, '$3 ~ /page-faults/ {print $1; exit}'
}

# median: the median of the numbers on standard input, separated by spaces or new lines (of an
# even count, the mean of the middle two).
median() {
  tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
