// A set-associative tag array with true LRU replacement and dirty bits: the bookkeeping shared by
// the private L1D/L2 caches and the LLC. It holds no data (data lives in the one backing store).
//
// Lines are identified by their line number (address / line size); the set is the line number's
// low bits, and the full line number is kept as the tag so a victim's address is known without
// recomposition. The dirty bit is the tag's top bit (line numbers are below 2^58), so checking a
// victim's dirty bit touches no memory beyond the tags the lookup just read. LRU keeps one byte
// per way, its recency rank in the set (0 = most recent; the ranks of a set are a permutation of
// 0 .. ways - 1): a touch moves the way to rank 0 and ages the ways that were more recent, so a
// set's LRU state is `ways` bytes in one host cache line. The victim is the first invalid way,
// else the valid way of the highest rank.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace sttvp {

class CacheArray {
 public:
  static constexpr std::uint64_t kInvalid = ~std::uint64_t{0};

  // `sets` must be a power of two, `ways` at most 64.
  CacheArray(std::uint64_t sets, unsigned ways);

  std::uint64_t sets() const { return sets_; }
  unsigned ways() const { return ways_; }
  std::uint64_t set_of(std::uint64_t line) const { return line & set_mask_; }
  std::size_t index(std::uint64_t set, unsigned way) const { return set * ways_ + way; }

  // The way of `set_of(line)` holding `line`, or -1.
  int find(std::uint64_t line) const { return first_match(set_of(line), line); }

  // Starts loading a set's tags and ranks into the host's caches, so that they arrive together
  // (a large array's sets are rarely cached; the loads would otherwise wait one after another).
  void prefetch(std::uint64_t set) const {
    const char* tag = reinterpret_cast<const char*>(&tags_[set * ways_]);
    for (unsigned b = 0; b < ways_ * sizeof(std::uint64_t); b += 64) __builtin_prefetch(tag + b);
    __builtin_prefetch(&ranks_[set * rank_stride_]);
  }

  void touch(std::uint64_t set, unsigned way) {
    std::uint8_t* rank = &ranks_[set * rank_stride_];
    const std::uint64_t mine = rank[way];
    if (mine == 0) return;  // already the most recent
    // Eight ranks at a time: a byte's high bit of (rank | 0x80) - mine stays set iff rank >=
    // mine (ranks and mine are below 0x80, so no byte borrows from the next); the others get +1.
    constexpr std::uint64_t kHigh = 0x8080808080808080;
    const std::uint64_t m = mine * 0x0101010101010101;
    for (unsigned i = 0; i < rank_stride_; i += 8) {
      std::uint64_t r;
      std::memcpy(&r, rank + i, 8);
      r += (~((r | kHigh) - m) & kHigh) >> 7;
      std::memcpy(rank + i, &r, 8);
    }
    rank[way] = 0;
  }

  // Replacement candidate among ways [first, end) of `set`: invalid first, else LRU.
  unsigned victim(std::uint64_t set, unsigned first, unsigned end) const;
  unsigned victim(std::uint64_t set) const { return victim(set, 0, ways_); }

  // The line in (set, way), or kInvalid.
  std::uint64_t line_at(std::uint64_t set, unsigned way) const {
    const std::uint64_t t = tags_[index(set, way)];
    return t == kEmpty ? kInvalid : t & ~kDirtyBit;
  }
  bool valid(std::uint64_t set, unsigned way) const { return tags_[index(set, way)] != kEmpty; }
  bool dirty(std::uint64_t set, unsigned way) const {
    return (tags_[index(set, way)] & kDirtyBit) != 0;
  }
  // (An invalid way stays invalid and clean.)
  void set_dirty(std::uint64_t set, unsigned way, bool d) {
    std::uint64_t& t = tags_[index(set, way)];
    if (t != kEmpty) t = d ? t | kDirtyBit : t & ~kDirtyBit;
  }

  // Places `line` in (set, way) as most recently used.
  void install(std::uint64_t set, unsigned way, std::uint64_t line, bool dirty) {
    tags_[index(set, way)] = dirty ? line | kDirtyBit : line;
    touch(set, way);
  }
  // (The way keeps its rank: ranks order only the valid ways that matter.)
  void invalidate(std::uint64_t set, unsigned way) { tags_[index(set, way)] = kEmpty; }

  // Bytes of tag/dirty and LRU state per line.
  static constexpr std::size_t kMetadataBytesPerLine = sizeof(std::uint64_t) + sizeof(std::uint8_t);

 private:
  static constexpr std::uint64_t kDirtyBit = std::uint64_t{1} << 63;
  // The tag of an invalid way: clean, and no line number (those are below 2^58).
  static constexpr std::uint64_t kEmpty = ~kDirtyBit;

  // The first way of `set` whose tag without the dirty bit is `key` (a line, or kEmpty for an
  // invalid way), or -1.
  int first_match(std::uint64_t set, std::uint64_t key) const {
    const std::uint64_t* t = &tags_[set * ways_];
#if defined(__AVX2__)
    // Four tags per compare (ways are a multiple of four in every usual geometry).
    if (ways_ % 4 == 0) {
      const __m256i k = _mm256_set1_epi64x(static_cast<long long>(key));
      const __m256i clean = _mm256_set1_epi64x(static_cast<long long>(~kDirtyBit));
      for (unsigned w = 0; w < ways_; w += 4) {
        const __m256i tags = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + w));
        const int hit = _mm256_movemask_pd(
            _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_and_si256(tags, clean), k)));
        if (hit != 0) return static_cast<int>(w + static_cast<unsigned>(__builtin_ctz(hit)));
      }
      return -1;
    }
#endif
    for (unsigned w = 0; w < ways_; ++w)
      if ((t[w] & ~kDirtyBit) == key) return static_cast<int>(w);
    return -1;
  }

  std::uint64_t sets_;
  unsigned ways_;
  std::uint64_t set_mask_;
  std::vector<std::uint64_t> tags_;
  unsigned rank_stride_;  // ways rounded up to 8; padding ranks are 0x7f and never age
  std::vector<std::uint8_t> ranks_;
};

}  // namespace sttvp
