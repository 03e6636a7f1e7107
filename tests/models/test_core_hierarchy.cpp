// Model tests of the core's optional private levels: an L1I for instruction fetches, and no L2
// (L1 misses and dirty L1D victims go straight to the LLC), on the full platform.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

#include "platform/Platform.h"
#include "sw/probe/Probe.h"
#include "tests/support/SystemCTest.h"

namespace sttvp {
namespace {

const char* kL1i = R"(cores.l1i={"size_bytes":32768,"ways":8,"latency_cycles":4,"access_nj":0.05})";

PlatformConfig load(std::vector<std::string> sets) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/skylake-sram.json");
  doc->set("cores.count=1");
  for (const auto& s : sets) doc->set(s);
  return PlatformConfig::parse(doc);
}

class LambdaWorkload : public sw::Workload {
 public:
  explicit LambdaWorkload(std::function<void(Core&)> fn) : fn_(std::move(fn)) {}
  void run(sw::Executor&) override { fn_(*dynamic_cast<Core*>(sw::sink())); }

 private:
  std::function<void(Core&)> fn_;
};

// A line-aligned host buffer (the host store serves real addresses only).
struct Buffer {
  explicit Buffer(std::size_t bytes)
      : p(static_cast<unsigned char*>(std::aligned_alloc(64, bytes))), n(bytes) {}
  ~Buffer() { std::free(p); }
  std::uint64_t at(std::size_t offset) const {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p + offset));
  }
  unsigned char* p;
  std::size_t n;
};

bool has_stat(const Platform& p, const std::string& path) {
  for (const auto& e : p.stats().entries())
    if (e.path == path) return true;
  return false;
}

class CoreHierarchyTest : public test::SystemCTest {};

TEST_F(CoreHierarchyTest, WithoutL2TheL1dMissesGoStraightToTheLlc) {
  Platform platform("platform", load({"cores.l2.enabled=false"}));
  Buffer buf(16 * 1024);
  LambdaWorkload w([&](Core& core) {
    for (int pass = 0; pass < 3; ++pass) core.access(buf.at(0), buf.n, false);
  });
  platform.run(w);
  EXPECT_EQ(platform.core(0).l1d_misses, 256u);
  EXPECT_EQ(platform.core(0).l1d_hits, 512u);
  EXPECT_EQ(platform.llc().stats().reads, 256u);
  EXPECT_EQ(platform.core(0).l2_misses, 0u);
  EXPECT_FALSE(has_stat(platform, "cores[0].l2.misses"));
  EXPECT_TRUE(has_stat(platform, "cores[0].l1d.misses"));
}

TEST_F(CoreHierarchyTest, WithoutL2DirtyL1dVictimsAreWrittenBackToTheLlc) {
  Platform platform("platform", load({"cores.l2.enabled=false"}));
  Buffer buf(64 * 1024);  // twice the L1D: the second half evicts the first
  LambdaWorkload w([&](Core& core) { core.access(buf.at(0), buf.n, true); });
  platform.run(w);
  EXPECT_EQ(platform.core(0).l1d_misses, 1024u);
  EXPECT_EQ(platform.core(0).l1d_writebacks, 512u);
  EXPECT_EQ(platform.llc().stats().writes, 512u);
  EXPECT_EQ(platform.llc().stats().write_hits, 512u) << "inclusive LLC: the victim is there";
  EXPECT_EQ(platform.llc().stats().reads, 1024u);
}

TEST_F(CoreHierarchyTest, WithoutL2AColdMissStallsForTheLlcAndMemoryOnly) {
  const PlatformConfig cfg = load({"cores.l2.enabled=false"});
  Platform platform("platform", cfg);
  Buffer buf(64);
  LambdaWorkload w([&](Core& core) { core.access(buf.at(0), 1, false); });
  platform.run(w);
  const double cycle_ns = 1 / cfg.cores.clock_ghz;
  const double dram_ns = cfg.dram.latency_ns + cfg.dram.transfer_ns(64);
  const double beyond_l1 = cfg.llc.sram.read_cycles + dram_ns / cycle_ns;
  EXPECT_NEAR(platform.core(0).stall_cycles, beyond_l1 / cfg.cores.mlp, 0.01);
}

TEST_F(CoreHierarchyTest, FetchesGoThroughTheL1iAndCountInstructions) {
  Platform platform("platform", load({kL1i, "cores.l2.enabled=false"}));
  Buffer code(16 * 1024);
  LambdaWorkload w([&](Core& core) {
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t pc = 0; pc < code.n; pc += 4) core.fetch(code.at(pc), 4);
  });
  platform.run(w);
  const Core& c = platform.core(0);
  EXPECT_EQ(c.instructions, 2u * 4096);
  EXPECT_EQ(c.line_fetches, 2u * 4096);
  EXPECT_EQ(c.l1i_misses, 256u);
  EXPECT_EQ(c.l1i_hits, 2u * 4096 - 256);
  EXPECT_EQ(c.l1d_misses + c.l1d_hits, 0u) << "fetches do not touch the L1D";
  EXPECT_EQ(platform.llc().stats().reads, 256u);
  EXPECT_TRUE(has_stat(platform, "cores[0].l1i.misses"));
}

TEST_F(CoreHierarchyTest, AFetchStraddlingTwoLinesTouchesBoth) {
  Platform platform("platform", load({kL1i}));
  Buffer code(128);
  LambdaWorkload w([&](Core& core) { core.fetch(code.at(60), 8); });
  platform.run(w);
  EXPECT_EQ(platform.core(0).instructions, 1u);
  EXPECT_EQ(platform.core(0).l1i_misses, 2u);
}

TEST_F(CoreHierarchyTest, WithL2TheL1iMissesAreServedByTheInclusiveL2) {
  Platform platform("platform", load({kL1i}));
  Buffer code(64 * 1024);  // twice the L1I, a quarter of the L2
  LambdaWorkload w([&](Core& core) {
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t pc = 0; pc < code.n; pc += 64) core.fetch(code.at(pc), 4);
  });
  platform.run(w);
  const Core& c = platform.core(0);
  EXPECT_EQ(c.l1i_misses, 2u * 1024);
  EXPECT_EQ(c.l2_misses, 1024u);
  EXPECT_EQ(c.l2_hits, 1024u);
  EXPECT_EQ(platform.llc().stats().reads, 1024u);
}

TEST_F(CoreHierarchyTest, AnL1iMissStallsForItsWholeLatency) {
  const PlatformConfig cfg = load({kL1i});
  Platform platform("platform", cfg);
  Buffer code(64);
  LambdaWorkload w([&](Core& core) { core.fetch(code.at(0), 4); });
  platform.run(w);
  const double cycle_ns = 1 / cfg.cores.clock_ghz;
  const double dram_ns = cfg.dram.latency_ns + cfg.dram.transfer_ns(64);
  const double beyond_l1 = (cfg.cores.l2.latency_cycles - cfg.cores.l1i.latency_cycles) +
                           cfg.llc.sram.read_cycles + dram_ns / cycle_ns;
  EXPECT_NEAR(platform.core(0).stall_cycles, beyond_l1, 0.01) << "no division by mlp";
}

TEST_F(CoreHierarchyTest, LlcEvictionBackInvalidatesTheL1iCopy) {
  const PlatformConfig cfg = load({kL1i, "cores.l2.enabled=false"});
  Platform platform("platform", cfg);
  const std::size_t llc_stride = cfg.llc.geometry.sets() * 64;
  Buffer buf(llc_stride * (cfg.llc.geometry.ways + 1));
  std::uint64_t misses_before = 0;
  LambdaWorkload w([&](Core& core) {
    core.fetch(buf.at(0), 4);
    // More lines of that LLC set than it has ways, through the L1D: the LLC evicts the code line.
    for (unsigned k = 1; k <= cfg.llc.geometry.ways; ++k)
      core.access(buf.at(k * llc_stride), 8, false);
    misses_before = core.l1i_misses;
    core.fetch(buf.at(0), 4);
  });
  platform.run(w);
  EXPECT_GE(platform.llc().stats().back_invalidations, 1u);
  EXPECT_EQ(platform.core(0).l1i_misses, misses_before + 1);
}

TEST_F(CoreHierarchyTest, CodeAndDataInOneLineStayTrackedWhenTheDataIsWrittenBack) {
  // No L2: a dirty L1D victim whose line the L1I still holds is written back without leaving
  // the LLC's sharer set, so a later LLC eviction still reaches the L1I copy.
  const PlatformConfig cfg = load({kL1i, "cores.l2.enabled=false"});
  Platform platform("platform", cfg);
  const std::size_t l1_stride = cfg.cores.l1d.geometry.sets() * 64;
  const std::size_t llc_stride = cfg.llc.geometry.sets() * 64;
  Buffer buf(llc_stride * (cfg.llc.geometry.ways + 1));
  std::uint64_t misses_before = 0;
  LambdaWorkload w([&](Core& core) {
    core.fetch(buf.at(0), 4);
    core.access(buf.at(32), 8, true);  // the same line, dirty in the L1D
    for (unsigned k = 1; k <= cfg.cores.l1d.geometry.ways; ++k)
      core.access(buf.at(k * l1_stride), 8, false);  // evicts it from the L1D: a write-back
    for (unsigned k = 1; k <= cfg.llc.geometry.ways; ++k)
      core.access(buf.at(k * llc_stride), 8, false);  // evicts it from the LLC
    misses_before = core.l1i_misses;
    core.fetch(buf.at(0), 4);
  });
  platform.run(w);
  EXPECT_EQ(platform.core(0).l1d_writebacks, 1u);
  EXPECT_EQ(platform.llc().stats().writes, 1u);
  EXPECT_GE(platform.llc().stats().back_invalidations, 1u);
  EXPECT_EQ(platform.core(0).l1i_misses, misses_before + 1) << "the L1I copy went with the LLC's";
}

TEST_F(CoreHierarchyTest, DisabledL2MayKeepItsKeysButTheyAreStillChecked) {
  EXPECT_FALSE(load({"cores.l2.enabled=false"}).cores.has_l2);
  EXPECT_TRUE(load({}).cores.has_l2);
  EXPECT_FALSE(load({}).cores.has_l1i);
  EXPECT_THROW(load({"cores.l2.enabled=false", "cores.l2.ways=3"}), InputError);
  EXPECT_THROW(load({R"(cores.l2={"enabled":false,"size_bytes":1000})"}), InputError);
  EXPECT_FALSE(load({R"(cores.l2={"enabled":false})"}).cores.has_l2);
}

}  // namespace
}  // namespace sttvp
