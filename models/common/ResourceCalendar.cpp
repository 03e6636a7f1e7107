#include "models/common/ResourceCalendar.h"

#include <algorithm>
#include <stdexcept>

namespace sttvp {

ResourceCalendar::ResourceCalendar(std::uint64_t slot_ps, std::uint64_t horizon_ps)
    : slot_ps_(slot_ps), reciprocal_(slot_ps > 0 ? ~std::uint64_t{0} / slot_ps : 0) {
  if (slot_ps == 0) throw std::invalid_argument("calendar slot length must be positive");
  const std::uint64_t n = words(slot_ps, horizon_ps);
  mask_ = n - 1;
  ring_.assign(n, Entry{~std::uint64_t{0}, 0});
}

std::uint64_t ResourceCalendar::words(std::uint64_t slot_ps, std::uint64_t horizon_ps) {
  std::uint64_t n = 16;
  while (n * 64 * slot_ps < horizon_ps && n < (std::uint64_t{1} << 24)) n <<= 1;
  return n;
}

std::uint64_t ResourceCalendar::bytes(std::uint64_t slot_ps, std::uint64_t horizon_ps) {
  return words(std::max<std::uint64_t>(1, slot_ps), horizon_ps) * sizeof(Entry);
}

std::uint64_t& ResourceCalendar::word(std::uint64_t w) {
  Entry& e = ring_[w & mask_];
  if (e.tag != w) {
    e.tag = w;
    e.bits = 0;
  }
  return e.bits;
}

void ResourceCalendar::occupy(std::uint64_t s, std::uint64_t n) {
  while (n > 0) {
    const unsigned b = s & 63;
    const std::uint64_t span = std::min<std::uint64_t>(64 - b, n);
    const std::uint64_t window = span == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << span) - 1);
    word(s >> 6) |= window << b;
    s += span;
    n -= span;
  }
}

std::uint64_t ResourceCalendar::book(std::uint64_t arrival_ps, std::uint64_t service_ps) {
  if (service_ps == 0) return arrival_ps;
  const std::uint64_t n = slots(service_ps + slot_ps_ - 1);
  std::uint64_t s = slots(arrival_ps);
  // Word by word from the arrival's (slots before the arrival count as taken). In each word, a
  // run that begins in earlier words (`carry` free slots up to this word) and continues at the
  // bottom of this one starts first; then the free runs inside the word, lowest first: the first
  // one at least `n` long is the first fit. A run that reaches the top of the word and is too
  // short becomes the carry into the next one.
  std::uint64_t w = s >> 6;
  std::uint64_t busy = word(w) | ((std::uint64_t{1} << (s & 63)) - 1);
  std::uint64_t carry = 0;
  while (true) {
    const std::uint64_t bottom = busy == 0 ? 64 : static_cast<std::uint64_t>(__builtin_ctzll(busy));
    if (carry > 0 && carry + bottom >= n) {
      s = w * 64 - carry;
      occupy(s, n);
      return std::max(arrival_ps, s * slot_ps_);
    }
    for (std::uint64_t free = ~busy; free != 0;) {
      const unsigned p = static_cast<unsigned>(__builtin_ctzll(free));
      const std::uint64_t above = busy >> p;
      const std::uint64_t len =
          above == 0 ? 64 - p : static_cast<std::uint64_t>(__builtin_ctzll(above));
      if (len >= n) {
        word(w) |= (n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1) << p;
        return std::max(arrival_ps, (w * 64 + p) * slot_ps_);
      }
      if (above == 0) break;  // the run reaches the top of the word
      free &= ~std::uint64_t{0} << (p + len);
    }
    // The free slots at the top of this word, joined to the carry if the word is all free.
    carry = busy == 0 ? carry + 64 : static_cast<std::uint64_t>(__builtin_clzll(busy));
    busy = word(++w);
  }
}

}  // namespace sttvp
