// The hierarchy write-to-read distance: from a line's last write anywhere in the hierarchy (any
// core's L1D store, at that core's local simulated time) to a later read of it, under two
// definitions, each a histogram per phase with the LLC's bins (DistanceHistogram):
//   to_llc_read  the read reaches the LLC (it missed the reading core's L1D and L2);
//   to_any_read  any reported line read, at any level (an L1D hit included).
// Every read counts its distance from the line's last write (as the LLC's histogram counts every
// read hit from the line's fill or write); reads of lines never written since the run began are
// counted apart. One instance serves all cores (owned by the Platform); plain C++.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>

#include "models/cache/DistanceHistogram.h"
#include "models/common/Stats.h"
#include "models/core/LastWriteTable.h"

namespace sttvp {

class HierarchyDistance {
 public:
  static constexpr int kPhases = 5;  // sw::Phase values

  void write(std::uint64_t line, std::uint64_t t_ps) { last_write_.set(line, t_ps); }
  // A read of `line` at `t_ps` in `phase`; `reaches_llc`: it missed the private levels.
  void read(std::uint64_t line, std::uint64_t t_ps, int phase, bool reaches_llc) {
    std::uint64_t written = 0;
    if (!last_write_.find(line, written)) {
      ++unwritten_reads;
      return;
    }
    // Under temporal decoupling the writing core may run ahead of the reader: a read stamped
    // before the write is counted at distance 0, and counted.
    std::uint64_t distance_ps = 0;
    if (t_ps >= written)
      distance_ps = t_ps - written;
    else
      ++inversions;
    to_any_read_[static_cast<std::size_t>(phase)].add_ps(distance_ps);
    if (reaches_llc) to_llc_read_[static_cast<std::size_t>(phase)].add_ps(distance_ps);
  }

  const DistanceHistogram& to_llc_read(int phase) const {
    return to_llc_read_[static_cast<std::size_t>(phase)];
  }
  const DistanceHistogram& to_any_read(int phase) const {
    return to_any_read_[static_cast<std::size_t>(phase)];
  }
  std::size_t written_lines() const { return last_write_.size(); }

  void register_stats(StatsScope scope);
  // hierarchy_distance.csv: "definition,phase,bin_lo_ns,bin_hi_ns,count", definitions
  // hierarchy_write_to_llc_read and hierarchy_write_to_any_read, phases with reads only.
  void write_csv(std::ostream& out) const;

  std::uint64_t unwritten_reads = 0;  // reads of lines with no write recorded
  std::uint64_t inversions = 0;       // reads stamped before their line's last write

 private:
  LastWriteTable last_write_;
  std::array<DistanceHistogram, kPhases> to_llc_read_{}, to_any_read_{};
};

}  // namespace sttvp
