// The statistics of an LLC (models/cache/Llc): traffic per phase and layer, array accesses per
// technology, retention per phase, write-to-read distances per phase, and policy counters; the
// energy they imply under the LLC's configuration; their registration (names, units,
// descriptions) and the distance and retention CSV files. Pure C++: the LLC counts, this class
// keeps, sums and writes.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <vector>

#include "models/cache/CacheConfig.h"
#include "models/cache/DistanceHistogram.h"
#include "models/common/Stats.h"

namespace sttvp {

class LlcStats {
 public:
  static constexpr int kPhases = 5;      // sw::Phase values
  static constexpr int kMaxLayers = 63;  // layers 0..62 split; the rest counted as "other"

  // Traffic statistics (lines; one transaction may cover several lines).
  struct Traffic {
    std::uint64_t reads = 0, writes = 0, hits = 0, misses = 0;
  };
  // Retention statistics of reads of STT-RAM lines.
  struct Retention {
    std::uint64_t reads = 0;             // read hits of STT-RAM lines
    double expected_failures = 0;        // sum over those reads of P(at least one bit wrong)
    std::uint64_t sampled_failures = 0;  // reads that returned at least one wrong bit
    std::uint64_t flipped_bits = 0;      // bits newly flipped in the store
    std::uint64_t expired_reads = 0;     // reads later than the retention time after the write
    double p_error() const { return reads ? expected_failures / static_cast<double>(reads) : 0; }
  };

  // `config` (the LLC's; must outlive this) prices the accesses and labels the CSV rows.
  explicit LlcStats(const LlcConfig& config);

  std::uint64_t reads = 0, writes = 0;
  std::uint64_t read_hits = 0, read_misses = 0, write_hits = 0, write_misses = 0;
  std::uint64_t hits = 0, misses = 0;
  std::uint64_t fills = 0;               // lines brought in from memory
  std::uint64_t writebacks = 0;          // dirty victims written to memory
  std::uint64_t back_invalidations = 0;  // private copies dropped for inclusion or exclusivity
  std::uint64_t array_reads_sram = 0, array_writes_sram = 0;
  std::uint64_t array_reads_stt = 0, array_writes_stt = 0;
  std::uint64_t migrations = 0;  // hybrid: lines moved to SRAM ways on a write
  double bank_wait_ns = 0;
  // Reads that arrived before their line's data was ready: while its fill (or write) was in
  // flight (they wait for it), or, timestamp inversions, before the access that brought the data
  // arrived (decoupling skew; distance 0, see Llc::wait_for_data).
  std::uint64_t hits_under_fill = 0, distance_inversions = 0;
  double fill_wait_ns = 0;  // total time those reads waited for the data
  // Retention policies.
  std::uint64_t refreshes = 0, early_writebacks = 0, expired_invalidations = 0;
  // Expire and refresh act this long after a line's write. Rewriting every STT-RAM line once
  // per interval takes this share of the STT-RAM banks' time (above 1, refresh cannot keep up);
  // at the shortest interval the banks sustain (share 1) a line still fails with probability
  // refresh_floor_failure per interval (upper bound of the array's mean).
  double policy_interval_ns = 0, refresh_bank_share = 0, refresh_floor_failure = 0;
  std::uint64_t ecc_corrected = 0, ecc_detected = 0, ecc_silent = 0, ecc_refetches = 0;
  std::uint64_t ecc_scrubs = 0;               // corrected lines written back into the array
  std::uint64_t ecc_dirty_uncorrectable = 0;  // detected errors in dirty lines (passed on)
  // Dirty STT-RAM lines whose write-back read out new flips, and those flips (now in memory).
  std::uint64_t writeback_failures = 0, writeback_flipped_bits = 0;
  std::uint64_t flips_undone = 0;  // transient flips of clean lines undone on eviction
  // Write errors and read disturb of STT-RAM lines (bits wrong in the cells, before any ECC).
  std::uint64_t write_error_lines = 0, write_error_bits = 0;
  std::uint64_t disturbed_reads = 0, disturbed_bits = 0;

  // A line read or written in the data array of way `way`.
  void count_array(unsigned way, bool write) {
    if (config_.is_sram_way(way))
      write ? ++array_writes_sram : ++array_reads_sram;
    else
      write ? ++array_writes_stt : ++array_reads_stt;
  }
  // The traffic counters of a phase and layer (layer -1: none; kMaxLayers and above: "other").
  Traffic& traffic(int phase, int layer) {
    const int slot = layer < 0 ? 0 : (layer < kMaxLayers ? layer + 1 : kMaxLayers + 1);
    return traffic_[static_cast<std::size_t>(phase * kLayerSlots + slot)];
  }
  Retention& retention(int phase) { return retention_[phase]; }
  const Retention& retention(int phase) const { return retention_[phase]; }
  Retention retention_total() const;
  DistanceHistogram& distances(int phase) { return distance_[phase]; }
  const DistanceHistogram& distances(int phase) const { return distance_[phase]; }

  double dynamic_energy_nj() const;
  double refresh_energy_nj() const;
  double leakage_mw() const;
  double leakage_energy_nj(double seconds) const { return leakage_mw() * 1e6 * seconds; }

  void register_stats(StatsScope scope);
  // Per-phase and per-layer statistics, for the phases and layers that had traffic.
  void register_split_stats(Stats& stats);
  void write_distance_csv(std::ostream& out) const;
  void write_retention_csv(std::ostream& out) const;

 private:
  static constexpr int kLayerSlots = kMaxLayers + 2;  // "none" (-1), 0..62, "other"

  const LlcConfig& config_;
  std::array<Retention, kPhases> retention_{};
  std::array<DistanceHistogram, kPhases> distance_{};
  std::vector<Traffic> traffic_;
  std::array<Traffic, kPhases> phase_totals_{};  // sums over layers, for the split statistics
};

}  // namespace sttvp
