#include "models/cache/CacheArray.h"

#include <stdexcept>

namespace sttvp {

CacheArray::CacheArray(std::uint64_t sets, unsigned ways)
    : sets_(sets),
      ways_(ways),
      set_mask_(sets - 1),
      tags_(sets * ways, kInvalid),
      stamps_(sets * ways, 0),
      dirty_(sets * ways, 0) {
  if (sets == 0 || (sets & (sets - 1)) != 0)
    throw std::invalid_argument("cache set count must be a power of two");
  if (ways == 0) throw std::invalid_argument("cache needs at least one way");
}

unsigned CacheArray::victim(std::uint64_t set, unsigned first, unsigned end) const {
  const std::size_t base = set * ways_;
  unsigned best = first;
  std::uint64_t oldest = ~std::uint64_t{0};
  for (unsigned w = first; w < end; ++w) {
    if (tags_[base + w] == kInvalid) return w;
    if (stamps_[base + w] < oldest) {
      oldest = stamps_[base + w];
      best = w;
    }
  }
  return best;
}

}  // namespace sttvp
