#!/usr/bin/env bash
# bench/check_breakdown.sh FILE: the output of bench/breakdown.sh has, for each net, a header
# with a positive instruction count and a parts table whose shares add up to 100 %.
set -Eeuo pipefail
file="$1"
grep -Eq '^### (lenet|mlp): [0-9][0-9,.]* M instructions per warm step, [1-9][0-9,]* LLC transactions' "$file" || {
  echo "check_breakdown: $file: no per-net header with counts" >&2
  exit 1
}
awk -F' [|] ' '
  /^### / { if (seen) check(); seen = 1; sum = 0; rows = 0 }
  /^\| .* \| [0-9][0-9,.]* \| [0-9.]+ % \| [0-9,]+ \|$/ { sum += $3 + 0; rows++ }
  function check() {
    if (rows < 7 || sum < 99.5 || sum > 100.5) {
      printf "check_breakdown: %d parts adding up to %.1f %%\n", rows, sum > "/dev/stderr"
      bad = 1
    }
  }
  END { if (seen) check(); exit bad }
' "$file"
