#include "models/cache/SecDed.h"

#include <algorithm>

namespace sttvp {

SecDed::Outcome SecDed::decode(const std::vector<std::uint32_t>& bits, std::uint32_t data_bits,
                               std::vector<std::uint32_t>& visible) {
  Outcome out;
  visible.clear();
  // Data cells come first in `bits`, then check cells, each part ascending, so the codewords of
  // both parts come in order: walk the two parts together, one codeword at a time.
  const std::size_t data_end = static_cast<std::size_t>(
      std::lower_bound(bits.begin(), bits.end(), data_bits) - bits.begin());
  std::size_t d = 0, c = data_end;
  auto word_of_check = [&](std::size_t i) { return (bits[i] - data_bits) / kCheckBits; };
  while (d < data_end || c < bits.size()) {
    const std::uint32_t word =
        d < data_end && (c == bits.size() || bits[d] / kWordBits <= word_of_check(c))
            ? bits[d] / kWordBits
            : word_of_check(c);
    const std::size_t first = d;
    while (d < data_end && bits[d] / kWordBits == word) ++d;
    std::size_t n = d - first;
    while (c < bits.size() && word_of_check(c) == word) ++c, ++n;
    if (n == 1) {
      ++out.corrected;
    } else {
      ++(n == 2 ? out.detected : out.silent);
      visible.insert(visible.end(), bits.begin() + static_cast<long>(first),
                     bits.begin() + static_cast<long>(d));
    }
  }
  return out;
}

}  // namespace sttvp
