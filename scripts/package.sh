#!/usr/bin/env bash
# Builds the Debian package: build/release/unknot_VERSION_ARCH.deb (CPack's DEB generator,
# dependencies from dpkg-shlibdeps), then checks it with lintian (no errors allowed).
# Install it with `sudo apt install ./build/release/unknot_*.deb`; `sudo apt purge unknot`
# removes it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh run
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --preset release >/dev/null
cmake --build --preset release --target unknot unknot_install_files
(cd build/release && cpack -G DEB >/dev/null)
deb=$(ls -t build/release/unknot_*.deb | head -n 1)
echo "unknot: built $deb"
if command -v lintian >/dev/null; then
  # --fail-on error: warnings are printed but only errors fail the build.
  lintian --fail-on error "$deb"
  echo "unknot: lintian found no errors"
else
  echo "unknot: lintian is not installed (scripts/install-deps.sh test installs it); not checked"
fi
