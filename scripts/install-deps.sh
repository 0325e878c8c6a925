#!/usr/bin/env bash
# Installs the Debian 12 packages unknot needs, by purpose:
#   scripts/install-deps.sh run     build and run unknot (scripts/setup.sh, the README's first command)
#   scripts/install-deps.sh test    run + what the tests need (scripts/test.sh, the README's second command)
#   scripts/install-deps.sh bench   run + test + the programs the benchmarks measure against (bench/*.sh)
# A package goes in exactly one list below, the first purpose that needs it. Nothing a person
# only running unknot does not need may go in run_packages: it is what a user's desktop gets.
# Idempotent: packages already present are skipped, and nothing runs when all are there.
set -euo pipefail

purpose="${1:-run}"

# Build and run: the compiler and the libraries unknot links.
run_packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config
  # libraries
  libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev libvalijson-dev
  libsqlite3-dev libical-dev
  # build/run: cairo draws the PDF of `unknot report --out FILE.pdf` (src/report/report_pdf.cc)
  libcairo2-dev
  # desk (`unknot desk`): sd-bus/sd-event and XScreenSaver; on Wayland, libwayland-client,
  # the ext-idle-notify-v1 protocol and wayland-scanner (in libwayland-bin)
  libsystemd-dev libxss-dev libx11-dev
  libwayland-dev libwayland-bin wayland-protocols
  # web (`unknot serve`): Boost.Beast/Asio headers; rsvg-convert draws the installable app's
  # PNG icons from web/assets/icon.svg at build time
  libboost1.81-dev librsvg2-bin
  # clinic mode (`unknot clinic`): libpq for PostgreSQL, libsodium for argon2id and tokens,
  # OpenSSL for https to a clinic server
  libpq-dev libsodium-dev libssl-dev
  # web pairing: the pairing link's QR code in the terminal
  libqrencode-dev
)

# Tests (scripts/test.sh): unit-test frameworks, linters, sanitizer runtimes, and the programs
# the end-to-end tests drive unknot with.
test_packages=(
  # unit tests, and Google Benchmark so the test build keeps bench/*.cc compiling
  libgtest-dev libgmock-dev libbenchmark-dev
  # clang for clang-tidy/clang-format and libFuzzer (libclang-rt-dev)
  clang clang-tidy clang-format libclang-rt-dev
  # e2e: the interactive intake through tmux; sqlite3 to look inside the diary
  tmux sqlite3 curl
  # desk integration tests: a virtual X server, a private session bus, a notification daemon
  # and simulated input; Python's GLib bindings and gdbus for the stand-in GNOME IdleMonitor;
  # a headless KWin (the only Debian 12 compositor with ext-idle-notify-v1) and its
  # fake-input protocol for tests/desk/desk_wayland_test.sh
  xvfb dbus-daemon dbus-bin dunst xdotool
  python3-gi gir1.2-glib-2.0 libglib2.0-bin
  kwin-wayland plasma-wayland-protocols
  # clinic tests: a throwaway PostgreSQL server (scripts/with-postgres.sh)
  postgresql-15
  # web tests (tests/web): Debian's chromium for Playwright
  chromium
  # packaging checks (scripts/package.sh): lintian on the .deb
  lintian
)

# Benchmarks (bench/*.sh): what unknot is measured against.
bench_packages=(
  # bench/desk_bench.sh: Workrave and Safe Eyes
  workrave safeeyes
  # bench/web_bench.sh: wrk driving unknot serve and nginx
  wrk nginx-light
)

case "$purpose" in
  run) packages=("${run_packages[@]}") ;;
  test) packages=("${run_packages[@]}" "${test_packages[@]}") ;;
  bench) packages=("${run_packages[@]}" "${test_packages[@]}" "${bench_packages[@]}") ;;
  --print-run) printf '%s\n' "${run_packages[@]}"; exit 0 ;;
  --print-test) printf '%s\n' "${test_packages[@]}"; exit 0 ;;
  --print-bench) printf '%s\n' "${bench_packages[@]}"; exit 0 ;;
  *)
    echo "usage: scripts/install-deps.sh run|test|bench (got '$purpose')" >&2
    exit 2
    ;;
esac
# web tests: node and npm for playwright-core. Any install will do: some machines carry
# NodeSource's nodejs, which bundles npm and conflicts with Debian's npm package.
if [ "$purpose" != run ] && ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "unknot: installing missing Debian packages ($purpose): ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
  --no-install-recommends "${missing[@]}"
