#!/usr/bin/env bash
# System test: a small `sttvp run` under Valgrind Memcheck must report no error and no leak.
#   valgrind_run.sh STTVP_EXE SOURCE_DIR
# Exits 77 (CTest: skipped) when valgrind is not installed (scripts/setup.sh installs it).
#
# The run covers 2 cores, an STT-RAM LLC with retention faults applied to the data store, the ECC
# policy, and a VCD trace. Options:
# --max-stackframe=65536: SystemC's processes are QuickThreads coroutines whose stacks are
#   heap blocks 256 KiB apart. By default Memcheck takes an SP move below 2 MiB for a stack frame
#   and marks the memory in between undefined, which floods the report with false "uninitialised
#   value" errors at every context switch. Below 64 KiB, a switch between coroutine stacks is seen
#   as what it is (the "client switching stacks?" warnings that remain are about exactly that).
# Still-reachable blocks (SystemC's simulation context, never destroyed) are not errors.
set -Eeuo pipefail
exe=$1
src=$2
if ! command -v valgrind >/dev/null; then
  echo "valgrind is not installed: skipped"
  exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/sttvp-valgrind-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$src"
valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --max-stackframe=65536 \
  --suppressions="$src/tests/system/valgrind.supp" --log-file="$work/memcheck.log" \
  "$exe" run --config configs/skylake-stt-1ms.json --set cores.count=2 \
  --set workload.bytes=262144 --set workload.passes=2 --set llc.retention.policy=ecc \
  --out "$work/out" --vcd "$work/trace.vcd" --quiet || {
  cat "$work/memcheck.log"
  echo "valgrind_run: Memcheck reported errors (or sttvp failed)" >&2
  exit 1
}
grep -E "ERROR SUMMARY|definitely lost|possibly lost" "$work/memcheck.log"
test -f "$work/out/stats.json"
test -f "$work/trace.vcd"
echo "valgrind_run: clean"
