// Line number -> simulated time of its last write, shared by every core's private hierarchy (the
// hierarchy write-to-read distance, models/core/HierarchyDistance). Open addressing with linear
// probing over a power-of-two array of (line, time) pairs, kept at most half full: a lookup is a
// hash and usually one probe, with no allocation per access. Entries are never removed (a
// training region touches a bounded set of lines).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sttvp {

class LastWriteTable {
 public:
  // Room for `capacity` slots (rounded up to a power of two, at least 2) before it first grows.
  explicit LastWriteTable(std::size_t capacity = std::size_t{1} << 16);

  // Records that `line` was written at `t_ps`, replacing its earlier time.
  void set(std::uint64_t line, std::uint64_t t_ps) {
    std::size_t i = index_of(line);
    if (slots_[i].key == kEmpty) {
      if (2 * (size_ + 1) > slots_.size()) {
        grow();
        i = index_of(line);
      }
      ++size_;
      slots_[i].key = line + 1;
    }
    slots_[i].t_ps = t_ps;
  }
  // The time of `line`'s last write into `t_ps`; false if it was never written.
  bool find(std::uint64_t line, std::uint64_t& t_ps) const {
    const Slot& s = slots_[index_of(line)];
    if (s.key == kEmpty) return false;
    t_ps = s.t_ps;
    return true;
  }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  static constexpr std::uint64_t kEmpty = 0;  // keys are line + 1
  struct Slot {
    std::uint64_t key = kEmpty;
    std::uint64_t t_ps = 0;
  };
  // The slot holding `line`, or the empty slot where it would go.
  std::size_t index_of(std::uint64_t line) const {
    // Fibonacci hashing: consecutive lines (a tensor's) spread over the whole array.
    std::size_t i = static_cast<std::size_t>((line * 0x9E3779B97F4A7C15ull) >> shift_);
    while (slots_[i].key != kEmpty && slots_[i].key != line + 1) i = (i + 1) & mask_;
    return i;
  }
  void grow();

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 0;  // 64 - log2(slots_.size())
  std::size_t size_ = 0;
};

}  // namespace sttvp
