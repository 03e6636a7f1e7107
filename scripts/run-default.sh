#!/usr/bin/env bash
# The README's first command: set everything up, then run the default job on embedded defaults.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/sttvp run --config configs/skylake-sram.json --out results/default
