// Typed configuration of the DRAM target: a fixed access latency plus per-channel bandwidth.
#pragma once

#include <cstdint>
#include <string>

#include "models/common/ConfigNode.h"

namespace sttvp {

struct DramConfig {
  double latency_ns = 0;         // from request arrival to first data, unloaded
  unsigned channels = 1;         // independent channels, interleaved by line number
  double transfer_rate_mts = 0;  // mega-transfers per second per channel
  unsigned bus_bytes = 8;        // bytes per transfer per channel
  double read_nj = 0;            // energy per 64-byte line read (array + I/O)
  double write_nj = 0;           // energy per 64-byte line written
  std::string store = "host";    // "host": address = host address; "sparse": allocated range
  std::uint64_t base = 0;        // address range served
  std::uint64_t size_bytes = 0;

  // Nanoseconds one channel is busy transferring `bytes`.
  double transfer_ns(std::uint64_t bytes) const {
    return static_cast<double>(bytes) / (transfer_rate_mts * 1e-3 * bus_bytes);
  }
  static DramConfig parse(ConfigNode node);
};

}  // namespace sttvp
