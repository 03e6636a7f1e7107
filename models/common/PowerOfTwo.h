// Powers of two: geometry checks, and the shifts and masks that replace 64-bit divisions (dozens
// of cycles each) in per-access address arithmetic.
#pragma once

#include <cstdint>

namespace sttvp {

constexpr bool is_power_of_two(std::uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

// log2(v) for a power of two v (for other v, log2 of the next power of two).
constexpr unsigned log2_ceil(std::uint64_t v) {
  unsigned s = 0;
  while ((std::uint64_t{1} << s) < v) ++s;
  return s;
}

}  // namespace sttvp
