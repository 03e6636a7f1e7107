#!/usr/bin/env bash
# System test: install the models from BUILD into a temporary prefix, build examples/embed (a
# third-party TLM-2.0 platform) against the installed package, run it and check its output.
#   embed_installed.sh BUILD_DIR SOURCE_DIR [EXTRA_CXX_FLAGS]
set -Eeuo pipefail
build=$1
src=$2
flags=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/sttvp-embed-XXXXXX")
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
test -f "$work/prefix/lib/cmake/sttvp/sttvpConfig.cmake"
test -f "$work/prefix/include/sttvp/models/cache/Llc.h"
test -f "$work/prefix/include/sttvp/sw/probe/Probe.h"
# The LLC package does not bring the training stack (sw/nn, sw/train, ..., Eigen) with it.
if [[ -e "$work/prefix/include/sttvp/sw/nn" ]] || ls "$work/prefix/lib"/libsttvp_sw* >/dev/null 2>&1; then
  echo "embed_installed: the training stack was installed with the models" >&2
  exit 1
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$src/examples/embed" -B "$work/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

out=$("$work/build/embed_llc" "$src/examples/embed/llc.json")
echo "$out"
expect() {
  grep -Eq "$1" <<<"$out" || { echo "embed_installed: output lacks /$1/" >&2; exit 1; }
}
expect ', 0 transaction errors'
expect '^read-back check: [0-9]+ wrong bits, ok'
expect '^memory: [0-9]+ transactions, 0 debug accesses, 1 DMI grants'
expect '^llc\.writes +512 lines'
expect '^llc\.read_hits +512 lines'
expect '^llc\.write_misses +512 lines'
expect '^llc\.read_misses +4096 lines'
expect '^llc\.fills +4096 lines'
expect '^llc\.writebacks +512 lines'
expect '^llc\.sttram\.retention_s +1 s'
# A bad config is an input error naming the file and the key.
bad="$work/bad.json"
sed 's/"ways": 4/"ways": 3/' "$src/examples/embed/llc.json" >"$bad"
if err=$("$work/build/embed_llc" "$bad" 2>&1); then
  echo "embed_installed: a bad config was accepted" >&2
  exit 1
fi
grep -q "bad.json: llc.size_bytes" <<<"$err" || { echo "unexpected error: $err" >&2; exit 1; }
echo "embed_installed: ok"
