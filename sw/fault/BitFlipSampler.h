// Which bits of a buffer of IEEE-754 binary32 values flip, when every bit selected by a mask flips
// independently with probability p (the other bits never flip).
//
// The selected bits of the buffer form one stream of N = elements x m bits (m = bits set in the
// mask; element-major, bits in increasing order within an element). Instead of one Bernoulli draw
// per bit, the sampler draws the gaps between flips: the number of bits that survive before the
// next flip is geometric, G = floor(ln U / ln(1 - p)) with U uniform in (0, 1), since
// P(G >= k) = (1 - p)^k. A buffer costs 1 + N p draws on average, whatever its size, and the
// flips are exactly those of independent per-bit trials (up to the 52-bit resolution of U).
//
// Per value (FaultRate::PerValue) the stream is the N = elements values instead: the gaps between
// hit values are geometric in the same way, and each hit draws which of its m selected bits
// flips, uniformly (one more draw per hit): 1 + 2 N p draws.
//
// The draws come from one CounterRng stream, so a flip set is a pure function of the stream's key:
// the caller chooses the key (run seed, step, layer, tensor, share, read) and the same key always
// gives the same flips.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "models/common/CounterRng.h"
#include "sw/fault/FaultConfig.h"

namespace sttvp::sw {

class BitFlipSampler {
 public:
  // p in [0, 1], per bit or per value (rate); mask: bit i selects bit i of the float (0 = least
  // significant mantissa bit, 23-30 exponent, 31 sign). Throws std::invalid_argument for p outside
  // [0, 1] or an empty mask.
  BitFlipSampler(double p, std::uint32_t mask, FaultRate rate = FaultRate::PerBit);

  double p() const { return p_; }
  std::uint32_t mask() const { return mask_; }
  FaultRate rate() const { return per_value_ ? FaultRate::PerValue : FaultRate::PerBit; }
  unsigned bits_per_element() const { return m_; }
  // Mean number of flips in `elements` values.
  double expected_flips(std::uint64_t elements) const {
    return p_ * static_cast<double>(elements) * (per_value_ ? 1 : m_);
  }

  // Calls on_flip(element, bit) for every flipped bit of elements [0, elements), in increasing
  // order of position in the bit stream. Returns the number of flips.
  template <class OnFlip>
  std::uint64_t sample(CounterRng::Stream& stream, std::uint64_t elements, OnFlip&& on_flip) const {
    if (p_ <= 0.0 || elements == 0) return 0;
    if (per_value_) return sample_values(stream, elements, on_flip);
    const std::uint64_t total = elements * m_;
    std::uint64_t flips = 0;
    std::uint64_t pos = 0;  // next bit of the stream that has not been decided
    while (pos < total) {
      if (!all_) {
        const double gap = std::floor(std::log(stream.next_uniform()) * inv_log_q_);
        if (gap >= static_cast<double>(total - pos)) break;
        pos += static_cast<std::uint64_t>(gap);
      }
      on_flip(pos / m_, static_cast<unsigned>(bits_[pos % m_]));
      ++flips;
      ++pos;
    }
    return flips;
  }

  // Per value: calls on_flip(element, bit) for each hit value, in increasing element order.
  template <class OnFlip>
  std::uint64_t sample_values(CounterRng::Stream& stream, std::uint64_t elements,
                              OnFlip&& on_flip) const {
    std::uint64_t flips = 0;
    for (std::uint64_t e = 0; e < elements; ++e) {
      if (!all_) {
        const double gap = std::floor(std::log(stream.next_uniform()) * inv_log_q_);
        if (gap >= static_cast<double>(elements - e)) break;
        e += static_cast<std::uint64_t>(gap);
      }
      on_flip(e, static_cast<unsigned>(bits_[stream.next_below(m_)]));
      ++flips;
    }
    return flips;
  }

  // The mask of bits 23-30 (the exponent), 0-22 (the mantissa), 31 (the sign), all 32.
  static constexpr std::uint32_t kExponent = 0x7f800000u;
  static constexpr std::uint32_t kMantissa = 0x007fffffu;
  static constexpr std::uint32_t kSign = 0x80000000u;
  static constexpr std::uint32_t kAll = 0xffffffffu;

 private:
  double p_;
  std::uint32_t mask_;
  bool per_value_;                       // FaultRate::PerValue
  bool all_;                             // p = 1: every selected bit (or value) is hit
  double inv_log_q_;                     // 1 / ln(1 - p)
  std::array<std::uint8_t, 32> bits_{};  // the selected bit indices, increasing
  unsigned m_ = 0;
};

}  // namespace sttvp::sw
