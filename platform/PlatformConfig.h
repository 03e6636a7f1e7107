// The whole platform's typed configuration, parsed once from a ConfigDocument and validated.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "models/cache/CacheConfig.h"
#include "models/common/ConfigNode.h"
#include "models/core/CoreConfig.h"
#include "models/dram/DramConfig.h"
#include "platform/WorkloadConfig.h"

namespace sttvp {

struct SimConfig {
  double quantum_ns = 1000;  // global quantum of temporal decoupling
  std::uint64_t seed = 1;
};

// Optional statistics, off by default so that runs which do not need them pay nothing.
struct StatsConfig {
  bool hierarchy_distance = false;  // models/core/HierarchyDistance
};

struct InterconnectConfig {
  double latency_cycles = 0;  // added to every request, in core cycles
};

struct PlatformConfig {
  std::string name;
  unsigned line_bytes = 64;
  SimConfig sim;
  StatsConfig stats;
  CoreConfig cores;
  InterconnectConfig interconnect;
  LlcConfig llc;
  DramConfig dram;
  WorkloadConfig workload;

  // Parses and validates the document; every error names the file and key path.
  static PlatformConfig parse(const std::shared_ptr<ConfigDocument>& doc);
};

}  // namespace sttvp
