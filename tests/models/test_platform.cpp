// Model tests of the cores, their private caches and the fork-join executor on the full platform.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <set>

#include "platform/Platform.h"
#include "sw/probe/Probe.h"
#include "tests/support/SystemCTest.h"

namespace sttvp {
namespace {

using sc_core::sc_time;

PlatformConfig load(unsigned cores, std::vector<std::string> sets = {}) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/skylake-sram.json");
  doc->set("cores.count=" + std::to_string(cores));
  for (const auto& s : sets) doc->set(s);
  return PlatformConfig::parse(doc);
}

class LambdaWorkload : public sw::Workload {
 public:
  explicit LambdaWorkload(std::function<void(sw::Executor&)> fn) : fn_(std::move(fn)) {}
  void run(sw::Executor& e) override { fn_(e); }

 private:
  std::function<void(sw::Executor&)> fn_;
};

// A line-aligned host buffer.
struct Buffer {
  explicit Buffer(std::size_t bytes)
      : p(static_cast<unsigned char*>(std::aligned_alloc(64, bytes))), n(bytes) {}
  ~Buffer() { std::free(p); }
  unsigned char* p;
  std::size_t n;
};

class PlatformTest : public test::SystemCTest {};

TEST_F(PlatformTest, RepeatedSweepOfL1SizedBufferHitsAfterTheFirstPass) {
  Platform platform("platform", load(1));
  Buffer buf(16 * 1024);
  LambdaWorkload w([&](sw::Executor& e) {
    e.parallel([&](unsigned) {
      for (int pass = 0; pass < 3; ++pass) sw::read(buf.p, buf.n);
    });
  });
  platform.run(w);
  EXPECT_EQ(platform.core(0).l1d_misses, 256u);
  EXPECT_EQ(platform.core(0).l1d_hits, 512u);
  EXPECT_EQ(platform.core(0).l2_misses, 256u);
  EXPECT_EQ(platform.llc().stats().misses, 256u);
}

TEST_F(PlatformTest, ColdLineStallIsTheLatencyBeyondL1DividedByMlp) {
  const PlatformConfig cfg = load(1);
  Platform platform("platform", cfg);
  Buffer buf(64);
  LambdaWorkload w([&](sw::Executor& e) { e.parallel([&](unsigned) { sw::read(buf.p, 1); }); });
  platform.run(w);
  const double cycle_ns = 1 / cfg.cores.clock_ghz;
  const double dram_ns = cfg.dram.latency_ns + cfg.dram.transfer_ns(64);
  const double beyond_l1 = (cfg.cores.l2.latency_cycles - cfg.cores.l1d.latency_cycles) +
                           cfg.llc.sram.read_cycles + dram_ns / cycle_ns;
  EXPECT_NEAR(platform.core(0).stall_cycles, beyond_l1 / cfg.cores.mlp, 0.01);
  EXPECT_NEAR(platform.sim_time_ns(), beyond_l1 / cfg.cores.mlp * cycle_ns, 0.01);
}

TEST_F(PlatformTest, ComputeTimeIsFlopsOverSustainedThroughput) {
  const PlatformConfig cfg = load(1);
  Platform platform("platform", cfg);
  LambdaWorkload w([&](sw::Executor& e) { e.parallel([&](unsigned) { sw::compute(1600000); }); });
  platform.run(w);
  const double cycles = 1600000 / (cfg.cores.flops_per_cycle * cfg.cores.compute_efficiency);
  EXPECT_NEAR(platform.core(0).compute_cycles, cycles, 1e-6);
  EXPECT_NEAR(platform.sim_time_ns(), cycles / cfg.cores.clock_ghz, 0.01);
}

TEST_F(PlatformTest, ParallelRunsEveryWorkerOnceOnItsOwnCoreAndEndsWithTheSlowest) {
  Platform platform("platform", load(4));
  std::vector<int> runs(4, 0);
  std::vector<sw::ProbeSink*> sinks(4, nullptr);
  LambdaWorkload w([&](sw::Executor& e) {
    EXPECT_EQ(e.workers(), 4u);
    e.parallel([&](unsigned worker) {
      ++runs[worker];
      sinks[worker] = sw::sink();
      sw::idle(worker == 2 ? 5000.0 : 100.0);
    });
  });
  platform.run(w);
  EXPECT_EQ(runs, std::vector<int>(4, 1));
  EXPECT_EQ(std::set<sw::ProbeSink*>(sinks.begin(), sinks.end()).size(), 4u);
  EXPECT_EQ(sinks[0], &platform.core(0));
  EXPECT_NEAR(platform.sim_time_ns(), 5000.0, 0.01);
}

TEST_F(PlatformTest, RegionsRunOneAfterAnother) {
  Platform platform("platform", load(2));
  std::vector<double> starts;
  LambdaWorkload w([&](sw::Executor& e) {
    for (int region = 0; region < 3; ++region) {
      e.parallel([&](unsigned worker) {
        if (worker == 1) starts.push_back(sc_core::sc_time_stamp().to_seconds() * 1e9);
        sw::idle(worker == 0 ? 10.0 : 300.0);
      });
    }
  });
  platform.run(w);
  ASSERT_EQ(starts.size(), 3u);
  // Each region starts when the previous one's slowest worker (300 ns) is done.
  EXPECT_NEAR(starts[1] - starts[0], 300, 1);
  EXPECT_NEAR(starts[2] - starts[1], 300, 1);
}

TEST_F(PlatformTest, WorkersInheritTheDriversPhase) {
  Platform platform("platform", load(2));
  sw::Phase seen = sw::Phase::None;
  int layer = -5;
  LambdaWorkload w([&](sw::Executor& e) {
    sw::phase(sw::Phase::Backward, 7);
    e.parallel([&](unsigned worker) {
      if (worker == 1) {
        seen = platform.core(1).current_phase();
        layer = platform.core(1).current_layer();
      }
    });
  });
  platform.run(w);
  EXPECT_EQ(seen, sw::Phase::Backward);
  EXPECT_EQ(layer, 7);
}

TEST_F(PlatformTest, LlcEvictionBackInvalidatesThePrivateCopy) {
  // A 1-way-per-set view: fill more lines of one LLC set than it has ways while core 0 keeps the
  // first line in its L1D; the LLC must take it away from the L1D (inclusion).
  const PlatformConfig cfg = load(1);
  Platform platform("platform", cfg);
  const std::size_t llc_stride = cfg.llc.geometry.sets() * 64;
  Buffer buf(llc_stride * (cfg.llc.geometry.ways + 1));
  std::uint64_t misses_before = 0;
  LambdaWorkload w([&](sw::Executor& e) {
    e.parallel([&](unsigned) {
      sw::read(buf.p, 64);
      for (unsigned k = 1; k <= cfg.llc.geometry.ways; ++k) sw::read(buf.p + k * llc_stride, 64);
      misses_before = platform.core(0).l1d_misses;
      sw::read(buf.p, 64);
    });
  });
  platform.run(w);
  EXPECT_GE(platform.llc().stats().back_invalidations, 1u);
  EXPECT_EQ(platform.core(0).l1d_misses, misses_before + 1);
}

TEST_F(PlatformTest, WriteHitOnASharedLineSendsNoUpgrade) {
  Platform platform("platform", load(2));
  Buffer buf(64);
  LambdaWorkload w([&](sw::Executor& e) {
    e.parallel([&](unsigned) { sw::read(buf.p, 64); });  // both cores hold the line
    e.parallel([&](unsigned worker) {
      if (worker == 0) sw::write(buf.p, 64);  // hits core 0's L1D: no transaction
    });
  });
  platform.run(w);
  // Without an upgrade transaction a write hit keeps the other copy (documented simplification);
  // both cores filled the line once.
  EXPECT_EQ(platform.llc().stats().reads, 2u);
  EXPECT_EQ(platform.core(0).l1d_misses, 1u);
  EXPECT_EQ(platform.core(1).l1d_misses, 1u);
}

TEST_F(PlatformTest, WriteMissTakesTheLineExclusively) {
  Platform platform("platform", load(2));
  Buffer buf(64);
  LambdaWorkload w([&](sw::Executor& e) {
    e.parallel([&](unsigned worker) {
      if (worker == 1) sw::read(buf.p, 64);
    });
    e.parallel([&](unsigned worker) {
      if (worker == 0) sw::write(buf.p, 64);  // write miss: exclusive fill
    });
    e.parallel([&](unsigned worker) {
      if (worker == 1) sw::read(buf.p, 64);  // core 1 lost its copy
    });
  });
  platform.run(w);
  EXPECT_EQ(platform.core(1).l1d_misses, 2u);
  EXPECT_EQ(platform.llc().stats().back_invalidations, 1u);
}

// The hierarchy write-to-read distance (stats.hierarchy_distance): a known access sequence gives
// the expected distances under both definitions, across cores; off, it is absent.
constexpr int kNoPhase = static_cast<int>(sw::Phase::None);
alignas(64) unsigned char g_line[64];  // one line of host memory (the host store serves it)

TEST_F(PlatformTest, HierarchyDistanceOfAnL1HitAfterAWriteCountsAtAnyLevelOnly) {
  Platform platform("platform", load(1, {"stats.hierarchy_distance=true"}));
  LambdaWorkload w([](sw::Executor&) {
    sw::write(g_line, 64);  // a miss: its fill stalls the core
    sw::write(g_line, 64);  // an L1D hit: the last write, no stall
    sw::idle(50);
    sw::read(g_line, 64);  // an L1D hit 50 ns after the last write
  });
  platform.run(w);
  const HierarchyDistance* h = platform.hierarchy_distance();
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->to_any_read(kNoPhase).total(), 1u);
  EXPECT_EQ(h->to_any_read(kNoPhase).count(DistanceHistogram::bin_of(50)), 1u);
  EXPECT_EQ(h->to_llc_read(kNoPhase).total(), 0u);
  EXPECT_EQ(platform.stats().value("hierarchy_distance.reads_any"), 1.0);
}

TEST_F(PlatformTest, HierarchyDistanceOfAnotherCoresReadReachesTheLlcAndCountsUnderBoth) {
  Platform platform("platform", load(2, {"stats.hierarchy_distance=true"}));
  LambdaWorkload w([](sw::Executor& executor) {
    sw::write(g_line, 64);
    sw::write(g_line, 64);  // the last write, at core 0's time t
    sw::idle(2000);
    // Core 1 starts at the region's start, 2 us after t (core 0 synchronises first), and misses
    // its own L1D and L2.
    executor.parallel([](unsigned worker) {
      if (worker == 1) sw::read(g_line, 64);
    });
  });
  platform.run(w);
  const HierarchyDistance* h = platform.hierarchy_distance();
  ASSERT_NE(h, nullptr);
  const int bin = DistanceHistogram::bin_of(2000);
  EXPECT_EQ(h->to_llc_read(kNoPhase).count(bin), 1u);
  EXPECT_EQ(h->to_any_read(kNoPhase).count(bin), 1u);
  EXPECT_EQ(h->to_llc_read(kNoPhase).total(), 1u);
  EXPECT_EQ(h->inversions, 0u);
  EXPECT_EQ(h->unwritten_reads, 0u);
}

TEST_F(PlatformTest, HierarchyDistanceIsOffByDefaultWithNoStatistics) {
  Platform platform("platform", load(1));
  LambdaWorkload w([](sw::Executor&) {
    sw::write(g_line, 64);
    sw::read(g_line, 64);
  });
  platform.run(w);
  EXPECT_EQ(platform.hierarchy_distance(), nullptr);
  for (const auto& e : platform.stats().entries())
    EXPECT_EQ(e.path.rfind("hierarchy_distance.", 0), std::string::npos) << e.path;
}

}  // namespace
}  // namespace sttvp
