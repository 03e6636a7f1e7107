#include "models/cache/CacheConfig.h"

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
  if ((sets & (sets - 1)) != 0)
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

LlcConfig LlcConfig::parse(ConfigNode node, unsigned line_bytes) {
  LlcConfig c;
  c.geometry = CacheGeometry::parse(node, line_bytes);
  c.banks = static_cast<unsigned>(node.u64("banks", 1, 256));
  if ((c.banks & (c.banks - 1)) != 0) node.fail("banks", "bank count must be a power of two");
  if (c.banks > c.geometry.sets())
    node.fail("banks", "more banks than sets (" + std::to_string(c.geometry.sets()) + ")");
  c.clock_ghz = node.real("clock_ghz", 0.01, 100);
  c.read_cycles = node.real("read_cycles", 0, 1e6);
  c.write_cycles = node.real("write_cycles", 0, 1e6);
  c.bank_read_busy_cycles = node.real("bank_read_busy_cycles", 0, 1e6);
  c.bank_write_busy_cycles = node.real("bank_write_busy_cycles", 0, 1e6);
  c.read_nj = node.real("read_nj", 0, 1e6);
  c.write_nj = node.real("write_nj", 0, 1e6);
  c.leakage_mw = node.real("leakage_mw", 0, 1e6);
  c.technology = node.text("technology", {"sram"}, "sram");
  node.finish();
  return c;
}

}  // namespace sttvp
