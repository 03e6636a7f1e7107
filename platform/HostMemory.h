// How much memory this process may use: a config whose simulator state needs more is refused
// before anything is allocated, naming the key that asks for it (instead of std::bad_alloc, or
// the kernel's OOM killer, somewhere in the middle of building the platform).
#pragma once

#include <cstdint>
#include <string>

namespace sttvp {

class HostMemory {
 public:
  // The machine's physical memory, lowered to this process's address-space limit (ulimit -v) or
  // its cgroup's memory.max where those are smaller; 0 if none is known.
  static std::uint64_t bytes();
  // "1.5 GiB".
  static std::string gib(double bytes);
};

}  // namespace sttvp
