#!/usr/bin/env bash
# Installs the Debian 12 packages unknot needs to build, run and test.
# Idempotent: packages already present are skipped, and nothing runs when all are there.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang clang-tidy clang-format libclang-rt-dev
  # libraries
  libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev libvalijson-dev
  libsqlite3-dev libical-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev tmux sqlite3
  # desk (`unknot desk`): sd-bus/sd-event and XScreenSaver to build; a virtual X server,
  # a private session bus, a notification daemon and simulated input for its integration
  # test; Workrave and Safe Eyes to measure against in bench/desk_bench.sh
  libsystemd-dev libxss-dev libx11-dev
  xvfb dbus-daemon dbus-bin dunst xdotool
  workrave safeeyes
  # desk on Wayland: libwayland-client, the ext-idle-notify-v1 protocol and wayland-scanner
  # (in libwayland-bin) to build; Python's GLib bindings and gdbus for the stand-in GNOME
  # IdleMonitor in tests/desk/desk_test.sh; a headless KWin (the only Debian 12 compositor
  # with ext-idle-notify-v1) and its fake-input protocol for tests/desk/desk_wayland_test.sh
  libwayland-dev libwayland-bin wayland-protocols
  python3-gi gir1.2-glib-2.0 libglib2.0-bin
  kwin-wayland plasma-wayland-protocols
  # web (`unknot serve`): Boost.Beast/Asio headers; Debian's chromium for the Playwright tests
  # (tests/web); wrk and nginx to measure against in bench/web_bench.sh
  libboost1.81-dev chromium wrk nginx-light curl
  # web pairing (build/run): SHA-256 and random tokens (OpenSSL), the pairing link's QR code
  libssl-dev libqrencode-dev
)
# web tests: node and npm for playwright-core. Any install will do: some machines carry
# NodeSource's nodejs, which bundles npm and conflicts with Debian's npm package.
if ! command -v npm >/dev/null 2>&1; then
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

echo "unknot: installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
  --no-install-recommends "${missing[@]}"
