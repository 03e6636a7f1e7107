#!/usr/bin/env bash
# bench/compare.sh --base DIR [--build DIR] [--reps N] [--quick] [--instructions]  -  an optimisation,
# before and after.
#
# For a change that must not change what is simulated (a speed-up), compares the sttvp of build
# folder DIR (--base, e.g. a build of the commit before the change) with the one of --build
# (default build), in one run:
#   1. outputs: eleven runs (LeNet-5 and the MLP on 1, 2 and 4 cores; SRAM, STT-RAM 1 s, 10 ms,
#      1 ms and 100 us, hybrid 10 ms; the ecc, refresh and expire policies; process variation;
#      `sttvp run` of the stream workload) with each binary; every file they write must be byte-identical, except
#      train.csv's host-time column `wall_s` and provenance.json (the binary's version and
#      command line; absent before it existed), which is not compared. A difference is listed by
#      run and file.
#   2. speed: host ms per simulated step of `sttvp train` (4 cores; LeNet-5 and the MLP; SRAM and
#      STT-RAM 1 s), the two binaries interleaved so that a burst of load hits both; best and
#      median of --reps repetitions (default 5), and after / before.
#   3. with --instructions: host instructions per simulated step, counted by Valgrind
#      (`valgrind --tool=cachegrind --cache-sim=no`, "I refs"), so exact and free of the machine's
#      noise: the same four runs, the count of 3 simulated steps minus that of 1, halved (start-up
#      and the cold first step cancel out). About 5 minutes; needs valgrind.
# --quick: 2 repetitions and fewer steps (about a minute). Exit status 1 if any output differs,
# 2 for bad arguments or a missing binary, 77 without data/mnist (scripts/fetch-mnist.sh).
set -Eeuo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
cd "$src"

usage() {
  echo "usage: bench/compare.sh --base DIR [--build DIR] [--reps N] [--quick] [--instructions]" >&2
  exit 2
}
base="" build=build reps=5 steps=6 instructions=0
while (($#)); do
  case "$1" in
    --base) base="${2:-}"; shift 2 || usage ;;
    --build) build="${2:-}"; shift 2 || usage ;;
    --reps) reps="${2:-}"; shift 2 || usage ;;
    --quick) reps=2 steps=3; shift ;;
    --instructions) instructions=1; shift ;;
    *) usage ;;
  esac
done
[[ -n "$base" && "$reps" =~ ^[1-9][0-9]*$ ]] || usage
source bench/preflight.sh
need_built bench/compare.sh "$base" sttvp
need_built bench/compare.sh "$build" sttvp
need_mnist bench/compare.sh
((instructions)) && need_tools "bench/compare.sh --instructions" valgrind valgrind
declare -A bin=([before]="$(cd "$base" && pwd)/sttvp" [after]="$(cd "$build" && pwd)/sttvp")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

# --- 1. outputs -------------------------------------------------------------------------------
# NAME ARGS...: one run per line; the training runs simulate a few steps after one or two native
# ones, enough for every policy to act (flips, refreshes, early write-backs, ECC corrections).
cases=(
  "mlp4-stt1s train --net mlp --config configs/skylake-stt-1s.json --set cores.count=4 --train-samples 96 --roi-start 2 --roi-steps 4"
  "lenet4-stt10ms train --net lenet --config configs/skylake-stt-10ms.json --set cores.count=4 --train-samples 96 --roi-start 2 --roi-steps 4"
  "lenet1-sram train --net lenet --config configs/skylake-sram.json --train-samples 64 --roi-start 1 --roi-steps 3"
  "mlp2-ecc train --net mlp --config configs/skylake-stt-10ms.json --set cores.count=2 --set llc.retention.policy=ecc --train-samples 64 --roi-start 1 --roi-steps 3"
  "mlp2-refresh train --net mlp --config configs/skylake-stt-1ms.json --set cores.count=2 --set llc.retention.policy=refresh --train-samples 64 --roi-start 1 --roi-steps 3"
  "mlp2-expire train --net mlp --config configs/skylake-stt-1ms.json --set cores.count=2 --set llc.retention.policy=expire --train-samples 64 --roi-start 1 --roi-steps 3"
  "mlp4-hybrid train --net mlp --config configs/skylake-hybrid-10ms.json --set cores.count=4 --train-samples 64 --roi-start 1 --roi-steps 3"
  "lenet2-stt100us train --net lenet --config configs/skylake-stt-100us.json --set cores.count=2 --train-samples 64 --roi-start 1 --roi-steps 3"
  "lenet2-variation train --net lenet --config configs/skylake-stt-1s.json --set cores.count=2 --set llc.sttram.variation_sigma_fraction=0.05 --train-samples 64 --roi-start 1 --roi-steps 3"
  "stream-stt1s run --config configs/skylake-stt-1s.json"
  "stream-sram run --config configs/skylake-sram.json"
)
# A file without host-dependent content: train.csv loses its wall_s column.
canonical() {
  if [[ "$(basename "$1")" == train.csv ]]; then
    awk -F, 'NR == 1 {for (i = 1; i <= NF; ++i) if ($i == "wall_s") skip = i}
      {line = ""; for (i = 1; i <= NF; ++i) if (i != skip) line = line (line == "" ? "" : ",") $i
       print line}' "$1"
  else
    cat "$1"
  fi
}
differ=0
echo "compare: outputs of ${#cases[@]} runs" >&2
for c in "${cases[@]}"; do
  read -r -a a <<<"$c"
  name="${a[0]}" args=("${a[@]:1}")
  extra=()
  [[ "${args[0]}" == train ]] && extra=(--epochs 1 --test-samples 16 --stop-after-roi)
  for side in before after; do
    if ! "${bin[$side]}" "${args[@]}" "${extra[@]}" --out "$work/$side/$name" >"$work/$side-$name.log" 2>&1; then
      echo "compare: $name failed with the $side binary:" >&2
      tail -3 "$work/$side-$name.log" >&2
      differ=1
      continue 2
    fi
  done
  files=$(cd "$work/before/$name" && ls; cd "$work/after/$name" && ls)
  for f in $(sort -u <<<"$files" | grep -vx provenance.json); do
    if [[ ! -f "$work/before/$name/$f" || ! -f "$work/after/$name/$f" ]] ||
      ! cmp -s <(canonical "$work/before/$name/$f") <(canonical "$work/after/$name/$f"); then
      echo "compare: $name/$f differs" >&2
      differ=1
    fi
  done
done

# steps SIDE NET TECH K SAMPLES [PREFIX...]: `sttvp train` of SIDE's binary (behind the command
# PREFIX, if given) on 4 cores: 2 native minibatches of 16, then K simulated ones; its output on
# standard output.
steps() {
  local side=$1 net=$2 tech=$3 k=$4 samples=$5
  shift 5
  "$@" "${bin[$side]}" train --net "$net" --config "configs/skylake-$tech.json" --set cores.count=4 \
    --epochs 1 --train-samples "$samples" --test-samples 16 --roi-start 2 --roi-steps "$k" \
    --stop-after-roi --out "$work/steps" 2>&1
}

# --- 2. speed ---------------------------------------------------------------------------------
declare -A ms
for ((r = 1; r <= reps; r++)); do
  echo "compare: speed, repetition $r/$reps" >&2
  for net in lenet mlp; do
    for tech in sram stt-1s; do
      for side in before after; do
        line=$(steps $side $net $tech $steps $(((2 + steps) * 16)) |
          sed -n 's/.* s wall (\([0-9.]*\) ms\/step.*/\1/p') || line=""
        if [[ -z "$line" ]]; then
          echo "compare: cannot read the host time per step of $net $tech ($side)" >&2
          exit 1
        fi
        ms["$net $tech $side"]+="$line "
      done
    done
  done
done
# --- 3. instructions --------------------------------------------------------------------------
# instructions SIDE NET TECH K: Valgrind's instruction count of 2 native and K simulated steps
# (the same 80 samples loaded whatever K is).
instructions() {
  steps "$1" "$2" "$3" "$4" 80 valgrind --tool=cachegrind --cache-sim=no \
    --cachegrind-out-file=/dev/null | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
declare -A ir
if ((instructions)); then
  for net in lenet mlp; do
    for tech in sram stt-1s; do
      for side in before after; do
        echo "compare: instructions, $net $tech ($side)" >&2
        one=$(instructions $side $net $tech 1) three=$(instructions $side $net $tech 3)
        if [[ -z "$one" || -z "$three" ]]; then
          echo "compare: cannot count the instructions of $net $tech ($side)" >&2
          exit 1
        fi
        ir["$net $tech $side"]=$(((three - one) / 2))
      done
    done
  done
fi

# best and median of the values
summary() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g |
  awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.4g %.4g\n", v[1], m}'; }

echo "## sttvp before / after: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs"
echo
echo "Before: \`${bin[before]}\`; after: \`${bin[after]}\`."
echo
if ((differ)); then
  echo "**Outputs differ** (listed on standard error): the change is not a pure speed-up."
else
  echo "Outputs: byte-identical on all ${#cases[@]} runs (train.csv without \`wall_s\`; provenance.json not compared)."
fi
echo
echo "Host ms per simulated step, 4 cores, $steps steps after 2, best and median of $reps, interleaved:"
echo
echo "| net | LLC | before best | before median | after best | after median | after / before (best) |"
echo "|---|---|---|---|---|---|---|"
for net in lenet mlp; do
  for tech in sram stt-1s; do
    read -r b_best b_med <<<"$(summary "${ms[$net $tech before]}")"
    read -r a_best a_med <<<"$(summary "${ms[$net $tech after]}")"
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' $net $tech "$b_best" "$b_med" "$a_best" \
      "$a_med" "$(awk -v a="$a_best" -v b="$b_best" 'BEGIN {printf "%.3f", a / b}')"
  done
done
if ((instructions)); then
  echo
  echo "Host instructions per simulated step (Valgrind; steps 2 and 3 of the region, 4 cores):"
  echo
  echo "| net | LLC | before | after | after / before |"
  echo "|---|---|---|---|---|"
  for net in lenet mlp; do
    for tech in sram stt-1s; do
      b=${ir[$net $tech before]} a=${ir[$net $tech after]}
      awk -v n=$net -v t=$tech -v a="$a" -v b="$b" \
        'BEGIN {printf "| %s | %s | %.1f M | %.1f M | %.4f |\n", n, t, b / 1e6, a / 1e6, a / b}'
    done
  done
fi
exit "$differ"
