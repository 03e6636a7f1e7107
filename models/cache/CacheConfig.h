// Typed configuration of a private cache (L1D, L2) and of the shared LLC.
#pragma once

#include <cstdint>
#include <string>

#include "models/common/ConfigNode.h"

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

struct LlcConfig {
  CacheGeometry geometry;
  unsigned banks = 1;                 // address-interleaved by line number
  double clock_ghz = 1;               // clock of the cycle counts below
  double read_cycles = 0;             // latency added to a request that reaches the LLC (hit)
  double write_cycles = 0;            // latency of a write (write-back or fill) into the array
  double bank_read_busy_cycles = 0;   // cycles a read occupies its bank
  double bank_write_busy_cycles = 0;  // cycles a write occupies its bank
  double read_nj = 0;                 // dynamic energy per line read from the array
  double write_nj = 0;                // dynamic energy per line written into the array
  double leakage_mw = 0;              // static power of the whole array
  std::string technology = "sram";    // per-way technology; SRAM only until the STT-RAM model
  static LlcConfig parse(ConfigNode node, unsigned line_bytes);
};

}  // namespace sttvp
