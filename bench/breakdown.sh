#!/usr/bin/env bash
# bench/breakdown.sh [--build DIR] [--net lenet|mlp|both] [--config FILE] [--cores N] [--smoke]
#                    [--out FILE]  -  where the host instructions of a simulated step go.
#
# Runs `sttvp train --net NET --config FILE --set cores.count=N --roi-start 2 --roi-steps S
# --stop-after-roi` under `valgrind --tool=callgrind` with S = 1 and S = 3 (the two at once), and
# takes the self instructions of every function in the 3-step run minus the 1-step run, halved:
# the instructions of one warm simulated step, start-up and the cold first step cancelled out
# (exact to well under 1 % between runs; the machine's load does not change them). Prints, as
# Markdown (also written to FILE, default DIR/bench/breakdown.md):
#   1. the step's instructions by part of the simulator (the functions an instruction was
#      inlined into decide its part; the patterns are in the table below), per step and per LLC
#      transaction (llc.reads + llc.writes of stats.json, also 3 steps minus 1, halved);
#   2. the 15 functions with the most self instructions.
# Defaults: build, both nets, configs/skylake-stt-1s.json, 4 cores; under a minute. --smoke:
# LeNet-5 on 1 core only (about 10 s; the ctest bench.BreakdownOutputParses).
# Needs valgrind. Exit status 2 for bad arguments or a missing binary, 77 without data/mnist.
set -Eeuo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
cd "$src"

usage() {
  echo "usage: bench/breakdown.sh [--build DIR] [--net lenet|mlp|both] [--config FILE] [--cores N] [--smoke] [--out FILE]" >&2
  exit 2
}
build=build nets="lenet mlp" config=configs/skylake-stt-1s.json cores=4 out=""
while (($#)); do
  case "$1" in
    --build) build="${2:-}"; shift 2 || usage ;;
    --net)
      case "${2:-}" in lenet | mlp) nets="$2" ;; both) nets="lenet mlp" ;; *) usage ;; esac
      shift 2 ;;
    --config) config="${2:-}"; shift 2 || usage ;;
    --cores) cores="${2:-}"; shift 2 || usage ;;
    --smoke) nets=lenet cores=1; shift ;;
    --out) out="${2:-}"; shift 2 || usage ;;
    *) usage ;;
  esac
done
[[ "$cores" =~ ^[1-9][0-9]*$ ]] || usage
if [[ ! -f "$config" ]]; then
  echo "bench/breakdown.sh: $config: no such config" >&2
  exit 2
fi
source bench/preflight.sh
need_built bench/breakdown.sh "$build" sttvp
need_mnist bench/breakdown.sh
need_tools bench/breakdown.sh "valgrind python3" valgrind callgrind_annotate python3
sttvp="$(cd "$build" && pwd)/sttvp"
out="${out:-$build/bench/breakdown.md}"
mkdir -p "$(dirname "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

# NET STEPS: one profiled run into $work/NET-STEPS.{out,tsv} and its stats in $work/NET-STEPS/.
profile() {
  local net="$1" steps="$2" name="$work/$1-$2"
  valgrind --tool=callgrind --callgrind-out-file="$name.out" "$sttvp" train --net "$net" \
    --config "$config" --set cores.count="$cores" --epochs 1 --train-samples 80 \
    --test-samples 16 --roi-start 2 --roi-steps "$steps" --stop-after-roi --quiet \
    --out "$name" >"$name.log" 2>&1 || {
    echo "bench/breakdown.sh: the profiled run failed ($net, $steps steps):" >&2
    tail -5 "$name.log" >&2
    exit 1
  }
  callgrind_annotate --auto=no --threshold=100 "$name.out" >"$name.tsv"
}

{
  echo "## sttvp breakdown of a warm simulated step: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs"
  echo
  echo "Command: \`bench/breakdown.sh --config $config --cores $cores\`; \`sttvp train\`, steps 2-4"
  echo "minus step 2 of the region, halved; self instructions (Valgrind callgrind) summed by the"
  echo "function they run in, inlined code included."
  for net in $nets; do
    echo "bench/breakdown.sh: $net, $cores core(s), profiling 1 and 3 steps" >&2
    profile "$net" 1 &
    one=$!
    profile "$net" 3
    wait "$one"
    echo
    python3 - "$work/$net" "$net" <<'PY'
import json, re, sys

base, net = sys.argv[1], sys.argv[2]
# Part of the simulator by the function (and, for libm, the routine) an instruction ran in;
# the first pattern that matches wins.
PARTS = [
    ("TLM call and payload: core `send`, sockets, interconnect, LLC `b_transport`, line batch "
     "and data copy, `sc_time`",
     r"Core::send|Llc::serve_batch|Llc::b_transport|Llc::copy_data|Llc::store_pointer|Llc::move_data|"
     r"tlm_utils::|tlm::tlm_generic_payload|Interconnect|sc_core::sc_time|sc_time_stamp|"
     r"sc_get_curr_simcontext|__memcpy|__memmove"),
    ("LLC bank calendars", r"ResourceCalendar|Llc::occupy_bank"),
    ("retention on STT-RAM reads: expected failures, flip sampling, applying flips",
     r"WeakCellModel|CounterRng|RetentionModel|Llc::read_hit|Llc::flip_bits|Llc::new_flips|"
     r"Llc::stt_line|Llc::find_flips|Llc::drop_flips|FlipAttribution|__ieee754_log|"
     r"__ieee754_exp|__expm1|__log\b|__exp\b|^log\b|^exp\b"),
    ("DRAM", r"Dram::|BackingStore|Llc::memory_access"),
    ("core L1D/L2 bookkeeping", r"Core::|sttvp::Core\b"),
    ("LLC lookup, replacement, inclusion, statistics", r"Llc::|CacheArray|DistanceHistogram"),
    ("training kernels", r"sttvp::sw::|Eigen::"),
]


def self_costs(path):
    costs = {}
    for line in open(path):
        m = re.match(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S.*)$", line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        loc = m.group(2)
        if ":" not in loc:
            continue
        func = re.sub(r"\s+\[[^\]]*\]$", "", loc.split(":", 1)[1])
        costs[func] = costs.get(func, 0) + int(m.group(1).replace(",", ""))
    return costs


def transactions(run):
    llc = json.load(open(run + "/stats.json"))["llc"]
    return llc["reads"] + llc["writes"]


one, three = self_costs(base + "-1.tsv"), self_costs(base + "-3.tsv")
step = {f: (three.get(f, 0) - one.get(f, 0)) / 2 for f in set(one) | set(three)}
total = sum(step.values())
tx = (transactions(base + "-3") - transactions(base + "-1")) / 2
if total <= 0 or tx <= 0:
    sys.exit(f"bench/breakdown.sh: {net}: no warm step to measure (total {total}, {tx} transactions)")
parts = {name: 0.0 for name, _ in PARTS}
parts["other (SystemC kernel, C library)"] = 0.0
for func, n in step.items():
    name = next((p for p, rx in PARTS if re.search(rx, func)),
                "other (SystemC kernel, C library)")
    parts[name] += n
print(f"### {net}: {total / 1e6:,.1f} M instructions per warm step, {tx:,.0f} LLC transactions "
      f"({total / tx:,.0f} instructions per transaction)")
print()
print("| part | M instructions / step | share | instructions / LLC transaction |")
print("|---|---|---|---|")
for name, n in sorted(parts.items(), key=lambda kv: -kv[1]):
    print(f"| {name} | {n / 1e6:,.1f} | {100 * n / total:.1f} % | {n / tx:,.0f} |")
print()
print("| function (self, inlined code included) | M instructions / step | share |")
print("|---|---|---|")
for func, n in sorted(step.items(), key=lambda kv: -kv[1])[:15]:
    name = func if len(func) <= 110 else func[:107] + "..."
    print(f"| `{name}` | {n / 1e6:,.1f} | {100 * n / total:.1f} % |")
PY
  done
} | tee "$out"
