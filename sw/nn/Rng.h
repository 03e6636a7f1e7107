// Seeded pseudo-random numbers whose sequence is fixed by this file alone (the standard library's
// distributions are implementation-defined), so initial weights and epoch orders are the same on
// every host and standard library.
#pragma once

#include <cstdint>

namespace sttvp::sw {

// xoshiro256** (Blackman and Vigna), its 256-bit state filled from the seed by SplitMix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  // Uniform in [0, 1) on the grid of 2^-24 (the top 24 bits), so every value is an exact float.
  float uniform();
  float uniform(float lo, float hi);
  // Uniform integer in [0, n) for n > 0, without modulo bias (rejection of the short last lap).
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t s_[4];
};

}  // namespace sttvp::sw
