// Typed configuration of a private cache (L1D, L2) and of the shared LLC.
#pragma once

#include <cstdint>
#include <string>

#include "models/common/ConfigNode.h"
#include "models/common/EnumTable.h"
#include "models/sttram/SttramConfig.h"

namespace sttvp {

// Geometry shared by every cache level: sets = size / (ways * line) must be a power of two.
struct CacheGeometry {
  std::uint64_t size_bytes = 0;
  unsigned ways = 0;
  unsigned line_bytes = 64;
  std::uint64_t sets() const { return size_bytes / (std::uint64_t{ways} * line_bytes); }
  // Reads size_bytes and ways from `node`, validating against `line_bytes`.
  static CacheGeometry parse(ConfigNode& node, unsigned line_bytes);
};

struct PrivateCacheConfig {
  CacheGeometry geometry;
  double latency_cycles = 0;  // load-to-use latency of a hit, core cycles
  double access_nj = 0;       // dynamic energy per line access (hit, fill or write-back)
  static PrivateCacheConfig parse(ConfigNode node, unsigned line_bytes);
};

// Timing and energy of SRAM ways.
struct SramConfig {
  double read_cycles = 0;             // latency a read adds on reaching the LLC
  double write_cycles = 0;            // latency a write (write-back or fill) adds
  double bank_read_busy_cycles = 0;   // cycles a read occupies its bank
  double bank_write_busy_cycles = 0;  // cycles a write occupies its bank
  double read_nj = 0;                 // dynamic energy per line read from the array
  double write_nj = 0;                // dynamic energy per line written into the array
  double leakage_mw_per_mib = 0;      // static power per MiB of SRAM ways
  static SramConfig parse(ConfigNode node);
};

enum class LlcTechnology { Sram, Sttram, Hybrid };
enum class RetentionPolicy { None, Expire, Refresh, Ecc };
enum class HybridPlacement { Lru, WritesToSram };

// Their names in configs and results.
inline constexpr EnumTable<LlcTechnology, 3> kLlcTechnologies{
    {{{LlcTechnology::Sram, "sram"},
      {LlcTechnology::Sttram, "sttram"},
      {LlcTechnology::Hybrid, "hybrid"}}}};
inline constexpr EnumTable<RetentionPolicy, 4> kRetentionPolicies{
    {{{RetentionPolicy::None, "none"},
      {RetentionPolicy::Expire, "expire"},
      {RetentionPolicy::Refresh, "refresh"},
      {RetentionPolicy::Ecc, "ecc"}}}};
inline constexpr EnumTable<HybridPlacement, 2> kHybridPlacements{
    {{{HybridPlacement::Lru, "lru"}, {HybridPlacement::WritesToSram, "writes_to_sram"}}}};

// What the LLC does about STT-RAM retention.
struct RetentionPolicyConfig {
  RetentionPolicy policy = RetentionPolicy::None;
  bool apply_flips = true;  // flip sampled bits in the data store (else statistics only)
  // Expire and refresh act every interval after a line's write: by default the idle time within
  // which a line fails with probability interval_failure (WeakCellModel::
  // interval_for_line_failure_s, so per design point, retention definition and variation);
  // when interval_fraction is given (> 0), that fraction of the nominal retention time instead.
  double interval_failure = 1e-9;
  double interval_fraction = 0;
  double ecc_decode_cycles = 0;    // ecc: added to every STT-RAM read
  double ecc_energy_overhead = 0;  // ecc: check-bit cells, as a fraction of array energy
  static RetentionPolicyConfig parse(ConfigNode node);
};

struct LlcConfig {
  CacheGeometry geometry;
  unsigned banks = 1;    // address-interleaved by line number
  double clock_ghz = 1;  // clock of the cycle counts
  LlcTechnology technology = LlcTechnology::Sram;
  unsigned sram_ways = 0;  // ways [0, sram_ways) are SRAM, the rest STT-RAM
  HybridPlacement placement = HybridPlacement::Lru;
  bool inclusive = true;  // evictions back-invalidate the private copies
  SramConfig sram;
  SttramConfig sttram;  // only for sttram and hybrid
  RetentionPolicyConfig retention;
  std::uint64_t seed = 1;  // process variation and fault sampling

  bool is_sram_way(unsigned way) const { return way < sram_ways; }
  std::string technology_name() const;
  static LlcConfig parse(ConfigNode node, unsigned line_bytes, std::uint64_t seed);
};

}  // namespace sttvp
