// Typed configuration of the cores and their private caches.
#pragma once

#include "models/cache/CacheConfig.h"
#include "models/common/ConfigNode.h"

namespace sttvp {

struct CoreConfig {
  unsigned count = 1;
  double clock_ghz = 1;
  double flops_per_cycle = 1;     // peak floating-point operations per cycle
  double compute_efficiency = 1;  // fraction of the peak the kernels sustain
  double mlp = 1;                 // memory-level parallelism: overlapping misses divide stalls
  PrivateCacheConfig l1d;
  // Optional levels: `cores.l1i` present (instruction fetches are modelled), `cores.l2` present
  // and not "enabled": false (else L1 misses go straight to the LLC). An absent level's config
  // is left default-constructed.
  bool has_l1i = false;
  PrivateCacheConfig l1i;
  bool has_l2 = true;
  PrivateCacheConfig l2;

  static CoreConfig parse(ConfigNode node, unsigned line_bytes);
};

}  // namespace sttvp
