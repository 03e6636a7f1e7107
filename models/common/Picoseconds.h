// Integer picoseconds to sc_time on the per-transaction path. The models keep time in whole ps
// (the platform's time resolution; Core checks it) and convert at each TLM call; the library's
// sc_time::from_value is an out-of-line call, while sc_time's own inline scaling (a double
// product plus 0.5, truncated) is exact for any whole number of ps below 2^52 (75 min), where a
// double still holds x + 0.5 exactly.
#pragma once

#include <cstdint>
#include <systemc>

namespace sttvp {

inline sc_core::sc_time picoseconds(std::uint64_t ps) {
  if (ps >= (std::uint64_t{1} << 52)) return sc_core::sc_time::from_value(ps);
  static const sc_core::sc_time one = sc_core::sc_time::from_value(1);
  return one * static_cast<double>(ps);
}

}  // namespace sttvp
