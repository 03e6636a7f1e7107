#include "models/cache/SecDed.h"

namespace sttvp {

SecDed::Outcome SecDed::decode(const std::vector<std::uint32_t>& bits,
                               std::vector<std::uint32_t>& visible) {
  Outcome out;
  visible.clear();
  for (std::size_t i = 0; i < bits.size();) {
    std::size_t j = i;
    while (j < bits.size() && bits[j] / kWordBits == bits[i] / kWordBits) ++j;
    const std::size_t n = j - i;
    if (n == 1) {
      ++out.corrected;
    } else {
      ++(n == 2 ? out.detected : out.silent);
      visible.insert(visible.end(), bits.begin() + static_cast<long>(i),
                     bits.begin() + static_cast<long>(j));
    }
    i = j;
  }
  return out;
}

}  // namespace sttvp
