#!/usr/bin/env bash
# The README's second command: set everything up, then run the whole test suite.
#   scripts/test.sh              Release build, every test (unit, model, system)
#   scripts/test.sh --sanitize   ASan + UBSan build, every test
set -Eeuo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"
build_dir=build
[[ "${1:-}" == "--sanitize" ]] && build_dir=build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build_dir" -j "$(nproc)" --output-on-failure --timeout 600
