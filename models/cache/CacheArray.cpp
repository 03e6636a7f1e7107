#include "models/cache/CacheArray.h"

#include <stdexcept>

#include "models/common/PowerOfTwo.h"

namespace sttvp {

CacheArray::CacheArray(std::uint64_t sets, unsigned ways)
    : sets_(sets),
      ways_(ways),
      set_mask_(sets - 1),
      tags_(sets * ways, kEmpty),
      rank_stride_((ways + 7) / 8 * 8) {
  if (!is_power_of_two(sets)) throw std::invalid_argument("cache set count must be a power of two");
  if (ways == 0 || ways > 64) throw std::invalid_argument("cache ways must be 1 .. 64");
  ranks_.resize(sets * rank_stride_);
  for (std::size_t i = 0; i < ranks_.size(); ++i) {
    const unsigned w = static_cast<unsigned>(i % rank_stride_);
    ranks_[i] = static_cast<std::uint8_t>(w < ways ? w : 0x7f);
  }
}

unsigned CacheArray::victim(std::uint64_t set, unsigned first, unsigned end) const {
  if (first >= end) return first;
  const std::uint8_t* rank = &ranks_[set * rank_stride_];
  if (first == 0 && end == ways_) {
    if (const int w = first_match(set, kEmpty); w >= 0) return static_cast<unsigned>(w);
    // Every way valid: the LRU way holds the highest rank, ways - 1, exactly once. Eight ranks
    // at a time, the first zero byte of rank ^ (ways - 1) marks it.
    const std::uint64_t key = (ways_ - 1) * 0x0101010101010101;
    for (unsigned i = 0;; i += 8) {
      std::uint64_t r;
      std::memcpy(&r, rank + i, 8);
      const std::uint64_t x = r ^ key;
      const std::uint64_t zero = (x - 0x0101010101010101) & ~x & 0x8080808080808080;
      if (zero != 0) return i + static_cast<unsigned>(__builtin_ctzll(zero)) / 8;
    }
  }
  // A range of ways (hybrid placement).
  const std::uint64_t* tag = &tags_[set * ways_];
  unsigned best = first;
  for (unsigned w = first; w < end; ++w) {
    if (tag[w] == kEmpty) return w;
    best = rank[w] > rank[best] ? w : best;
  }
  return best;
}

}  // namespace sttvp
