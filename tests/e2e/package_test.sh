#!/usr/bin/env bash
# ctest `package`: the Debian package as `scripts/package.sh` makes it (CPack's DEB generator
# in the build directory), checked without installing it on this machine: lintian reports no
# errors; the package holds the binary, a man page per command group, the bash, zsh and fish
# completions, the desk reminder's and the network commands' programs (libexec) and the user unit, each where Debian looks for it; unpacked into
# a scratch root, the binary runs, `man -l` renders its page, and bash completes `unknot te` to
# `techniques`.
# Usage: package_test.sh BUILD_DIR
set -uo pipefail
build=$(realpath "$1")
source "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

require_tool cpack "the package" || { finish; exit $?; }
require_tool lintian "lintian's check" || { finish; exit $?; }
require_tool dpkg-deb "the package's contents" || { finish; exit $?; }

# CPack writes the package into its own directory here, not into the build directory.
check "cpack makes a .deb" bash -c "cd '$build' && cpack -G DEB -B '$work/out' >'$work/cpack.log' 2>&1 || { cat '$work/cpack.log'; exit 1; }"
deb=$(ls "$work"/out/unknot_*.deb 2>/dev/null | head -n 1)
check "one package made" test -n "$deb"
check "lintian: no errors" bash -c "lintian --fail-on error '$deb' >'$work/lintian.log' 2>&1 || { cat '$work/lintian.log'; exit 1; }"

dpkg-deb -c "$deb" | awk '{print $6}' >"$work/contents"
for path in ./usr/bin/unknot ./usr/libexec/unknot/unknot-desk ./usr/libexec/unknot/unknot-network ./usr/share/man/man1/unknot.1.gz ./usr/share/man/man1/unknot-log.1.gz \
            ./usr/share/bash-completion/completions/unknot ./usr/share/zsh/vendor-completions/_unknot \
            ./usr/share/fish/vendor_completions.d/unknot.fish ./usr/lib/systemd/user/unknot-desk.service \
            ./usr/share/doc/unknot/copyright; do
  check "the package holds $path" grep -qxF "$path" "$work/contents"
done
dpkg-deb -f "$deb" Depends >"$work/depends"
check "dependencies from the libraries it links (dpkg-shlibdeps)" file_has "$work/depends" 'libc6'

root="$work/root"
dpkg-deb -x "$deb" "$root"
check "the packaged binary runs" bash -c "'$root/usr/bin/unknot' --version | grep -q '^unknot [0-9]'"
# `unknot desk` execs the reminder program from libexec: it answers (no plan yet) rather than
# saying unknot-desk is missing.
check "the packaged unknot desk finds unknot-desk" bash -c "UNKNOT_DATA_DIR='$work/no-data' '$root/usr/bin/unknot' desk 2>&1 | grep -q 'run \`unknot start\` first'"
# `unknot serve devices` hands over to unknot-network in libexec, which answers.
check "the packaged unknot serve finds unknot-network" bash -c "UNKNOT_DATA_DIR='$work/no-data' '$root/usr/bin/unknot' serve devices 2>&1 | grep -q 'No paired devices'"
check "man renders the page" bash -c "MANWIDTH=80 man -l '$root/usr/share/man/man1/unknot.1.gz' 2>/dev/null | grep -q 'unknot'"
completion_test() {
  bash -c "
    complete() { :; }  # the file registers itself; the function is what is tested
    source '$root/usr/share/bash-completion/completions/unknot'
    fn=\$(grep -o -- '-F [_A-Za-z0-9]*' '$root/usr/share/bash-completion/completions/unknot' | head -1 | cut -c4-)
    COMP_WORDS=(unknot te); COMP_CWORD=1; COMP_LINE='unknot te'; COMP_POINT=9
    \"\$fn\" unknot te unknot
    printf '%s\n' \"\${COMPREPLY[@]}\"" | grep -qx techniques
}
check "bash completes 'unknot te' to techniques" completion_test
finish
