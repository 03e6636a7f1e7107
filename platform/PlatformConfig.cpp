#include "platform/PlatformConfig.h"

#include <string>

#include "models/common/PowerOfTwo.h"
#include "models/common/ResourceCalendar.h"
#include "platform/HostMemory.h"

namespace sttvp {

namespace {

std::string mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// Simulator state whose size follows config values, against the memory this process may use:
// the LLC bank and DRAM channel calendars (one bit per resource cycle over four quanta plus
// 100 us, models/common/ResourceCalendar) and a stream's buffer (host memory).
void check_memory(ConfigNode& root, const PlatformConfig& c) {
  const std::uint64_t have = HostMemory::bytes();
  if (have == 0) return;
  const auto quantum_ps = static_cast<std::uint64_t>(c.sim.quantum_ns * 1e3 + 0.5);
  const std::uint64_t horizon_ps = ResourceCalendar::horizon_for_quantum(quantum_ps);
  // The slots of Llc (one LLC cycle) and Dram (a quarter of a line transfer).
  const std::uint64_t bank =
      ResourceCalendar::bytes(static_cast<std::uint64_t>(1e3 / c.llc.clock_ghz), horizon_ps);
  const std::uint64_t channel = ResourceCalendar::bytes(
      static_cast<std::uint64_t>(c.dram.transfer_ns(c.line_bytes) * 250), horizon_ps);
  const std::uint64_t llc = c.llc.banks * bank, dram = c.dram.channels * channel;
  if (llc + dram > have) {
    const std::string key = 4 * quantum_ps > horizon_ps / 2 ? "sim.quantum_ns"
                            : llc >= dram                   ? "llc.banks"
                                                            : "dram.channels";
    root.fail(key, "the contention calendars of " + std::to_string(c.llc.banks) + " LLC banks (" +
                       mib(bank) + " each) and " + std::to_string(c.dram.channels) +
                       " DRAM channels (" + mib(channel) + " each), one bit per cycle over " +
                       std::to_string(horizon_ps / 1'000'000) +
                       " us (four quanta plus 100 us), need " +
                       HostMemory::gib(static_cast<double>(llc + dram)) + ", more than the " +
                       HostMemory::gib(static_cast<double>(have)) +
                       " of memory sttvp may use; lower sim.quantum_ns or the bank or channel "
                       "count");
  }
  if (c.workload.kind == "stream" && c.workload.bytes > have)
    root.fail("workload.bytes",
              "a stream buffer of " + HostMemory::gib(static_cast<double>(c.workload.bytes)) +
                  " is more than the " + HostMemory::gib(static_cast<double>(have)) +
                  " of memory sttvp may use");
}

}  // namespace

PlatformConfig PlatformConfig::parse(const std::shared_ptr<ConfigDocument>& doc) {
  PlatformConfig c;
  WorkloadConfig::resolve(*doc);  // training presets merged in before anything is read
  ConfigNode root(doc);
  c.name = root.text("name", {}, "unnamed");
  root.text("description", {}, "");
  c.line_bytes = static_cast<unsigned>(root.u64("line_bytes", 16, 4096, 64));
  if (!is_power_of_two(c.line_bytes)) root.fail("line_bytes", "line size must be a power of two");

  ConfigNode sim = root.child_or_empty("sim");
  // At most 1 ms: cores interleave at quantum granularity, and the contention calendars grow
  // with it.
  c.sim.quantum_ns = sim.real("quantum_ns", 1e-3, 1e6, 1000);
  c.sim.seed = sim.u64("seed", 0, ~std::uint64_t{0}, 1);
  sim.finish();
  // Read only when given, so that the resolved config of a run without it stays as it was.
  if (root.has("stats")) {
    ConfigNode stats = root.child("stats");
    c.stats.hierarchy_distance = stats.boolean("hierarchy_distance", false);
    stats.finish();
  }

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
  check_memory(root, c);
  return c;
}

}  // namespace sttvp
