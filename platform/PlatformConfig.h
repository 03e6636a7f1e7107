// The whole platform's typed configuration, parsed once from a ConfigDocument and validated.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "models/cache/CacheConfig.h"
#include "models/common/ConfigNode.h"
#include "models/core/CoreConfig.h"
#include "models/dram/DramConfig.h"

namespace sttvp {

struct SimConfig {
  double quantum_ns = 1000;  // global quantum of temporal decoupling
  std::uint64_t seed = 1;
};

struct WorkloadConfig {
  std::string kind = "stream";
  std::uint64_t bytes = 0;    // stream: buffer size
  std::uint64_t passes = 1;   // stream: sweeps over the buffer
  double write_fraction = 0;  // stream: fraction of lines also written
  double gap_ns = 0;          // stream: idle time between passes
};

struct InterconnectConfig {
  double latency_cycles = 0;  // added to every request, in core cycles
};

struct PlatformConfig {
  std::string name;
  unsigned line_bytes = 64;
  SimConfig sim;
  CoreConfig cores;
  InterconnectConfig interconnect;
  LlcConfig llc;
  DramConfig dram;
  WorkloadConfig workload;

  // Parses and validates the document; every error names the file and key path.
  static PlatformConfig parse(const std::shared_ptr<ConfigDocument>& doc);
};

}  // namespace sttvp
