#include "sw/fault/BitFlipSampler.h"

#include <stdexcept>
#include <string>

namespace sttvp::sw {

BitFlipSampler::BitFlipSampler(double p, std::uint32_t mask, FaultRate rate)
    : p_(p), mask_(mask), per_value_(rate == FaultRate::PerValue), all_(p >= 1.0), inv_log_q_(0.0) {
  if (!(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument("BitFlipSampler: p = " + std::to_string(p) + " is not in [0, 1]");
  if (mask == 0) throw std::invalid_argument("BitFlipSampler: the bit mask selects no bit");
  for (unsigned b = 0; b < 32; ++b)
    if ((mask >> b) & 1u) bits_[m_++] = static_cast<std::uint8_t>(b);
  // log1p keeps full precision for tiny p, where 1 - p would round.
  if (p > 0.0 && !all_) inv_log_q_ = 1.0 / std::log1p(-p);
}

}  // namespace sttvp::sw
