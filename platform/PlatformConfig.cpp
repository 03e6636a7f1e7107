#include "platform/PlatformConfig.h"

#include "models/common/PowerOfTwo.h"

namespace sttvp {

PlatformConfig PlatformConfig::parse(const std::shared_ptr<ConfigDocument>& doc) {
  PlatformConfig c;
  WorkloadConfig::resolve(*doc);  // training presets merged in before anything is read
  ConfigNode root(doc);
  c.name = root.text("name", {}, "unnamed");
  root.text("description", {}, "");
  c.line_bytes = static_cast<unsigned>(root.u64("line_bytes", 16, 4096, 64));
  if (!is_power_of_two(c.line_bytes)) root.fail("line_bytes", "line size must be a power of two");

  ConfigNode sim = root.child_or_empty("sim");
  c.sim.quantum_ns = sim.real("quantum_ns", 1e-3, 1e9, 1000);
  c.sim.seed = sim.u64("seed", 0, ~std::uint64_t{0}, 1);
  sim.finish();

  c.cores = CoreConfig::parse(root.child("cores"), c.line_bytes);
  ConfigNode ic = root.child_or_empty("interconnect");
  c.interconnect.latency_cycles = ic.real("latency_cycles", 0, 1e6, 0);
  ic.finish();
  c.llc = LlcConfig::parse(root.child("llc"), c.line_bytes, c.sim.seed);
  if (c.llc.geometry.size_bytes < c.cores.l2.geometry.size_bytes)
    root.fail("llc.size_bytes", "the inclusive LLC must not be smaller than one L2");
  c.dram = DramConfig::parse(root.child("dram"));

  c.workload = WorkloadConfig::parse(root.child("workload"), c.cores.count);
  if (c.workload.is_trace() && c.dram.store != "sparse")
    root.fail("dram.store",
              "a trace replay needs dram.store = sparse (the trace's addresses are not this "
              "process's memory)");
  root.finish();
  return c;
}

}  // namespace sttvp
