#!/usr/bin/env bash
# Mutation test: builds each deliberate one-line bug of scripts/mutants.txt in a scratch copy
# of the tree and checks that the fast tests catch it. Prints "N killed, M survived" and
# names the survivors; exits non-zero when any mutant survives or is stale.
#
#   scripts/mutation.sh              every mutant
#   scripts/mutation.sh ID...        only these (e.g. after fixing a survivor)
#   scripts/mutation.sh --check      only checks that every mutant's text is still found
#                                    exactly once (quick, no build): refresh the list after
#                                    a refactor until this passes
#
# How: the tree (tracked and new files, as they are now) is copied once to a scratch
# directory (UNKNOT_MUTATION_DIR, default /tmp/unknot-mutation) and kept between runs; only
# changed files are copied again, so its release build (ccache) stays incremental. Each
# mutant is applied by exact text replacement, the test binary it names is rebuilt and its
# tests run, stopping at the first failure (killed). If they all pass, every fast test runs:
# all unit test binaries, then tests/e2e/cli_test.sh (not the crash, session, desk or
# browser tests). Then the file is put back. Logs: $UNKNOT_MUTATION_DIR/logs/ID.log.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
list="$root/scripts/mutants.txt"
scratch_root="${UNKNOT_MUTATION_DIR:-/tmp/unknot-mutation}"
scratch="$scratch_root/unknot"
logs="$scratch_root/logs"
jobs="${UNKNOT_MUTATION_JOBS:-$(nproc)}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# The scratch copy lives elsewhere: with paths relative to each tree and the directory left
# out of the hash, ccache reuses what the main build compiled.
export CCACHE_BASEDIR="$scratch" CCACHE_NOHASHDIR=1

# Mutant file operations, in Python for exact text handling.
#   parse LIST [ID...]      the selected mutants as NUL-separated fields, 6 per mutant
#   sync SRC DST            copies SRC's tracked and new files to DST where the content differs
#   apply FILE FIND REPLACE replaces FIND, which must occur exactly once (else exit 3)
mutant_tool() {
  python3 - "$@" <<'PY'
import os, subprocess, sys

def unescape(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == '\\' and i + 1 < len(text) and text[i + 1] in 'n\\':
            out.append('\n' if text[i + 1] == 'n' else '\\')
            i += 2
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)

def parse(path, wanted):
    keys = ['id', 'file', 'find', 'replace', 'tests', 'breaks']
    mutants, current = [], {}
    with open(path, encoding='utf-8') as stream:
        lines = stream.read().split('\n') + ['']
    for number, line in enumerate(lines, 1):
        if line.startswith('#'):
            continue
        if not line.strip():
            if current:
                missing = [key for key in keys if key not in current]
                if missing:
                    sys.exit(f'{path}:{number}: mutant {current.get("id", "?")} lacks {", ".join(missing)}')
                mutants.append(current)
                current = {}
            continue
        key, sep, value = line.partition(': ')
        if not sep or key not in keys:
            sys.exit(f'{path}:{number}: expected "key: value" with a key among {", ".join(keys)}')
        if key in current:
            sys.exit(f'{path}:{number}: {key} given twice (a blank line between mutants?)')
        current[key] = value
    ids = [m['id'] for m in mutants]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f'{path}: duplicate ids: {", ".join(duplicates)}')
    unknown = [i for i in wanted if i not in ids]
    if unknown:
        sys.exit(f'{path}: no mutant named {", ".join(unknown)}')
    for m in mutants:
        if wanted and m['id'] not in wanted:
            continue
        for key in keys:
            sys.stdout.write(m[key] + '\0')

def sync(source, target):
    listed = subprocess.run(['git', '-C', source, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                            check=True, capture_output=True).stdout.decode().split('\0')
    files = {name for name in listed if name and os.path.isfile(os.path.join(source, name))}
    for name in files:
        with open(os.path.join(source, name), 'rb') as stream:
            data = stream.read()
        destination = os.path.join(target, name)
        try:
            with open(destination, 'rb') as stream:
                if stream.read() == data:
                    continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with open(destination, 'wb') as stream:
            stream.write(data)
        os.chmod(destination, os.stat(os.path.join(source, name)).st_mode & 0o777)
    # Files gone from the tree go from the copy too (CMake globs the content directory).
    for directory, subdirectories, names in os.walk(target):
        relative = os.path.relpath(directory, target)
        if relative == '.':
            subdirectories[:] = [d for d in subdirectories if d not in ('build', '.git')]
        subdirectories[:] = [d for d in subdirectories if d != 'node_modules']
        for name in names:
            path = os.path.normpath(os.path.join(relative, name))
            if path not in files:
                os.remove(os.path.join(target, path))

def apply(path, find, replace):
    find, replace = unescape(find), unescape(replace)
    with open(path, encoding='utf-8') as stream:
        text = stream.read()
    count = text.count(find)
    if count != 1:
        print(f'found {count} times in {path}', file=sys.stderr)
        sys.exit(3)
    with open(path, 'w', encoding='utf-8') as stream:
        stream.write(text.replace(find, replace))

command = sys.argv[1]
if command == 'parse':
    parse(sys.argv[2], sys.argv[3:])
elif command == 'sync':
    sync(sys.argv[2], sys.argv[3])
elif command == 'apply':
    apply(*sys.argv[2:5])
PY
}

check_only=0
ids=()
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "mutation.sh: unknown option $arg" >&2; exit 2 ;;
    *) ids+=("$arg") ;;
  esac
done

mutants=()
while IFS= read -r -d '' field; do mutants+=("$field"); done < <(mutant_tool parse "$list" "${ids[@]}")
[ "${#mutants[@]}" -gt 0 ] || { echo "mutation.sh: no mutants in $list" >&2; exit 2; }
count=$((${#mutants[@]} / 6))

if [ "$check_only" = 1 ]; then
  stale=()
  check_dir="$(mktemp -d)"
  trap 'rm -rf "$check_dir"' EXIT
  for ((i = 0; i < count; i++)); do
    id="${mutants[i * 6]}" file="${mutants[i * 6 + 1]}"
    mkdir -p "$check_dir/$(dirname "$file")"
    if ! cp "$root/$file" "$check_dir/$file" 2>/dev/null ||
       ! mutant_tool apply "$check_dir/$file" "${mutants[i * 6 + 2]}" "${mutants[i * 6 + 3]}" 2>/dev/null; then
      stale+=("$id ($file)")
    fi
  done
  echo "$((count - ${#stale[@]})) of $count mutants apply cleanly"
  for name in "${stale[@]}"; do echo "STALE: $name"; done
  [ "${#stale[@]}" -eq 0 ]
  exit
fi

started=$SECONDS
mkdir -p "$scratch" "$logs"
# The tests look for ../shared next to the repository.
if [ -e "$root/../shared" ]; then ln -sfn "$(realpath "$root/../shared")" "$scratch_root/shared"; fi
mutant_tool sync "$root" "$scratch" || { echo "mutation.sh: cannot copy the tree to $scratch" >&2; exit 2; }
cd "$scratch"
build="$scratch/build/release"
fast_targets=(unknot unknot_tests unknot_web_tests unknot_illustration_tests)
echo "== mutation: building the unmutated copy in $scratch =="
if ! { cmake --preset release >/dev/null && cmake --build "$build" -j "$jobs" --target "${fast_targets[@]}"; } \
    >"$logs/baseline.log" 2>&1; then
  tail -30 "$logs/baseline.log"
  echo "mutation.sh: the unmutated tree does not build (see $logs/baseline.log)" >&2
  exit 2
fi

# Runs every fast test, stopping at the first failure.
run_fast_tests() {
  local binary
  for binary in unknot_tests unknot_web_tests unknot_illustration_tests; do
    "$build/$binary" --gtest_brief=1 --gtest_fail_fast || return 1
  done
  bash "$scratch/tests/e2e/cli_test.sh" "$build/unknot"
}

# The unmutated copy must pass, or every mutant would look killed. scripts/test.sh has just
# run every test on the same tree and says so with UNKNOT_MUTATION_BASELINE_PASSED=1.
if [ "${UNKNOT_MUTATION_BASELINE_PASSED:-0}" != 1 ] && ! run_fast_tests >>"$logs/baseline.log" 2>&1; then
  grep -E "FAILED|FAIL:" "$logs/baseline.log" | head -20
  echo "mutation.sh: the fast tests fail without any mutant (see $logs/baseline.log)" >&2
  exit 2
fi
echo "baseline built (and passing) in $((SECONDS - started)) s"

current_file=""
current_text=""
restore() {
  if [ -n "$current_file" ]; then
    printf '%s' "$current_text" >"$current_file"
    current_file=""
  fi
}
trap 'restore; exit 130' INT TERM

killed=0
survivors=()
stale=()
for ((i = 0; i < count; i++)); do
  id="${mutants[i * 6]}" file="${mutants[i * 6 + 1]}" find="${mutants[i * 6 + 2]}"
  replace="${mutants[i * 6 + 3]}" tests="${mutants[i * 6 + 4]}" breaks="${mutants[i * 6 + 5]}"
  log="$logs/$id.log"
  mutant_started=$SECONDS
  if [ ! -f "$file" ]; then
    stale+=("$id: $file is missing")
    echo "STALE    $id: $file is missing"
    continue
  fi
  current_text="$(cat "$file"; printf x)"
  current_text="${current_text%x}"
  current_file="$file"
  if ! mutant_tool apply "$file" "$find" "$replace" 2>"$log"; then
    restore
    stale+=("$id: $(cat "$log")")
    echo "STALE    $id: the text to mutate is $(cat "$log")"
    continue
  fi
  target="${tests%%:*}"
  filter="${tests#*:}"
  verdict=""
  if ! cmake --build "$build" -j "$jobs" --target "$target" >"$log" 2>&1; then
    verdict="STALE"  # a mutant that does not compile tests nothing: fix it in the list
    stale+=("$id: does not build (see $log)")
  elif ! "$build/$target" --gtest_filter="$filter" --gtest_brief=1 --gtest_fail_fast >>"$log" 2>&1; then
    verdict="killed"
  elif ! { cmake --build "$build" -j "$jobs" --target "${fast_targets[@]}" && run_fast_tests; } >>"$log" 2>&1; then
    verdict="killed"
  else
    verdict="SURVIVED"
    survivors+=("$id ($file): $breaks")
  fi
  restore
  [ "$verdict" = killed ] && killed=$((killed + 1))
  printf '%-8s %-40s %3d s\n' "$verdict" "$id" $((SECONDS - mutant_started))
done
trap - INT TERM
# Leave the copy built as it is now, so the next run starts from an unmutated build.
cmake --build "$build" -j "$jobs" --target "${fast_targets[@]}" >>"$logs/baseline.log" 2>&1

echo "== mutation: $killed killed, ${#survivors[@]} survived, ${#stale[@]} stale, of $count mutants" \
     "in $((SECONDS - started)) s =="
for name in "${survivors[@]}"; do echo "SURVIVED: $name"; done
for name in "${stale[@]}"; do echo "STALE: $name"; done
[ "${#survivors[@]}" -eq 0 ] && [ "${#stale[@]}" -eq 0 ]
