#include "models/cache/CacheConfig.h"

#include "models/common/PowerOfTwo.h"

namespace sttvp {

CacheGeometry CacheGeometry::parse(ConfigNode& node, unsigned line_bytes) {
  CacheGeometry g;
  g.line_bytes = line_bytes;
  g.size_bytes = node.u64("size_bytes", line_bytes, std::uint64_t{1} << 40);
  g.ways = static_cast<unsigned>(node.u64("ways", 1, 64));
  if (g.size_bytes % (std::uint64_t{g.ways} * line_bytes) != 0)
    node.fail("size_bytes", "size " + std::to_string(g.size_bytes) +
                                " is not a multiple of ways x line size (" +
                                std::to_string(g.ways) + " x " + std::to_string(line_bytes) + ")");
  std::uint64_t sets = g.sets();
  if (!is_power_of_two(sets))
    node.fail("size_bytes", "set count " + std::to_string(sets) +
                                " (size / (ways x line)) is not a power of two");
  return g;
}

PrivateCacheConfig PrivateCacheConfig::parse(ConfigNode node, unsigned line_bytes) {
  PrivateCacheConfig c;
  c.geometry = CacheGeometry::parse(node, line_bytes);
  c.latency_cycles = node.real("latency_cycles", 1, 1000);
  c.access_nj = node.real("access_nj", 0, 1e3);
  node.finish();
  return c;
}

SramConfig SramConfig::parse(ConfigNode node) {
  SramConfig c;
  c.read_cycles = node.real("read_cycles", 0, 1e6);
  c.write_cycles = node.real("write_cycles", 0, 1e6);
  c.bank_read_busy_cycles = node.real("bank_read_busy_cycles", 0, 1e6);
  c.bank_write_busy_cycles = node.real("bank_write_busy_cycles", 0, 1e6);
  c.read_nj = node.real("read_nj", 0, 1e6);
  c.write_nj = node.real("write_nj", 0, 1e6);
  c.leakage_mw_per_mib = node.real("leakage_mw_per_mib", 0, 1e6);
  node.finish();
  return c;
}

RetentionPolicyConfig RetentionPolicyConfig::parse(ConfigNode node) {
  RetentionPolicyConfig c;
  c.policy = kRetentionPolicies.read(node, "policy", RetentionPolicy::None);
  c.apply_flips = node.boolean("apply_flips", true);
  c.interval_failure = node.real("interval_failure", 1e-15, 0.5, c.interval_failure);
  if (node.has("interval_fraction")) c.interval_fraction = node.real("interval_fraction", 1e-6, 1);
  c.ecc_decode_cycles = node.real("ecc_decode_cycles", 0, 1000, 0);
  c.ecc_energy_overhead = node.real("ecc_energy_overhead", 0, 10, 0);
  node.finish();
  return c;
}

std::string LlcConfig::technology_name() const { return kLlcTechnologies.name(technology); }

LlcConfig LlcConfig::parse(ConfigNode node, unsigned line_bytes, std::uint64_t seed) {
  LlcConfig c;
  c.seed = seed;
  c.geometry = CacheGeometry::parse(node, line_bytes);
  c.banks = static_cast<unsigned>(node.u64("banks", 1, 256));
  if (!is_power_of_two(c.banks)) node.fail("banks", "bank count must be a power of two");
  if (c.banks > c.geometry.sets())
    node.fail("banks", "more banks than sets (" + std::to_string(c.geometry.sets()) + ")");
  c.clock_ghz = node.real("clock_ghz", 0.01, 100);
  c.inclusive = node.boolean("inclusive", true);
  c.technology = kLlcTechnologies.read(node, "technology", LlcTechnology::Sram);
  if (c.technology == LlcTechnology::Hybrid) {
    c.sram_ways = static_cast<unsigned>(node.u64("sram_ways", 1, c.geometry.ways - 1));
    c.placement = kHybridPlacements.read(node, "placement", HybridPlacement::WritesToSram);
  } else {
    c.sram_ways = c.technology == LlcTechnology::Sram ? c.geometry.ways : 0;
  }
  if (c.technology != LlcTechnology::Sttram) c.sram = SramConfig::parse(node.child("sram"));
  if (c.technology != LlcTechnology::Sram)
    c.sttram = SttramConfig::parse(node.child("sttram"), c.clock_ghz, line_bytes);
  c.retention = RetentionPolicyConfig::parse(node.child_or_empty("retention"));
  node.finish();
  return c;
}

}  // namespace sttvp
