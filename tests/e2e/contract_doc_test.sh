#!/usr/bin/env bash
# docs/contract.md holds ../shared/spec/README.md word for word (its part 1), so the project's
# complete contract can never disagree with the public minimum.
#   tests/e2e/contract_doc_test.sh REPO_ROOT
set -uo pipefail
root="$1"
spec="$root/../shared/spec/README.md"
doc="$root/docs/contract.md"
for file in "$spec" "$doc"; do
  [ -s "$file" ] || { echo "FAIL: $file is missing or empty"; echo "0 passed, 1 failed"; exit 1; }
done
python3 - "$spec" "$doc" <<'PY'
import sys
spec = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
part1 = doc.split("# Part 1: the public minimum (copy of ../shared/spec/README.md)\n\n", 1)
ok = len(part1) == 2 and part1[1].split("\n<!-- additions -->", 1)[0].rstrip("\n") == spec.rstrip("\n")
print("1 passed, 0 failed" if ok else "FAIL: docs/contract.md part 1 differs from ../shared/spec/README.md\n0 passed, 1 failed")
sys.exit(0 if ok else 1)
PY
