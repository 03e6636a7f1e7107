#include "models/cache/CacheArray.h"

#include <stdexcept>

namespace sttvp {

CacheArray::CacheArray(std::uint64_t sets, unsigned ways)
    : sets_(sets),
      ways_(ways),
      set_mask_(sets - 1),
      tags_(sets * ways, kEmpty),
      stamps_(sets * ways, 0) {
  if (sets == 0 || (sets & (sets - 1)) != 0)
    throw std::invalid_argument("cache set count must be a power of two");
  if (ways == 0) throw std::invalid_argument("cache needs at least one way");
}

unsigned CacheArray::victim(std::uint64_t set, unsigned first, unsigned end) const {
  // Stamps of valid ways are distinct and >= 1; invalid ways' are 0, and the first one wins.
  if (first >= end) return first;
  const std::uint64_t* stamp = &stamps_[set * ways_];
  unsigned best = first;
  std::uint64_t oldest = stamp[first];
  for (unsigned w = first + 1; w < end; ++w) {
    const bool older = stamp[w] < oldest;
    oldest = older ? stamp[w] : oldest;
    best = older ? w : best;
  }
  return best;
}

}  // namespace sttvp
