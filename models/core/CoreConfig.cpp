#include "models/core/CoreConfig.h"

namespace sttvp {

namespace {

// An optional private cache: absent, or "enabled": false, means the level does not exist. A
// disabled section may keep its other keys (e.g. `--set cores.l2.enabled=false` on a preset that
// has an L2); if it has any, they are still validated as a whole cache.
bool parse_optional(ConfigNode& parent, const std::string& key, unsigned line_bytes,
                    PrivateCacheConfig& out) {
  if (!parent.has(key)) return false;
  ConfigNode node = parent.child(key);
  const bool enabled = node.boolean("enabled", true);
  const bool other_keys = node.has("size_bytes") || node.has("ways") ||
                          node.has("latency_cycles") || node.has("access_nj");
  if (enabled || other_keys) out = PrivateCacheConfig::parse(node, line_bytes);
  node.finish();
  if (!enabled) out = PrivateCacheConfig{};
  return enabled;
}

}  // namespace

CoreConfig CoreConfig::parse(ConfigNode node, unsigned line_bytes) {
  CoreConfig c;
  c.count = static_cast<unsigned>(node.u64("count", 1, 32));
  c.clock_ghz = node.real("clock_ghz", 0.01, 100);
  c.flops_per_cycle = node.real("flops_per_cycle", 0.01, 1e4);
  c.compute_efficiency = node.real("compute_efficiency", 0.001, 1);
  c.mlp = node.real("mlp", 1, 1024);
  c.l1d = PrivateCacheConfig::parse(node.child("l1d"), line_bytes);
  c.has_l1i = parse_optional(node, "l1i", line_bytes, c.l1i);
  c.has_l2 = parse_optional(node, "l2", line_bytes, c.l2);
  if (c.has_l2) {
    if (c.l2.geometry.size_bytes < c.l1d.geometry.size_bytes)
      node.fail("l2.size_bytes", "the L2 (inclusive of the L1D) must not be smaller than the L1D");
    if (c.l2.latency_cycles < c.l1d.latency_cycles)
      node.fail("l2.latency_cycles", "the L2 must not be faster than the L1D");
    if (c.has_l1i && c.l2.latency_cycles < c.l1i.latency_cycles)
      node.fail("l2.latency_cycles", "the L2 must not be faster than the L1I");
  }
  node.finish();
  return c;
}

}  // namespace sttvp
