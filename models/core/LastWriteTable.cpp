#include "models/core/LastWriteTable.h"

#include <utility>

namespace sttvp {

LastWriteTable::LastWriteTable(std::size_t capacity) {
  std::size_t n = 2;
  unsigned bits = 1;
  while (n < capacity) {
    n <<= 1;
    ++bits;
  }
  slots_.assign(n, Slot{});
  mask_ = n - 1;
  shift_ = 64 - bits;
}

void LastWriteTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  std::swap(old, slots_);
  mask_ = slots_.size() - 1;
  --shift_;
  for (const Slot& s : old)
    if (s.key != kEmpty) slots_[index_of(s.key - 1)] = s;
}

}  // namespace sttvp
