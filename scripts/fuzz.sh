#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS]  -  builds the libFuzzer targets (build-fuzz/, clang, ASan + UBSan) and
# runs each for SECONDS (default 20) from a small seed corpus:
#
#   fuzz_config    platform configs (JSON with includes) and --set overrides -> PlatformConfig
#                  (inputs up to 16 KiB, beyond its 8 KiB file limit and 64-level nesting limit)
#   fuzz_idx       IDX data files (sw/data/IdxFile, sw/data/Dataset)
#   fuzz_lackey    Valgrind Lackey traces (models/trace)
#   fuzz_bintrace  sttvp binary traces (models/trace)
#
# Fails on any crash, hang (10 s per input), leak or sanitizer report; the input that caused it
# is saved in build-fuzz/fuzz-work/artifacts/. Needs clang and libclang-rt-14-dev (setup.sh).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
build=build-fuzz
work=$build/fuzz-work
targets=(fuzz_config fuzz_idx fuzz_lackey fuzz_bintrace)

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DSTTVP_FUZZ=ON -DSTTVP_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

rm -rf "$work"
mkdir -p "$work/artifacts" "$work/scratch"
for t in "${targets[@]}"; do mkdir -p "$work/corpus/$t"; done

# Configs: the presets as they are; their includes resolve in the scratch folder, where the
# config target writes its inputs. Also a preset followed by --set overrides (NUL-separated).
cp -r configs/. "$work/scratch/"
cp configs/*.json "$work/corpus/fuzz_config/"
printf '{"include": "skylake-sram.json"}\0llc.ways=8\0workload.kind=lenet\0cores.count=2' \
  >"$work/corpus/fuzz_config/overrides"
printf '{"include": "skylake-stt-1s.json", "llc": {"retention": {"policy": "ecc"}}}\0dram.store=sparse' \
  >"$work/corpus/fuzz_config/nested"
# Near the limits: nesting one level short of 64, a repeated key, a device as an include.
printf '{"a": %s%s}' "$(printf '[%.0s' {1..62})" "$(printf ']%.0s' {1..62})" \
  >"$work/corpus/fuzz_config/deep"
printf '{"include": "skylake-sram.json", "llc": {"ways": 8, "ways": 16}}\0sim={"seed": 1}' \
  >"$work/corpus/fuzz_config/duplicate"
printf '{"include": ["skylake-sram.json", "/dev/zero"]}' >"$work/corpus/fuzz_config/device"

# IDX: small image and label files, well-formed and not.
idx() { printf "$1" >"$work/corpus/fuzz_idx/$2"; }
idx '\0\0\10\3\0\0\0\2\0\0\0\2\0\0\0\2\1\2\3\4\5\6\7\10' images
idx '\0\0\10\1\0\0\0\3\1\2\3' labels
idx '\0\0\10\3\0\0\0\2\0\0\0\34\0\0\0\34\1\2' truncated
idx '\0\0\15\2\0\0\0\1\0\0\0\1\0\0\0\0' float

# Lackey: instruction fetches, loads, stores, modifies, Valgrind's own lines.
cat >"$work/corpus/fuzz_lackey/small" <<'EOF'
==12345== Lackey, an example Valgrind tool
I  04000e90,3
I  04000e93,5
 S 1ffefffe48,8
 L 04025c48,8
 M 0402aee0,4
I  04001bf0,1
 L 1ffefffe40,16
EOF
# Binary: header, a load of 8 bytes at 0x1000, a sequential one, the end record with its count.
bin_header='STTVPTRC\1\0\0\0\0\0\0\0'
printf "${bin_header}"'\101\200\100\105\0\2' >"$work/corpus/fuzz_bintrace/small"
printf "${bin_header}"'\370\100\200\100\0\1' >"$work/corpus/fuzz_bintrace/varint-size"

# Inputs are written to files in the scratch folder: on tmpfs when there is one.
scratch=$PWD/$work/scratch
if [[ -d /dev/shm && -w /dev/shm ]]; then
  scratch=$(mktemp -d /dev/shm/sttvp-fuzz-XXXXXX)
  trap 'rm -rf "$scratch"' EXIT
  cp -r configs/. "$scratch/"
fi
export STTVP_FUZZ_DIR=$scratch
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  log=$work/$t.log
  # fuzz_config's inputs reach its 8 KiB file-size limit; the binary formats need no more than 4 KiB.
  max_len=4096
  [[ $t == fuzz_config ]] && max_len=16384
  if "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" "$work/corpus/$t" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    corpus=$(find "$work/corpus/$t" -type f | wc -l)
    echo "fuzz: $t: $execs inputs in ${seconds} s, corpus $corpus, no crash, hang or report"
  else
    status=1
    echo "fuzz: $t FAILED (log: $log; input: $work/artifacts/)" >&2
    grep -E "ERROR|SUMMARY|==[0-9]+==|runtime error|deadly signal|timeout" "$log" | head -20 >&2
  fi
done
exit "$status"
