#include "models/cache/FlipPool.h"

#include <algorithm>
#include <iterator>

namespace sttvp {

FlipPool::Record& FlipPool::acquire(std::uint32_t& slot, bool transient, double first_x) {
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(records_.size());
    records_.emplace_back();
  }
  slot = index + 1;
  Record& r = records_[index];
  r.bits.clear();  // a reused record (cleared here rather than when freed: one host miss less)
  r.first_x = first_x;
  r.transient = transient;
  return r;
}

void FlipPool::release(std::uint32_t& slot) {
  if (slot == 0) return;
  free_.push_back(slot - 1);
  slot = 0;
}

void FlipPool::fresh_bits(const Record& r, const std::vector<std::uint32_t>& found,
                          std::vector<std::uint32_t>& fresh) {
  fresh.clear();
  std::set_difference(found.begin(), found.end(), r.bits.begin(), r.bits.end(),
                      std::back_inserter(fresh));
}

void FlipPool::add_bits(Record& r, const std::vector<std::uint32_t>& fresh) {
  // Merged from the back, in place: no allocation once the record has grown.
  std::size_t i = r.bits.size(), j = fresh.size(), k = i + j;
  r.bits.resize(k);
  while (j > 0) r.bits[--k] = i > 0 && r.bits[i - 1] > fresh[j - 1] ? r.bits[--i] : fresh[--j];
}

}  // namespace sttvp
