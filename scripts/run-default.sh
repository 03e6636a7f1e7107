#!/usr/bin/env bash
# The README's first command: set everything up, then run the default study (`sttvp study --quick`,
# the embedded default spec) and print where its report and figures are.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/sttvp study --quick --out results/study
