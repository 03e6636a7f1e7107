// The hierarchy write-to-read distance (stats.hierarchy_distance) on the full platform: a known
// access sequence gives the expected distances under both definitions, across cores, and the
// statistic is absent when off.
#include <gtest/gtest.h>

#include <functional>

#include "platform/Platform.h"
#include "sw/probe/Probe.h"
#include "tests/support/SystemCTest.h"

namespace sttvp {
namespace {

constexpr int kNone = static_cast<int>(sw::Phase::None);
alignas(64) unsigned char g_line[64];  // one line of host memory (the host store serves it)

PlatformConfig load(unsigned cores, bool on) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/skylake-sram.json");
  doc->set("cores.count=" + std::to_string(cores));
  if (on) doc->set("stats.hierarchy_distance=true");
  return PlatformConfig::parse(doc);
}

// Runs `driver` on core 0 with the executor at hand.
class DriverWorkload : public sw::Workload {
 public:
  explicit DriverWorkload(std::function<void(sw::Executor&)> fn) : fn_(std::move(fn)) {}
  void run(sw::Executor& executor) override { fn_(executor); }

 private:
  std::function<void(sw::Executor&)> fn_;
};

class HierarchyDistanceTest : public test::SystemCTest {};

TEST_F(HierarchyDistanceTest, AnL1HitAfterAWriteCountsAtAnyLevelOnly) {
  Platform platform("platform", load(1, true));
  DriverWorkload w([](sw::Executor&) {
    sw::write(g_line, 64);  // a miss: its fill stalls the core
    sw::write(g_line, 64);  // an L1D hit: the last write, no stall
    sw::idle(50);
    sw::read(g_line, 64);  // an L1D hit 50 ns after the last write
  });
  platform.run(w);
  const HierarchyDistance* h = platform.hierarchy_distance();
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->to_any_read(kNone).total(), 1u);
  EXPECT_EQ(h->to_any_read(kNone).count(DistanceHistogram::bin_of(50)), 1u);
  EXPECT_EQ(h->to_llc_read(kNone).total(), 0u);
  EXPECT_EQ(platform.stats().value("hierarchy_distance.reads_any"), 1.0);
}

TEST_F(HierarchyDistanceTest, AnotherCoresReadReachesTheLlcAndCountsUnderBoth) {
  Platform platform("platform", load(2, true));
  DriverWorkload w([](sw::Executor& executor) {
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
  EXPECT_EQ(h->to_llc_read(kNone).count(bin), 1u);
  EXPECT_EQ(h->to_any_read(kNone).count(bin), 1u);
  EXPECT_EQ(h->to_llc_read(kNone).total(), 1u);
  EXPECT_EQ(h->inversions, 0u);
  EXPECT_EQ(h->unwritten_reads, 0u);
}

TEST_F(HierarchyDistanceTest, OffByDefaultWithNoStatistics) {
  Platform platform("platform", load(1, false));
  DriverWorkload w([](sw::Executor&) {
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
