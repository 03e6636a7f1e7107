// Embedding the sttvp STT-RAM LLC in a third-party TLM-2.0 platform:
//
//   TrafficGenerator (initiator) -> sttvp::Llc (in ... mem) -> SimpleMemory (target)
//
// The LLC is built from a JSON file with sttvp's own config reader, its statistics are read from
// sttvp's statistics registry. Usage: embed_llc CONFIG.json
#include <cstdio>
#include <iostream>
#include <systemc>

#include "SimpleMemory.h"
#include "TrafficGenerator.h"
#include "models/cache/Llc.h"
#include "models/common/ConfigNode.h"
#include "models/common/InputError.h"
#include "models/common/Stats.h"

int sc_main(int argc, char* argv[]) {
  if (argc != 2) {
    std::cerr << "usage: embed_llc CONFIG.json\n";
    return 2;
  }
  try {
    // The config: our own keys, and the LLC's in "llc" (typed and validated by LlcConfig::parse,
    // errors name the file and key path).
    auto doc = sttvp::ConfigDocument::load(argv[1]);
    sttvp::ConfigNode root(doc);
    const auto line_bytes = static_cast<unsigned>(root.u64("line_bytes", 8, 4096));
    const std::uint64_t seed = root.u64("seed", 0, ~0ull);
    sttvp::ConfigNode memory = root.child("memory");
    const std::uint64_t base = memory.u64("base", 0, ~0ull);
    const std::uint64_t size = memory.u64("size_bytes", 1, 1ull << 32);
    const double latency_ns = memory.real("latency_ns", 0, 1e6);
    memory.finish();
    const sttvp::LlcConfig llc_config =
        sttvp::LlcConfig::parse(root.child("llc"), line_bytes, seed);
    root.finish();

    TrafficGenerator traffic("traffic", base, line_bytes);
    sttvp::Llc llc("llc", llc_config, base, size);  // serves [base, base + size)
    SimpleMemory memory_model("memory", base, size, sc_core::sc_time(latency_ns, sc_core::SC_NS));
    traffic.out.bind(llc.in);
    llc.mem.bind(memory_model.in);

    sc_core::sc_start();

    sttvp::Stats stats;
    llc.register_stats(sttvp::StatsScope(stats, "llc."));
    const sttvp::LlcStats::Retention r = llc.stats().retention_total();
    std::printf("simulated %.3f us, %llu transaction errors\n",
                sc_core::sc_time_stamp().to_seconds() * 1e6,
                static_cast<unsigned long long>(traffic.errors));
    std::printf("memory: %llu transactions, %llu debug accesses, %llu DMI grants\n",
                static_cast<unsigned long long>(memory_model.transactions),
                static_cast<unsigned long long>(memory_model.debug_accesses),
                static_cast<unsigned long long>(memory_model.dmi_grants));
    for (const auto& e : stats.entries())
      std::printf("%-36s %14.6g %s\n", e.path.c_str(), stats.value(e.path), e.unit.c_str());
    std::printf("retention: %llu STT-RAM read hits, p_error %.3g, %llu bits flipped\n",
                static_cast<unsigned long long>(r.reads), r.p_error(),
                static_cast<unsigned long long>(r.flipped_bits));
    // Every bit the LLC flipped was read back wrong, and no other.
    const bool consistent = traffic.wrong_bits == r.flipped_bits;
    std::printf("read-back check: %llu wrong bits, %s\n",
                static_cast<unsigned long long>(traffic.wrong_bits),
                consistent ? "ok (all from retention faults)" : "MISMATCH");
    return consistent && traffic.errors == 0 ? 0 : 1;
  } catch (const sttvp::InputError& e) {
    std::cerr << "embed_llc: " << e.what() << "\n";
    return 2;
  }
}
