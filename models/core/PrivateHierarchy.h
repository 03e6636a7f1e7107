// The private cache levels of one core, as plain C++ (no SystemC): the L1D, and optionally an L1I
// and an L2, each a CacheArray (write-back, write-allocate, LRU). The L2, when present, is
// inclusive of both L1s: evicting an L2 line drops its L1 copies, and a dirty L1D copy makes the
// L2 victim's write-back dirty. Without an L2, L1 misses go to the LLC and dirty L1D victims are
// written back to it. The L1I is read-only: its victims are dropped.
//
// For each line access the hierarchy decides what happens below the L1s and says it as the level
// that served the line (the latency class: L1 hit, L2 hit, LLC fill) and an ordered list of
// LlcRequests (line fills and write-backs) that its owner sends to the LLC. An L1 hit is decided
// inline and needs nothing else; so is an L2 hit, once miss_l1d() returned. An LLC fill is
// completed in steps, because the LLC's answers to the requests of one step may back-invalidate
// lines of this hierarchy, and the next step (the L1 victim, chosen after the fill) depends on
// them:
//
//     if (!h.hit_l1d(line, write) && h.miss_l1d(line, write, requests) == Level::Llc) {
//       send_and_clear(requests);  // the L2 victim's write-back, the fill
//       while (h.resume(requests)) send_and_clear(requests);  // no L2: the L1D victim's write-back
//     }
//
// The LLC's back-invalidation (back_invalidate) may come at any time between the steps.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "models/cache/CacheArray.h"
#include "models/core/CoreConfig.h"

namespace sttvp {

// A line operation the private hierarchy asks of the LLC.
struct LlcRequest {
  enum class Kind : std::uint8_t { Fill, WriteBack };
  std::uint64_t line = 0;  // line number (address / line size)
  Kind kind = Kind::Fill;
  bool exclusive = false;  // a fill for a write: the LLC invalidates the other private copies
  bool eviction = false;   // a write-back of a line the hierarchy no longer holds (else its L1I
                           // keeps a clean copy)
};

// The requests of one miss, in the order they must be sent. A miss asks for at most two: the L2
// victim's write-back and the fill, or the fill and (without an L2) the L1D victim's write-back.
class LlcRequests {
 public:
  static constexpr std::size_t kCapacity = 2;
  void push_back(const LlcRequest& request) { items_[size_++] = request; }
  void clear() { size_ = 0; }
  bool empty() const { return size_ == 0; }
  const LlcRequest* begin() const { return items_.data(); }
  const LlcRequest* end() const { return items_.data() + size_; }

 private:
  std::array<LlcRequest, kCapacity> items_;
  std::size_t size_ = 0;
};

class PrivateHierarchy {
 public:
  // The level that served a line access: which latency class applies.
  enum class Level : std::uint8_t { L1, L2, Llc };

  // Counts of line accesses per level.
  struct Stats {
    std::uint64_t l1i_hits = 0, l1i_misses = 0;
    std::uint64_t l1d_hits = 0, l1d_misses = 0, l1d_writebacks = 0;
    std::uint64_t l2_hits = 0, l2_misses = 0, l2_writebacks = 0;
  };

  // Takes the geometries of `config`'s L1D and, if present, L1I and L2.
  explicit PrivateHierarchy(const CoreConfig& config);

  bool has_l1i() const { return has_l1i_; }
  bool has_l2() const { return has_l2_; }
  const Stats& stats() const { return stats_; }

  // A data access to `line` (a read, or a write, which dirties the L1D copy): true for an L1D
  // hit, which is then complete; false for a miss, which changed nothing yet: call miss_l1d().
  bool hit_l1d(std::uint64_t line, bool write) {
    // Repeated access to the most recent line: a hit that changes no LRU order.
    if (line == last_line_ && (last_dirty_ || !write)) {
      ++stats_.l1d_hits;
      return true;
    }
    const std::uint64_t set = l1d_.set_of(line);
    const int w = l1d_.find(line);
    if (w < 0) return false;
    ++stats_.l1d_hits;
    l1d_.touch(set, static_cast<unsigned>(w));
    if (write) l1d_.set_dirty(set, static_cast<unsigned>(w), true);
    last_line_ = line;
    last_dirty_ = l1d_.dirty(set, static_cast<unsigned>(w));
    return true;
  }
  // An L1D miss of `line`. An L2 hit returns Level::L2 and is complete (a dirty L1D victim went
  // into the L2). Otherwise it returns Level::Llc and appends to `requests` what the LLC must do
  // first: on an L2 miss, the L2 victim's write-back if it (or its L1 copy) was dirty; then the
  // fill of `line`, exclusive for a write. Send them, then call resume().
  Level miss_l1d(std::uint64_t line, bool write, LlcRequests& requests);

  // An instruction fetch of `line` (needs has_l1i()): as hit_l1d and miss_l1d, for the L1I. Code
  // is never dirty, so an L1I victim is dropped without a request.
  bool hit_l1i(std::uint64_t line) {
    // Straight-line code fetches one line many times in a row: a hit that changes no LRU order.
    if (line == last_fetch_line_) {
      ++stats_.l1i_hits;
      return true;
    }
    const int w = l1i_.find(line);
    if (w < 0) return false;
    ++stats_.l1i_hits;
    l1i_.touch(l1i_.set_of(line), static_cast<unsigned>(w));
    last_fetch_line_ = line;
    return true;
  }
  Level miss_l1i(std::uint64_t line, LlcRequests& requests);

  // Continues the LLC fill the last miss began, once the requests it asked for were sent: the
  // line goes into the L2 and the L1 (whose victim is chosen now). Returns true after appending
  // further requests (without an L2, a dirty L1D victim's write-back), to be sent before
  // resume() is called again; false once the miss is complete.
  bool resume(LlcRequests& requests);

  // Drops every copy of `line`; returns true if one was dirty (the LLC's back-invalidation).
  bool back_invalidate(std::uint64_t line);

 private:
  // The LLC fill under way: its line, and the ways reserved for it.
  struct Miss {
    std::uint64_t line = CacheArray::kInvalid;
    bool write = false;
    bool code = false;  // an L1I miss (else an L1D miss)
    int l2_way = -1;    // the L2 way the fill goes into, until it is installed
    int l1d_way = -1;   // the L1D way chosen after the fill, while its victim is written back
  };

  // Looks the missed `line` up in the L2: true for a hit. On an L2 miss, evicts the L2 victim
  // (appending its write-back if dirty) and reserves its way in miss_; without an L2, or on an
  // L2 miss, appends the fill.
  bool hit_l2(std::uint64_t line, bool write, LlcRequests& requests);
  // Puts `line` into the L1D. A dirty victim goes into the L2, or, without an L2, is written
  // back: then this returns true after appending the write-back and keeps the way in miss_ for
  // resume() to install the line once the write-back was sent.
  bool allocate_l1d(std::uint64_t line, bool write, LlcRequests& requests);
  void install_l1d(std::uint64_t set, unsigned way, std::uint64_t line, bool write);
  // Puts `line` into the L1I, dropping the victim.
  void allocate_l1i(std::uint64_t line);
  // Evicts an L2 way and its L1 copies; a dirty line's write-back is appended to `requests`.
  void evict_l2(std::uint64_t set, unsigned way, LlcRequests& requests);

  bool has_l1i_, has_l2_;
  // A level the config leaves out (has_l1i_, has_l2_ false) is a one-line array that is never
  // filled, so its lookups miss and no code path needs a null check.
  CacheArray l1i_, l1d_, l2_;
  std::uint64_t last_line_ = CacheArray::kInvalid;  // most recent L1D line, for repeated hits
  bool last_dirty_ = false;
  std::uint64_t last_fetch_line_ = CacheArray::kInvalid;  // most recent L1I line
  Miss miss_;
  Stats stats_;
};

// The miss path is inline too: the core's miss handler runs it without a call per step.

inline bool PrivateHierarchy::hit_l2(std::uint64_t line, bool write, LlcRequests& requests) {
  if (has_l2_) {
    const std::uint64_t set = l2_.set_of(line);
    if (const int w = l2_.find(line); w >= 0) {
      ++stats_.l2_hits;
      l2_.touch(set, static_cast<unsigned>(w));
      return true;
    }
    ++stats_.l2_misses;
    // The L2 way is chosen (and emptied) before the fill; the line goes in once the fill was
    // answered, as the answer may back-invalidate other lines of the set.
    const unsigned victim = l2_.victim(set);
    if (l2_.valid(set, victim)) evict_l2(set, victim, requests);
    miss_.l2_way = static_cast<int>(victim);
  }
  requests.push_back(LlcRequest{line, LlcRequest::Kind::Fill, write, false});
  return false;
}

inline bool PrivateHierarchy::allocate_l1d(std::uint64_t line, bool write, LlcRequests& requests) {
  const std::uint64_t set = l1d_.set_of(line);
  // The victim is chosen after the fill, which may have back-invalidated a line of this set.
  const unsigned way = l1d_.victim(set);
  if (l1d_.valid(set, way) && l1d_.dirty(set, way)) {
    ++stats_.l1d_writebacks;
    const std::uint64_t victim = l1d_.line_at(set, way);
    if (!has_l2_) {
      // Back to the LLC; the line keeps its way until the write-back was sent.
      requests.push_back(
          LlcRequest{victim, LlcRequest::Kind::WriteBack, false, l1i_.find(victim) < 0});
      miss_.l1d_way = static_cast<int>(way);
      return true;
    }
    // The L2 holds the line by inclusion: the write-back only dirties it there.
    if (const int w = l2_.find(victim); w >= 0)
      l2_.set_dirty(l2_.set_of(victim), static_cast<unsigned>(w), true);
  }
  install_l1d(set, way, line, write);
  return false;
}

inline void PrivateHierarchy::install_l1d(std::uint64_t set, unsigned way, std::uint64_t line,
                                          bool write) {
  l1d_.install(set, way, line, write);
  last_line_ = line;
  last_dirty_ = write;
}

inline void PrivateHierarchy::allocate_l1i(std::uint64_t line) {
  const std::uint64_t set = l1i_.set_of(line);
  l1i_.install(set, l1i_.victim(set), line, false);
  last_fetch_line_ = line;
}

inline PrivateHierarchy::Level PrivateHierarchy::miss_l1d(std::uint64_t line, bool write,
                                                          LlcRequests& requests) {
  ++stats_.l1d_misses;
  if (hit_l2(line, write, requests)) {
    allocate_l1d(line, write, requests);  // with an L2, the victim needs no request
    return Level::L2;
  }
  miss_.line = line;
  miss_.write = write;
  miss_.code = false;
  return Level::Llc;
}

inline PrivateHierarchy::Level PrivateHierarchy::miss_l1i(std::uint64_t line,
                                                          LlcRequests& requests) {
  ++stats_.l1i_misses;
  if (hit_l2(line, false, requests)) {
    allocate_l1i(line);
    return Level::L2;
  }
  miss_.line = line;
  miss_.write = false;
  miss_.code = true;
  return Level::Llc;
}

inline bool PrivateHierarchy::resume(LlcRequests& requests) {
  if (miss_.l1d_way >= 0) {  // the L1D victim's write-back was sent
    install_l1d(l1d_.set_of(miss_.line), static_cast<unsigned>(miss_.l1d_way), miss_.line,
                miss_.write);
    miss_.l1d_way = -1;
    return false;
  }
  if (miss_.l2_way >= 0) {
    l2_.install(l2_.set_of(miss_.line), static_cast<unsigned>(miss_.l2_way), miss_.line, false);
    miss_.l2_way = -1;
  }
  if (miss_.code) {
    allocate_l1i(miss_.line);
    return false;
  }
  return allocate_l1d(miss_.line, miss_.write, requests);
}

}  // namespace sttvp
