// Which bits of a line an event (a write, a read) leaves wrong, each of the n bits independently
// with probability p: the count from Binomial(n, p), then the positions, uniformly. The count
// costs one uniform when no bit fails (probability (1 - p)^n, close to 1 for the rates of a
// cache), and a second only otherwise, inverting the binomial conditioned on at least one.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/CounterRng.h"

namespace sttvp {

class BitFaultSampler {
 public:
  // Throws std::invalid_argument unless 0 <= p < 1 and 0 < n.
  BitFaultSampler(std::uint32_t bits, double p);

  std::uint32_t bits() const { return n_; }
  double bit_probability() const { return p_; }
  // P(at least one of the n bits fails) = 1 - (1 - p)^n.
  double line_probability() const { return any_; }

  // The failing bits of one event, ascending, into `out` (cleared first; no allocation once it
  // has grown).
  void draw(CounterRng::Stream& stream, std::vector<std::uint32_t>& out) const;
  // The same for an event known to leave at least one bit wrong: the count from the binomial
  // conditioned on K >= 1, then the positions.
  void draw_failing(CounterRng::Stream& stream, std::vector<std::uint32_t>& out) const;

 private:
  std::uint32_t n_;
  double p_;
  double any_;    // 1 - (1 - p)^n
  double first_;  // P(exactly one) / P(at least one)
};

}  // namespace sttvp
