// Facts about the host that the process pools need: a monotonic clock, the cores this process
// may use, and the path of the running sttvp executable (which the pools start as children).
#pragma once

#include <string>

namespace sttvp {

struct Host {
  // Seconds on a monotonic clock (differences only).
  static double now_seconds();
  // Cores in this process's affinity mask (at least 1).
  static unsigned cores();
  // The running executable, from /proc/self/exe. Throws std::runtime_error if unknown.
  static std::string self_executable();
};

}  // namespace sttvp
