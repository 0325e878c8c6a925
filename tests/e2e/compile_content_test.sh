#!/usr/bin/env bash
# The build step that compiles the knowledge base (unknot_compile_content): a content file the
# loader rejects stops it with exit 2 and the very message `unknot --content-dir` prints, and a
# good content/ compiles to a C++ file.
# Usage: compile_content_test.sh PATH/TO/unknot_compile_content PATH/TO/unknot
set -uo pipefail
compiler="$1"
unknot="$2"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/lib.sh"

check "the embedded content compiles" "$compiler" "$work/good.cc"
check "into the catalogue's bytes" grep -q 'compiled_catalogue_bytes()' "$work/good.cc"
check "a good directory compiles" "$compiler" --content-dir "$here/../content" "$work/dir.cc"
check "to the same bytes as the embedded content" cmp -s "$work/good.cc" "$work/dir.cc"

mkdir -p "$work/content"
cp -r "$here/../content/." "$work/content/"
sed -i '0,/^    kind: heat$/s//    kind: hot/' "$work/content/techniques/heat_cold.yaml"
"$compiler" --content-dir "$work/content" "$work/bad.cc" >"$work/compile.out" 2>"$work/compile.err"
code=$?
check "broken content stops the build (exit 2)" test "$code" -eq 2
check "and writes nothing" test ! -e "$work/bad.cc"
check "the message is positioned" grep -Eq "heat_cold.yaml:[0-9]+:[0-9]+: unknown kind 'hot'" "$work/compile.err"
"$unknot" --content-dir "$work/content" techniques list >/dev/null 2>"$work/unknot.err"
check "and is the message unknot --content-dir prints" bash -c "grep -qF \"\$(cat '$work/compile.err')\" '$work/unknot.err'"
check "no usage: exit 2" bash -c "'$compiler' >/dev/null 2>&1; test \$? -eq 2"

echo "compile_content: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
