# Sourced by the bench scripts: what must be there before they measure anything.
# need_built TOOL BUILD TARGET...: the executables of TARGET... in build folder BUILD (sttvp at
# its top, the bench programs in bench/), else exit 2 with the command that builds them.
need_built() {
  local tool="$1" build="$2" target exe
  shift 2
  for target; do
    exe="$build/$target"
    [[ "$target" == sttvp ]] || exe="$build/bench/$target"
    if [[ ! -x "$exe" ]]; then
      echo "$tool: $exe is missing: cmake --build $build --target $*" >&2
      exit 2
    fi
  done
}
# need_mnist TOOL: the converted MNIST set in data/mnist, else exit 77 (a ctest skip).
need_mnist() {
  if [[ ! -f data/mnist/train-images-idx3-ubyte ]]; then
    echo "$1: data/mnist is missing: run scripts/fetch-mnist.sh" >&2
    exit 77
  fi
}
# need_tools TOOL PACKAGES COMMAND...: every COMMAND on the PATH, else exit 2 naming the Debian
# PACKAGES that provide them.
need_tools() {
  local tool="$1" packages="$2" command
  shift 2
  for command; do
    if ! command -v "$command" >/dev/null; then
      echo "$tool: needs $command (apt-get install $packages)" >&2
      exit 2
    fi
  done
}
