// Bit-level tests for IEEE-754 binary32 values, written so that compilers vectorise the loops (a
// NaN or an infinity is a value whose eight exponent bits are all ones).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sttvp::sw {

inline constexpr std::uint32_t kFloatExponentMask = 0x7f800000u;

inline std::uint32_t float_bits(float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

inline float bits_float(std::uint32_t u) {
  float v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

inline bool nonfinite_bits(std::uint32_t u) {
  return (u & kFloatExponentMask) == kFloatExponentMask;
}

// Values in p[0, n) that are NaN or infinite.
inline std::size_t count_nonfinite(const float* p, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += nonfinite_bits(float_bits(p[i])) ? 1 : 0;
  return count;
}

}  // namespace sttvp::sw
