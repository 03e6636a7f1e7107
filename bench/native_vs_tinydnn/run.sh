#!/usr/bin/env bash
# bench/native_vs_tinydnn/run.sh [REPETITIONS]  -  speed of our native LeNet-5 training against the
# reference library.
#
# Times one epoch of LeNet-5 training on the 8,000-sample MNIST split (data/mnist, from
# scripts/fetch-mnist.sh), single-threaded, REPETITIONS times (default 5) each:
#   ours      "$sttvp" train --net lenet --native --epochs 1 (train.csv's wall_s: the training
#             steps of the epoch, evaluation excluded);
#   tiny-dnn  Debian's tiny-dnn 1.0.0a3, same topology, data, optimizer (Adam 0.001), minibatch
#             16 and loss, built with -O3 -DCNN_SINGLE_THREAD -DCNN_USE_AVX (tinydnn_lenet.cpp);
# and prints the medians and their ratio. Not part of the test suite.
#
# Installs what tiny-dnn needs if it is missing (tiny-dnn, libcereal-dev, libstb-dev,
# libgemmlowp-dev; as root), and builds the reference program in build-bench/ (tiny-dnn expects
# stb under third_party/stb/, so an include folder with links to /usr/include/stb is made there).
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
reps="${1:-5}"
out=build-bench/native_vs_tinydnn
mkdir -p "$out/include/third_party/stb"

missing=()
for p in tiny-dnn libcereal-dev libstb-dev libgemmlowp-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for h in stb_image.h stb_image_resize.h stb_image_write.h; do
  ln -sf "/usr/include/stb/$h" "$out/include/third_party/stb/$h"
done

if [[ ! -x "$out/tinydnn_lenet" || bench/native_vs_tinydnn/tinydnn_lenet.cpp -nt "$out/tinydnn_lenet" ]]; then
  echo "building $out/tinydnn_lenet" >&2
  g++ -std=c++14 -O3 -mavx2 -mfma -DNDEBUG -DCNN_SINGLE_THREAD -DCNN_USE_AVX -I"$out/include" \
    bench/native_vs_tinydnn/tinydnn_lenet.cpp -o "$out/tinydnn_lenet" -lpthread
fi
sttvp="${STTVP:-build/sttvp}"
if [[ ! -x "$sttvp" ]]; then
  echo "$sttvp is missing: run scripts/test.sh or cmake --build build first (or set STTVP)" >&2
  exit 2
fi
[[ -f data/mnist/train-images-idx3-ubyte ]] || bash scripts/fetch-mnist.sh

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

ours=()
for ((i = 0; i < reps; i++)); do
  dir=$(mktemp -d)
  "$sttvp" train --net lenet --native --epochs 1 --quiet --out "$dir/r"
  ours+=("$(awk -F, 'NR == 2 {print $5}' "$dir/r/train.csv")")
  echo "ours     epoch ${ours[-1]} s, test accuracy $(awk -F, 'NR == 2 {print $4}' "$dir/r/train.csv")"
  rm -rf "$dir"
done
"$out/tinydnn_lenet" data/mnist "$reps" > "$out/last-run.txt"
cat "$out/last-run.txt"
mapfile -t theirs < <(awk '{print $3}' "$out/last-run.txt")

m_ours=$(printf '%s\n' "${ours[@]}" | median)
m_theirs=$(printf '%s\n' "${theirs[@]}" | median)
echo "median epoch (8,000 samples, 1 thread): ours ${m_ours} s, tiny-dnn ${m_theirs} s," \
  "tiny-dnn / ours = $(awk -v a="$m_theirs" -v b="$m_ours" 'BEGIN {printf "%.2f", a / b}')"
