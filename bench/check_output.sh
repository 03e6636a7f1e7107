#!/usr/bin/env bash
# bench/check_output.sh FILE  -  checks that a report of bench/run.sh has every table and row, with
# numbers where numbers belong (n/a where a measurement could not run). Speed is not checked.
set -Eeuo pipefail
file="$1"
awk '
  function num(s) { gsub(/^ +| +$/, "", s); sub(/ %$/, "", s); return s ~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/ }
  function na(s) { gsub(/^ +| +$/, "", s); return s ~ /^n\/a/ }
  function bad(msg) { print "bench output: line " NR ": " msg ": " $0 > "/dev/stderr"; errors++ }
  /^### / { section = $2; next }
  /^\|---/ || !/^\|/ { next }
  { n = split($0, c, "|") - 2 }  # cells c[2] .. c[n + 1]
  section == "1." && c[3] ~ /^ (native|simulated),/ {
    rows1++
    if (n != 7) bad("7 cells expected")
    for (i = 4; i <= 8; i++) if (!num(c[i])) bad("cell " i - 1 " is not a number")
  }
  section == "1." && c[3] ~ /epoch/ {
    epoch++
    if (n != 7) bad("7 cells expected")
    for (i = 4; i <= 7; i++) if (!num(c[i]) && !na(c[i])) bad("cell " i - 1 " is not a number")
  }
  section == "2." && c[2] ~ /lenet|mlp/ {
    rows2++
    if (n != 6) bad("6 cells expected")
    for (i = 3; i <= 6; i++) if (!num(c[i]) && !na(c[i])) bad("cell " i - 1 " is not a number")
  }
  section == "3." && c[2] ~ /lenet|mlp/ {
    rows3++
    if (n != 5) bad("5 cells expected")
    for (i = 4; i <= 6; i++) if (!num(c[i])) bad("cell " i - 1 " is not a number")
  }
  section == "4." && num(c[2]) {
    rows4++
    for (i = 2; i <= 4; i++) if (!num(c[i])) bad("cell " i - 1 " is not a number")
  }
  section == "5." && num(c[2]) {
    rows5++
    if (n != 4) bad("4 cells expected")
    for (i = 3; i <= 5; i++) if (!num(c[i])) bad("cell " i - 1 " is not a number")
  }
  section == "Noise" && num(c[2]) {
    noise++
    if (n != 7) bad("7 cells expected")
    for (i = 2; i <= 8; i++) { s = c[i]; sub(/\(.*\)/, "", s); if (!num(s)) bad("cell " i - 1 " is not a number") }
  }
  END {
    if (rows1 != 12) { print "bench output: " rows1 + 0 " of 12 training-step rows" > "/dev/stderr"; errors++ }
    if (epoch != 1) { print "bench output: no native-epoch row" > "/dev/stderr"; errors++ }
    if (rows2 != 2) { print "bench output: " rows2 + 0 " of 2 Cachegrind rows" > "/dev/stderr"; errors++ }
    if (rows3 != 8) { print "bench output: " rows3 + 0 " of 8 throughput rows" > "/dev/stderr"; errors++ }
    if (rows4 != 1) { print "bench output: no metadata row" > "/dev/stderr"; errors++ }
    if (rows5 != 6) { print "bench output: " rows5 + 0 " of 6 cost-per-access rows" > "/dev/stderr"; errors++ }
    if (noise != 1) { print "bench output: no noise row" > "/dev/stderr"; errors++ }
    exit errors > 0
  }' "$file"
echo "bench output: $file parses"
