#!/usr/bin/env bash
# What a page fault costs on this machine, the anchor for reading bench/startup_bench.sh's
# page-fault column (docs/performance.md, "The start-up arena"): CPU time (perf stat's
# task-clock) of a tiny program that touches PAGES fresh 4 KB pages of anonymous memory, once
# as ordinary pages (one fault each) and once in a block advised to be a transparent huge page
# (one fault for the block), against the same program touching none. Medians of ROUNDS rounds
# of `perf stat -r REPEATS`, the rows interleaved.
#
# Usage: bench/page_fault_cost.sh [PAGES (200)] [ROUNDS (5)] [REPEATS (20)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
pages="${1:-200}"
rounds="${2:-5}"
repeats="${3:-20}"
command -v perf >/dev/null || { echo "page_fault_cost: perf is missing (Debian package linux-perf)"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/touch.c" <<'C'
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
/* touch PAGES HUGE: touch PAGES pages of a 2 MB-aligned anonymous block; HUGE=1 advises it
   to be one transparent huge page first. */
int main(int argc, char** argv) {
  long pages = atol(argv[1]);
  const uintptr_t huge = (uintptr_t)2 << 20;
  char* mapped = mmap(0, 2 * huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return 1;
  char* block = (char*)(((uintptr_t)mapped + huge - 1) & ~(huge - 1));
  if (atoi(argv[2])) madvise(block, huge, MADV_HUGEPAGE);
  for (long i = 0; i < pages && i < 512; ++i) block[i * 4096] = 1;
  return 0;
}
C
cc -O1 -o "$work/touch" "$work/touch.c"

rows=("0 0" "$pages 0" "$pages 1")
names=("touch no page" "touch $pages pages" "touch $pages pages, huge page")
declare -A samples
for round in $(seq "$rounds"); do
  for i in "${!rows[@]}"; do
    read -r -a arguments <<<"${rows[$i]}"
    samples[$i]+="$(cpu_ms "$repeats" "$work/touch" "${arguments[@]}") "
  done
done
anchor="$(echo "${samples[0]}" | median)"
echo "CPU time (task-clock), median of $rounds rounds of perf stat -r $repeats; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-32s | %9s | %14s | %11s |\n' "what" "CPU ms" "- no page" "page faults"
printf '|%s|%s|%s|%s|\n' "----------------------------------" "-----------" "----------------" "-------------"
for i in "${!rows[@]}"; do
  value="$(echo "${samples[$i]}" | median)"
  read -r -a arguments <<<"${rows[$i]}"
  faults="$(page_faults "$work/touch" "${arguments[@]}")"
  printf '| %-32s | %9.3f | %+14.3f | %11s |\n' "${names[$i]}" "$value" "$(awk -v a="$value" -v b="$anchor" 'BEGIN {print a - b}')" "$faults"
done
echo
echo "per fault: $(awk -v a="$(echo "${samples[1]}" | median)" -v b="$anchor" -v n="$pages" 'BEGIN {printf "%.1f", (a - b) * 1000 / n}') µs"
