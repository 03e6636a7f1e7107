#!/usr/bin/env bash
# bench/run.sh [--reps N] [--quick | --smoke] [--build DIR] [--out FILE]  -  how fast sttvp is.
#
# Measures in one run, and prints as Markdown tables (also written to FILE, default
# DIR/bench/bench.md):
#   1. host time per training step (LeNet-5 `lenet-default`, the MLP `mlp-default`): natively
#      (bench/native_steps.cpp: the trainer with no probe sink, 1 and 4 shares per minibatch,
#      timed over 8 times as many steps) and simulated (`sttvp train --config ... --roi-start W
#      --roi-steps N --stop-after-roi`, the host time of the simulated steps only, as `sttvp
#      train` prints it) on 1 and 4 cores with the SRAM LLC
#      (configs/skylake-sram.json) and the STT-RAM LLC (configs/skylake-stt-1s.json: retention
#      tracking, failure sampling and flips applied); the slowdown against native with the same
#      shares; and one native LeNet-5 epoch against tiny-dnn's (bench/native_vs_tinydnn/run.sh);
#   2. the native program built without FMA (-mavx2 -mno-fma, libm's FMA variants disabled)
#      under `valgrind --tool=cachegrind --cache-sim=yes --D1=32768,8,64 --LL=8388608,16,64`,
#      4 shares: Cachegrind's time per step / the simulated 4-core STT-RAM time per step;
#   3. reported line accesses and TLM transactions (core-LLC and LLC-DRAM) per host second, and
#      the peak resident memory of each simulated run;
#   4. bytes of LLC model state per line (bench/llc_metadata.cpp, from sizeof);
#   5. host ns per reported line access of the `stream` workload (1 core, SRAM and STT-RAM 1 s
#      LLC) at three workload sizes x three LLC sizes, from the difference between 3 passes and
#      1 pass (so start-up and first touch cancel out);
# each as the median of --reps repetitions (interleaved, so a burst of load hits every variant),
# with min, max and spread = (max - min) / median; and how loaded the machine was (load average,
# and the share of the CPUs that other processes used while the bench ran).
#
# --quick: fewer steps and repetitions (about a minute). --smoke: tiny sizes, one repetition, no
# tiny-dnn, Cachegrind on the normal build (the ctest bench.SmokeOutputParses; seconds, not
# meaningful). The default run takes about 2 minutes on 2 busy cores, plus a one-time build of
# the no-FMA program in DIR/bench-nofma (a few minutes). DIR (default build) must hold sttvp and the bench
# programs (cmake --build DIR --target sttvp sttvp_bench_native sttvp_bench_llc_metadata).
# Needs data/mnist (scripts/fetch-mnist.sh), valgrind for item 2 and, for tiny-dnn, root to
# install it. Not part of the test suite; speed is never asserted.
set -Eeuo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
cd "$src"

reps=5 reps_arg="" mode=default build=build out=""
while (($#)); do
  case "$1" in
    --reps) reps="$2" reps_arg=" --reps $2"; shift 2 ;;
    --quick) mode=quick; shift ;;
    --smoke) mode=smoke; shift ;;
    --build) build="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--reps N] [--quick | --smoke] [--build DIR] [--out FILE]" >&2; exit 2 ;;
  esac
done
build="$(cd "$build" && pwd)"
out="${out:-$build/bench/bench.md}"
case "$mode" in
  default) native_mult=8 warm=2 lenet_steps=16 mlp_steps=8 cg_reps=3 stream_reps=3 stream_mib=(4 16 64) llc_mib=(8 16 32) ;;
  quick) reps=$((reps < 3 ? reps : 3)) native_mult=8 warm=2 lenet_steps=8 mlp_steps=4 cg_reps=1 stream_reps=1
    stream_mib=(4 16 64) llc_mib=(8 16 32) ;;
  smoke) reps=1 native_mult=1 warm=0 lenet_steps=1 mlp_steps=1 cg_reps=1 stream_reps=1 stream_mib=(1 2 4)
    llc_mib=(1 2 4) ;;
esac

sttvp="$build/sttvp"
native="$build/bench/sttvp_bench_native"
metadata="$build/bench/sttvp_bench_llc_metadata"
source bench/preflight.sh
need_built bench "$build" sttvp sttvp_bench_native sttvp_bench_llc_metadata
need_mnist bench
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

# --- helpers ----------------------------------------------------------------------------------
# stats V...: "median min max spread" (spread = (max - min) / median).
stats() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1}
    END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
         printf "%.6g %.6g %.6g %.4f\n", m, a[1], a[NR], (m > 0 ? (a[NR] - a[1]) / m : 0)}'
}
median() { stats "$@" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3g", (b > 0 ? a / b : 0)}'; }
fmt() { awk -v v="$1" 'BEGIN {printf "%.4g", v}'; }
pct() { awk -v v="$1" 'BEGIN {printf "%.1f %%", 100 * v}'; }
# row_stats NAME V...: "median | min | max | spread" cells; the spread is remembered in a file
# (rows are printed from command substitutions, i.e. subshells).
row_stats() {
  local name="$1" m lo hi sp
  shift
  read -r m lo hi sp <<<"$(stats "$@")"
  echo "$sp $name" >>"$work/spreads"
  printf '%s | %s | %s | %s' "$(fmt "$m")" "$(fmt "$lo")" "$(fmt "$hi")" "$(pct "$sp")"
}
csv_sum() {  # csv_sum FILE REGEX: sum of the stats.csv values whose name matches
  awk -F, -v re="$2" '$1 ~ re {s += $2} END {printf "%.0f", s}' "$1"
}
cpu_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }  # in USER_HZ
now() { date +%s.%N; }
ticks=$(getconf CLK_TCK)
ncpu=$(nproc)

load_start=$(cut -d' ' -f1 /proc/loadavg)
busy_start=$(cpu_busy)
t_start=$(now)
echo "bench: $mode run, $reps repetitions, results in $out" >&2

# --- 1 and 3: training steps ------------------------------------------------------------------
declare -A ms rate_lines rate_tlm rss
preset() { echo "configs/training/$1-default.json"; }
steps_of() { [[ $1 == lenet ]] && echo "$lenet_steps" || echo "$mlp_steps"; }
sim_variants=("1 sram" "1 stt" "4 sram" "4 stt")
config_of() { [[ $1 == sram ]] && echo configs/skylake-sram.json || echo configs/skylake-stt-1s.json; }

for ((r = 0; r < reps; r++)); do
  echo "bench: training steps, repetition $((r + 1))/$reps" >&2
  for net in lenet mlp; do
    n=$(steps_of $net)
    for shares in 1 4; do
      # The same kernels over native_mult times the steps: a native step is short, and timer and
      # scheduling noise would dominate a time of a few milliseconds.
      line=$("$native" --preset "$(preset $net)" --shares $shares --warmup $warm \
        --steps $((n * native_mult)))
      ms["$net native $shares"]+="$(sed -n 's/.*ms_per_step=\([0-9.]*\).*/\1/p' <<<"$line") "
    done
    for v in "${sim_variants[@]}"; do
      read -r cores tech <<<"$v"
      dir="$work/$net-$cores-$tech"
      /usr/bin/time -f '%M' -o "$work/rss" "$sttvp" train --net $net --config "$(config_of $tech)" \
        --set cores.count=$cores --epochs 1 --train-samples $(((warm + n) * 16)) --test-samples 16 \
        --roi-start $warm --roi-steps "$n" --stop-after-roi --out "$dir" >"$work/stdout"
      step_ms=$(sed -n 's/.* s wall (\([0-9.]*\) ms\/step.*/\1/p' "$work/stdout")
      if [[ -z "$step_ms" ]]; then
        echo "bench: cannot read the simulated steps' host time from sttvp train:" >&2
        cat "$work/stdout" >&2
        exit 1
      fi
      # Host seconds of the simulated steps, from ms/step (more digits than "s wall").
      secs=$(awk -v m="$step_ms" -v n="$n" 'BEGIN {print m * n / 1e3}')
      lines=$(csv_sum "$dir/stats.csv" '^cores\\[[0-9]+\\]\\.line_(reads|writes)$')
      tlm=$(csv_sum "$dir/stats.csv" '^(llc\\.(reads|writes)|dram\\.(reads|writes))$')
      key="$net sim $cores $tech"
      ms[$key]+="$step_ms "
      rate_lines[$key]+="$(awk -v a="$lines" -v s="$secs" 'BEGIN {print a / s}') "
      rate_tlm[$key]+="$(awk -v a="$tlm" -v s="$secs" 'BEGIN {print a / s}') "
      rss[$key]+="$(cat "$work/rss") "
    done
  done
done

tinydnn_row="| lenet | one native epoch (8,000 samples, 1 thread): ours / tiny-dnn | n/a | n/a | n/a | n/a | n/a (not run) |"
if [[ $mode != smoke ]]; then
  if dpkg-query -W -f='${Status}' tiny-dnn 2>/dev/null | grep -q "install ok installed" || ((EUID == 0)); then
    echo "bench: native epoch against tiny-dnn" >&2
    td_reps=$reps
    [[ $mode == quick ]] && td_reps=3
    if STTVP="$sttvp" bash bench/native_vs_tinydnn/run.sh "$td_reps" >"$work/tinydnn" 2>&1; then
      mapfile -t ours < <(sed -n 's/^ours *epoch \([0-9.]*\) s.*/\1/p' "$work/tinydnn")
      mapfile -t theirs < <(awk '{print $3}' build-bench/native_vs_tinydnn/last-run.txt)
      tinydnn_row="| lenet | one native epoch (8,000 samples, 1 thread), s: ours | $(row_stats "tiny-dnn epoch (ours)" "${ours[@]}") | tiny-dnn $(fmt "$(median "${theirs[@]}")") s = $(ratio "$(median "${theirs[@]}")" "$(median "${ours[@]}")") x ours |"
    else
      tinydnn_row="| lenet | one native epoch (8,000 samples, 1 thread): ours / tiny-dnn | n/a | n/a | n/a | n/a | n/a (bench/native_vs_tinydnn/run.sh failed) |"
    fi
  fi
fi

# --- 2: Cachegrind on the native kernels without FMA -------------------------------------------
declare -A cg
cg_note="n/a (valgrind not installed)"
if command -v valgrind >/dev/null; then
  cg_native="$native"
  cg_note="no FMA"
  if [[ $mode != smoke ]]; then
    nofma="$build/bench-nofma"
    if [[ ! -x "$nofma/bench/sttvp_bench_native" || bench/native_steps.cpp -nt "$nofma/bench/sttvp_bench_native" ]]; then
      echo "bench: building the no-FMA native program in $nofma" >&2
      cmake -S "$src" -B "$nofma" -DCMAKE_BUILD_TYPE=Release "-DSTTVP_ARCH_FLAGS=-mavx2;-mno-fma" \
        -DSTTVP_BUILD_TESTS=OFF >"$work/nofma.log" 2>&1 &&
        cmake --build "$nofma" -j2 --target sttvp_bench_native >>"$work/nofma.log" 2>&1 ||
        { cat "$work/nofma.log" >&2; exit 1; }
    fi
    cg_native="$nofma/bench/sttvp_bench_native"
  else
    cg_note="smoke: FMA build"
  fi
  for ((r = 0; r < cg_reps; r++)); do
    for net in lenet mlp; do
      echo "bench: Cachegrind, $net, repetition $((r + 1))/$cg_reps" >&2
      # libm picks FMA code at run time unless told not to; Valgrind emulates FMA very slowly.
      line=$(GLIBC_TUNABLES=glibc.cpu.hwcaps=-FMA valgrind --tool=cachegrind --cache-sim=yes \
        --D1=32768,8,64 --LL=8388608,16,64 --cachegrind-out-file=/dev/null "$cg_native" \
        --preset "$(preset $net)" --shares 4 --warmup $((warm < 1 ? warm : 1)) \
        --steps "$(steps_of $net)" 2>/dev/null)
      cg[$net]+="$(sed -n 's/.*ms_per_step=\([0-9.]*\).*/\1/p' <<<"$line") "
    done
  done
fi

# --- 4: LLC metadata ---------------------------------------------------------------------------
meta=$("$metadata")
meta_total=$(sed -n 's/.*total_bytes=\([0-9]*\).*/\1/p' <<<"$meta")
meta_tags=$(sed -n 's/.*tag_array_bytes=\([0-9]*\).*/\1/p' <<<"$meta")
meta_line=$(sed -n 's/.*line_record_bytes=\([0-9]*\).*/\1/p' <<<"$meta")
meta_rates=$(sed -n 's/.*variation_cells_bytes=\([0-9]*\).*/\1/p' <<<"$meta")

# --- 5: cost per access, workload size x LLC size ----------------------------------------------
declare -A ns_access
for ((r = 0; r < stream_reps; r++)); do
  echo "bench: stream cost per access, repetition $((r + 1))/$stream_reps" >&2
  for tech in sram stt; do
    for w in "${stream_mib[@]}"; do
      for l in "${llc_mib[@]}"; do
        declare -A t a
        for p in 1 3; do
          t0=$(now)
          # 16 ways for both technologies: the power-of-two LLC sizes of this grid are not
          # multiples of the 20-way STT-RAM preset's way size.
          "$sttvp" run --config "$(config_of $tech)" --set cores.count=1 \
            --set workload.bytes=$((w << 20)) --set llc.size_bytes=$((l << 20)) --set llc.ways=16 \
            --set workload.passes=$p --quiet --out "$work/stream-$p"
          t[$p]=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {print b - a}')
          a[$p]=$(csv_sum "$work/stream-$p/stats.csv" '^cores\\[[0-9]+\\]\\.line_(reads|writes)$')
        done
        ns_access["$tech $w $l"]+="$(awk -v t1="${t[1]}" -v t3="${t[3]}" -v a1="${a[1]}" \
          -v a3="${a[3]}" 'BEGIN {print 1e9 * (t3 - t1) / (a3 - a1)}') "
      done
    done
  done
done

# --- noise ---------------------------------------------------------------------------------------
t_end=$(now)
busy_end=$(cpu_busy)
load_end=$(cut -d' ' -f1 /proc/loadavg)
# CPU time of this bench's own children (user + system), from bash's `times` (run in this
# shell: a subshell would report its own children).
times >"$work/times"
own_cpu=$(tail -1 "$work/times" | awk '{
  t = 0
  for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] }
  print t}')
others=$(awk -v b0="$busy_start" -v b1="$busy_end" -v hz="$ticks" -v own="$own_cpu" \
  -v t0="$t_start" -v t1="$t_end" -v n="$ncpu" \
  'BEGIN {o = ((b1 - b0) / hz - own) / ((t1 - t0) * n); print (o < 0 ? 0 : o)}')

# --- report -------------------------------------------------------------------------------------
{
  echo "## sttvp bench ($mode): $(date -u +%Y-%m-%dT%H:%MZ), $ncpu CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
  echo
  echo "Command: \`bench/run.sh$( [[ $mode != default ]] && echo " --$mode")$reps_arg\`; $reps repetitions; LeNet-5 $lenet_steps steps, MLP $mlp_steps steps, after $warm warm-up steps; STT = configs/skylake-stt-1s.json, SRAM = configs/skylake-sram.json."
  echo
  echo "### 1. Host time per training step (ms)"
  echo
  echo "| net | run | median | min | max | spread | slowdown vs native, same shares |"
  echo "|---|---|---|---|---|---|---|"
  for net in lenet mlp; do
    for shares in 1 4; do
      # shellcheck disable=SC2086
      echo "| $net | native, $shares share(s) | $(row_stats "$net native $shares" ${ms["$net native $shares"]}) | 1 |"
    done
    for v in "${sim_variants[@]}"; do
      read -r cores tech <<<"$v"
      key="$net sim $cores $tech"
      # shellcheck disable=SC2086
      nat=$(median ${ms["$net native $cores"]})
      # shellcheck disable=SC2086
      echo "| $net | simulated, $cores core(s), ${tech^^} | $(row_stats "$key" ${ms[$key]}) | $(ratio "$(median ${ms[$key]})" "$nat") |"
    done
  done
  echo "$tinydnn_row"
  echo
  echo "### 2. Cachegrind (native kernels without FMA, 4 shares) against the simulated 4-core STT-RAM platform"
  echo
  echo "| net | Cachegrind ms/step | min | max | spread | Cachegrind / simulated |"
  echo "|---|---|---|---|---|---|"
  for net in lenet mlp; do
    if [[ -n "${cg[$net]:-}" && "${cg[$net]}" =~ [0-9] ]]; then
      # shellcheck disable=SC2086
      echo "| $net | $(row_stats "$net cachegrind" ${cg[$net]}) | $(ratio "$(median ${cg[$net]})" "$(median ${ms["$net sim 4 stt"]})") |"
    else
      echo "| $net | n/a | n/a | n/a | n/a | $cg_note |"
    fi
  done
  echo
  echo "### 3. Throughput of the simulated steps (medians) and peak resident memory"
  echo
  echo "| net | run | line accesses / s | TLM transactions / s | peak RSS (MiB) |"
  echo "|---|---|---|---|---|"
  for net in lenet mlp; do
    for v in "${sim_variants[@]}"; do
      read -r cores tech <<<"$v"
      key="$net sim $cores $tech"
      # shellcheck disable=SC2086
      echo "| $net | simulated, $cores core(s), ${tech^^} | $(fmt "$(median ${rate_lines[$key]})") | $(fmt "$(median ${rate_tlm[$key]})") | $(awk -v k="$(stats ${rss[$key]} | cut -d' ' -f3)" 'BEGIN {printf "%.0f", k / 1024}') |"
    done
  done
  echo
  echo "### 4. LLC model state per line (bytes)"
  echo
  echo "| tag array (tag, dirty, LRU rank) | line records (write time, sharers, flip slot; STT-RAM: retention cache) | total |"
  echo "|---|---|---|"
  echo "| $meta_tags | $meta_line | $meta_total |"
  echo
  echo "With process variation on (8 weak cells per line), each line read past a bit flip also keeps"
  echo "its derived cell rates and positions: $meta_rates bytes, touched only for such lines (models/cache/README.md)."
  echo
  echo "### 5. Host ns per reported line access, stream workload (1 core; passes 3 - 1)"
  for tech in sram stt; do
    echo
    [[ $tech == sram ]] && echo "SRAM LLC (configs/skylake-sram.json):" ||
      echo "STT-RAM LLC (configs/skylake-stt-1s.json; read hits sample retention failures):"
    echo
    printf '| workload MiB \\ LLC MiB |'
    printf ' %s |' "${llc_mib[@]}"
    echo
    printf '|---|'
    printf -- '---|%.0s' "${llc_mib[@]}"
    echo
    all=()
    for w in "${stream_mib[@]}"; do
      printf '| %s |' "$w"
      for l in "${llc_mib[@]}"; do
        # shellcheck disable=SC2086
        m=$(median ${ns_access["$tech $w $l"]})
        all+=("$m")
        printf ' %s |' "$(fmt "$m")"
      done
      echo
    done
    read -r _ lo hi _ <<<"$(stats "${all[@]}")"
    echo
    echo "Largest / smallest cost per access over the ${tech^^} grid: $(ratio "$hi" "$lo")."
  done
  echo
  echo "### Noise"
  echo
  read -r msp _ wsp _ <<<"$(awk '{print $1}' "$work/spreads" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)], 0, a[NR], 0}')"
  worst=$(sort -g "$work/spreads" | tail -1 | cut -d' ' -f2-)
  echo "| repetitions | median spread | worst spread | load average at start | at end | CPU share used by other processes | wall (s) |"
  echo "|---|---|---|---|---|---|---|"
  echo "| $reps | $(pct "$msp") | $(pct "$wsp") ($worst) | $load_start | $load_end | $(pct "$others") | $(awk -v a="$t_start" -v b="$t_end" 'BEGIN {printf "%.0f", b - a}') |"
} >"$work/report.md"
mkdir -p "$(dirname "$out")"
cp "$work/report.md" "$out"
cat "$out"
