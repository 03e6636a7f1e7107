#include "models/core/CoreConfig.h"

namespace sttvp {

CoreConfig CoreConfig::parse(ConfigNode node, unsigned line_bytes) {
  CoreConfig c;
  c.count = static_cast<unsigned>(node.u64("count", 1, 32));
  c.clock_ghz = node.real("clock_ghz", 0.01, 100);
  c.flops_per_cycle = node.real("flops_per_cycle", 0.01, 1e4);
  c.compute_efficiency = node.real("compute_efficiency", 0.001, 1);
  c.mlp = node.real("mlp", 1, 1024);
  c.l1d = PrivateCacheConfig::parse(node.child("l1d"), line_bytes);
  c.l2 = PrivateCacheConfig::parse(node.child("l2"), line_bytes);
  if (c.l2.geometry.size_bytes < c.l1d.geometry.size_bytes)
    node.fail("l2.size_bytes", "the L2 (inclusive of the L1D) must not be smaller than the L1D");
  if (c.l2.latency_cycles < c.l1d.latency_cycles)
    node.fail("l2.latency_cycles", "the L2 must not be faster than the L1D");
  node.finish();
  return c;
}

}  // namespace sttvp
