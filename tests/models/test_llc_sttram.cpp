// Model tests of STT-RAM retention faults in the LLC: flips land in the data store, permanent on
// dirty lines, transient on clean ones (undone when the line leaves the hierarchy).
#include <gtest/gtest.h>

#include <bitset>
#include <cstring>
#include <memory>
#include <vector>

#include "models/cache/Llc.h"
#include "models/dram/Dram.h"
#include "tests/models/ScriptedInitiator.h"
#include "tests/support/SystemCTest.h"

namespace sttvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_US;
using test::ScriptedInitiator;

constexpr std::uint64_t kBase = 0x10000;
constexpr std::uint64_t kSize = 1 << 24;
constexpr std::uint64_t kStride = 256 * 64;  // same set: 64 KiB, 4 ways, 256 sets

// A 64 KiB 4-way LLC built from the STT-RAM technology file, with `llc` overrides.
LlcConfig stt_llc(const std::string& llc) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/tech/sttram-32nm.json");
  doc->json()["llc"].merge_patch(Json::parse(
      R"({"technology": "sttram", "size_bytes": 65536, "ways": 4, "banks": 4, "clock_ghz": 1})"));
  doc->json()["llc"].merge_patch(Json::parse(llc));
  return LlcConfig::parse(ConfigNode(doc).child("llc"), 64, 3);
}

DramConfig sparse_dram() {
  DramConfig d;
  d.latency_ns = 50;
  d.channels = 1;
  d.transfer_rate_mts = 1000;
  d.bus_bytes = 8;
  d.store = "sparse";
  d.base = kBase;
  d.size_bytes = kSize;
  return d;
}

int bit_difference(const unsigned char* a, const unsigned char* b) {
  int n = 0;
  for (int i = 0; i < 64; ++i) n += static_cast<int>(std::bitset<8>(a[i] ^ b[i]).count());
  return n;
}

class LlcSttramTest : public test::SystemCTest {
 protected:
  void build(const LlcConfig& config, std::function<void(ScriptedInitiator&)> script) {
    init = std::make_unique<ScriptedInitiator>("init", std::move(script));
    cache = std::make_unique<Llc>("llc", config, kBase, kSize);
    dram = std::make_unique<Dram>("dram", sparse_dram(), 64);
    init->out.bind(cache->in);
    cache->mem.bind(dram->in);
  }
  // The store's bytes, seen without the cache's involvement.
  void peek(std::uint64_t addr, unsigned char* out) { dram->store().read(addr, out, 64); }
  void poke(std::uint64_t addr, const unsigned char* in) { dram->store().write(addr, in, 64); }

  std::unique_ptr<ScriptedInitiator> init;
  std::unique_ptr<Llc> cache;
  std::unique_ptr<Dram> dram;
  unsigned char pattern[64];
  LlcSttramTest() {
    for (int i = 0; i < 64; ++i) pattern[i] = static_cast<unsigned char>(0x5a ^ (i * 7));
  }
};

// 1 us retention (mean time to a bit flip): after 2 us most bits of a line have flipped.
const char* kShort = R"({"sttram": {"retention_s": 1e-6}})";

TEST_F(LlcSttramTest, DirtyLineFlipsArePermanent) {
  unsigned char seen[64], after[64];
  build(stt_llc(kShort), [&](ScriptedInitiator& i) {
    i.write(kBase, pattern, 64);  // full-line write miss: dirty, no fetch
    sc_core::wait(sc_time(2, SC_US));
    i.read(kBase, seen, 64);
    for (int k = 1; k <= 4; ++k) {  // evict it
      unsigned char buf[64];
      i.read(kBase + k * kStride, buf, 64);
    }
  });
  sc_core::sc_start();
  peek(kBase, after);
  const int flipped = bit_difference(seen, pattern);
  EXPECT_GT(flipped, 0);
  EXPECT_EQ(cache->stats().retention(0).reads, 1u);
  EXPECT_EQ(cache->stats().retention(0).sampled_failures, 1u);
  EXPECT_EQ(cache->stats().retention(0).flipped_bits, static_cast<std::uint64_t>(flipped));
  EXPECT_EQ(std::memcmp(after, seen, 64), 0) << "written back with its flips";
  EXPECT_EQ(cache->stats().flips_undone, 0u);
}

TEST_F(LlcSttramTest, FlipObserverSeesEveryAppliedFlip) {
  unsigned char seen[64];
  std::vector<std::pair<std::uint64_t, unsigned>> observed;
  bool all_permanent = true;
  build(stt_llc(kShort), [&](ScriptedInitiator& i) {
    i.write(kBase, pattern, 64);  // dirty: flips are permanent
    sc_core::wait(sc_time(2, SC_US));
    i.read(kBase, seen, 64);
  });
  cache->set_flip_observer([&](std::uint64_t addr, unsigned bit, bool permanent) {
    observed.emplace_back(addr, bit);
    all_permanent &= permanent;
  });
  sc_core::sc_start();
  EXPECT_EQ(observed.size(), static_cast<std::size_t>(bit_difference(seen, pattern)));
  EXPECT_TRUE(all_permanent);
  for (const auto& [addr, bit] : observed) {
    ASSERT_GE(addr, kBase);
    ASSERT_LT(addr, kBase + 64);
    EXPECT_NE((seen[addr - kBase] ^ pattern[addr - kBase]) & (1u << bit), 0);
  }
}

TEST_F(LlcSttramTest, CleanLineFlipsAreUndoneWhenItLeaves) {
  unsigned char seen[64], after[64];
  build(stt_llc(kShort), [&](ScriptedInitiator& i) {
    unsigned char buf[64];
    i.read(kBase, buf, 64);  // clean fill
    sc_core::wait(sc_time(2, SC_US));
    i.read(kBase, seen, 64);
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * kStride, buf, 64);
  });
  poke(kBase, pattern);
  sc_core::sc_start();
  peek(kBase, after);
  EXPECT_GT(bit_difference(seen, pattern), 0) << "the reader consumed the flips";
  EXPECT_EQ(std::memcmp(after, pattern, 64), 0) << "memory still holds the correct data";
  EXPECT_EQ(cache->stats().flips_undone, static_cast<std::uint64_t>(bit_difference(seen, pattern)));
}

TEST_F(LlcSttramTest, LaterReadsOfTheSameResidencySeeASupersetOfFlips) {
  unsigned char first[64], second[64];
  build(stt_llc(R"({"sttram": {"retention_s": 1e-4}})"), [&](ScriptedInitiator& i) {
    i.write(kBase, pattern, 64);
    sc_core::wait(sc_time(1, SC_US));
    i.read(kBase, first, 64);
    sc_core::wait(sc_time(20, SC_US));
    i.read(kBase, second, 64);
  });
  sc_core::sc_start();
  for (int b = 0; b < 64; ++b)
    EXPECT_EQ((first[b] ^ pattern[b]) & ~(second[b] ^ pattern[b]), 0) << "byte " << b;
  EXPECT_GE(bit_difference(second, pattern), bit_difference(first, pattern));
}

TEST_F(LlcSttramTest, StatisticsOnlyLeavesTheStoreIntact) {
  unsigned char seen[64];
  build(stt_llc(R"({"sttram": {"retention_s": 1e-6}, "retention": {"apply_flips": false}})"),
        [&](ScriptedInitiator& i) {
          i.write(kBase, pattern, 64);
          sc_core::wait(sc_time(2, SC_US));
          i.read(kBase, seen, 64);
        });
  sc_core::sc_start();
  EXPECT_EQ(std::memcmp(seen, pattern, 64), 0);
  EXPECT_EQ(cache->stats().retention(0).sampled_failures, 1u);
  EXPECT_GT(cache->stats().retention(0).flipped_bits, 0u);
}

TEST_F(LlcSttramTest, WritingACleanLineKeepsTheFlipsItDidNotOverwrite) {
  unsigned char seen[64], after[64];
  build(stt_llc(kShort), [&](ScriptedInitiator& i) {
    unsigned char buf[64];
    i.read(kBase, buf, 64);  // clean fill
    sc_core::wait(sc_time(2, SC_US));
    i.read(kBase, seen, 64);     // flips applied, transient
    i.write(kBase, pattern, 8);  // the first word is rewritten: now dirty
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * kStride, buf, 64);
  });
  poke(kBase, pattern);
  sc_core::sc_start();
  peek(kBase, after);
  EXPECT_EQ(std::memcmp(after, pattern, 8), 0);
  EXPECT_EQ(std::memcmp(after + 8, seen + 8, 56), 0) << "the other flips persist";
}

TEST_F(LlcSttramTest, ExpiredCleanLineIsRefetchedNotRead) {
  unsigned char seen[64];
  build(stt_llc(R"({"sttram": {"retention_s": 1e-6}, "retention": {"policy": "expire"}})"),
        [&](ScriptedInitiator& i) {
          unsigned char buf[64];
          i.read(kBase, buf, 64);
          sc_core::wait(sc_time(5, SC_US));
          i.read(kBase, seen, 64);
        });
  poke(kBase, pattern);
  sc_core::sc_start();
  EXPECT_EQ(std::memcmp(seen, pattern, 64), 0);
  EXPECT_EQ(cache->stats().expired_invalidations, 1u);
  EXPECT_EQ(cache->stats().misses, 2u);
  EXPECT_EQ(cache->stats().retention(0).reads, 0u);
}

TEST_F(LlcSttramTest, RefreshRestartsTheResidencyEveryInterval) {
  build(stt_llc(R"({"sttram": {"retention_s": 1e-3},
                    "retention": {"policy": "refresh", "interval_fraction": 0.25}})"),
        [&](ScriptedInitiator& i) {
          unsigned char buf[64];
          i.write(kBase, pattern, 64);
          sc_core::wait(sc_time(1100, SC_US));  // 4 refreshes (every 250 us), then 100 us
          i.read(kBase, buf, 64);
        });
  sc_core::sc_start();
  EXPECT_EQ(cache->stats().refreshes, 4u);
  EXPECT_EQ(cache->stats().retention(0).expired_reads, 0u);
  // The read's failure probability is that of the 100 us since the last refresh.
  const double expected = -std::expm1(-512 * 100e-6 / 1e-3);
  EXPECT_NEAR(cache->stats().retention(0).expected_failures, expected, 0.01 * expected);
  EXPECT_GT(cache->stats().refresh_energy_nj(), 0);
}

TEST_F(LlcSttramTest, DirtyLineEvictedUnreadWritesItsFlipsToMemory) {
  unsigned char after[64];
  std::size_t observed = 0;
  bool all_permanent = true;
  build(stt_llc(kShort), [&](ScriptedInitiator& i) {
    i.write(kBase, pattern, 64);  // dirty, never read in the LLC
    sc_core::wait(sc_time(2, SC_US));
    unsigned char buf[64];
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * kStride, buf, 64);  // evicts it
  });
  cache->set_flip_observer([&](std::uint64_t, unsigned, bool permanent) {
    ++observed;
    all_permanent &= permanent;
  });
  sc_core::sc_start();
  peek(kBase, after);
  const int flipped = bit_difference(after, pattern);
  EXPECT_GT(flipped, 0) << "memory received the flips sampled at the eviction";
  EXPECT_EQ(cache->stats().writeback_failures, 1u);
  EXPECT_EQ(cache->stats().writeback_flipped_bits, static_cast<std::uint64_t>(flipped));
  EXPECT_EQ(observed, static_cast<std::size_t>(flipped));
  EXPECT_TRUE(all_permanent);
  EXPECT_EQ(cache->stats().retention(0).reads, 0u);  // not a read: no read statistics
  EXPECT_EQ(cache->stats().flips_undone, 0u);
}

TEST_F(LlcSttramTest, DirtyLineEvictedAfterAReadWritesBackTheLaterFlipsToo) {
  unsigned char seen[64], after[64];
  build(stt_llc(R"({"sttram": {"retention_s": 1e-4}})"), [&](ScriptedInitiator& i) {
    i.write(kBase, pattern, 64);
    sc_core::wait(sc_time(1, SC_US));
    i.read(kBase, seen, 64);
    sc_core::wait(sc_time(50, SC_US));
    unsigned char buf[64];
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * kStride, buf, 64);
  });
  sc_core::sc_start();
  peek(kBase, after);
  EXPECT_EQ(cache->stats().writeback_flipped_bits,
            static_cast<std::uint64_t>(bit_difference(after, seen)));
  EXPECT_GT(bit_difference(after, seen), 0);
  for (int b = 0; b < 64; ++b)
    EXPECT_EQ((seen[b] ^ pattern[b]) & ~(after[b] ^ pattern[b]), 0) << "byte " << b;
}

TEST_F(LlcSttramTest, CleanLineEvictedUnreadLeavesMemoryIntact) {
  unsigned char after[64];
  build(stt_llc(kShort), [&](ScriptedInitiator& i) {
    unsigned char buf[64];
    i.read(kBase, buf, 64);  // clean fill
    sc_core::wait(sc_time(2, SC_US));
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * kStride, buf, 64);
  });
  poke(kBase, pattern);
  sc_core::sc_start();
  peek(kBase, after);
  EXPECT_EQ(std::memcmp(after, pattern, 64), 0);
  EXPECT_EQ(cache->stats().writeback_flipped_bits, 0u);
  EXPECT_EQ(cache->stats().writebacks, 0u);
}

// 64 dirty lines in distinct sets, read after `idle`, twice in a row.
struct EccRounds {
  std::uint64_t corrected_first = 0, corrected_second = 0, scrubs_first = 0;
};

TEST_F(LlcSttramTest, EccScrubWritesTheCorrectedLineBackAsAnArrayWrite) {
  EccRounds r;
  // About one flipped cell per 576-cell line after 2 us: mostly corrected words.
  build(stt_llc(R"({"sttram": {"retention_s": 1e-3}, "retention": {"policy": "ecc"}})"),
        [&](ScriptedInitiator& i) {
          for (int k = 0; k < 64; ++k) i.write(kBase + k * 64, pattern, 64);
          sc_core::wait(sc_time(2, SC_US));
          unsigned char buf[64];
          for (int k = 0; k < 64; ++k) i.read(kBase + k * 64, buf, 64);
          r.corrected_first = cache->stats().ecc_corrected;
          r.scrubs_first = cache->stats().ecc_scrubs;
          for (int k = 0; k < 64; ++k) i.read(kBase + k * 64, buf, 64);
          r.corrected_second = cache->stats().ecc_corrected;
        });
  sc_core::sc_start();
  EXPECT_GT(r.scrubs_first, 0u);
  EXPECT_LE(r.scrubs_first, r.corrected_first);
  // The scrubbed lines start a new residency: the second reads find nothing left to correct.
  EXPECT_EQ(r.corrected_second, r.corrected_first);
  EXPECT_EQ(cache->stats().ecc_scrubs, r.scrubs_first);
  // Each scrub is an array write, priced as one.
  EXPECT_EQ(cache->stats().array_writes_stt, 64 + cache->stats().ecc_scrubs);
}

TEST_F(LlcSttramTest, EccDoubleErrorInADirtyLineIsCountedAndPassedOnFlipped) {
  std::vector<int> wrong_bits;
  // About 12 flipped cells per line after 2 us: most lines have a word with two.
  build(stt_llc(R"({"sttram": {"retention_s": 1e-4}, "retention": {"policy": "ecc"}})"),
        [&](ScriptedInitiator& i) {
          for (int k = 0; k < 16; ++k) i.write(kBase + k * 64, pattern, 64);
          sc_core::wait(sc_time(2, SC_US));
          for (int k = 0; k < 16; ++k) {
            unsigned char buf[64];
            i.read(kBase + k * 64, buf, 64);
            wrong_bits.push_back(bit_difference(buf, pattern));
          }
        });
  sc_core::sc_start();
  const LlcStats& s = cache->stats();
  EXPECT_GT(s.ecc_dirty_uncorrectable, 0u);
  EXPECT_LE(s.ecc_dirty_uncorrectable, 16u);
  EXPECT_EQ(s.ecc_refetches, 0u) << "a dirty line has no clean copy to refetch";
  int lines_wrong = 0;
  for (int n : wrong_bits) lines_wrong += n > 0;
  // Every line with a detected or silent word is passed on with its flipped bits.
  EXPECT_GE(lines_wrong, static_cast<int>(s.ecc_dirty_uncorrectable));
}

// By default the interval follows from the target line-failure probability: here 1e-3 of a
// 1 ms point without variation, -ln(1 - 1e-3) x 1 ms / 512 = 1.9541 ns, and refresh pays for
// every interval it covers. Rewriting all 2^19 lines every 1.95 ns would take the banks' time
// many times over, which the stats say.
TEST_F(LlcSttramTest, RefreshIntervalFollowsFromTheTargetFailureProbability) {
  LlcConfig cfg = stt_llc(R"({"sttram": {"retention_s": 1e-3, "variation_sigma_fraction": 0},
                              "retention": {"policy": "refresh", "interval_failure": 1e-3}})");
  build(cfg, [&](ScriptedInitiator& i) {
    unsigned char buf[64];
    i.write(kBase, pattern, 64);
    sc_core::wait(sc_time(1, SC_US));
    i.read(kBase, buf, 64);
  });
  sc_core::sc_start();
  const double interval_ns = -std::log1p(-1e-3) * 1e-3 / 512 * 1e9;
  EXPECT_NEAR(cache->stats().policy_interval_ns, interval_ns, 1e-3);
  const auto interval_ps = static_cast<std::uint64_t>(cache->stats().policy_interval_ns * 1e3);
  // The write lands after its miss's fill, some tens of ns into the microsecond.
  EXPECT_NEAR(static_cast<double>(cache->stats().refreshes), 1e6 / interval_ps,
              0.05 * 1e6 / interval_ps);
  EXPECT_LT(cache->stats().retention(0).expected_failures, 1e-3);
  const double lines = static_cast<double>(cfg.geometry.size_bytes) / 64;
  EXPECT_NEAR(cache->stats().refresh_bank_share,
              lines * cfg.sttram.bank_write_busy_cycles * 1e3 / (cfg.banks * interval_ps), 1e-6);
  EXPECT_GT(cache->stats().refresh_bank_share, 1);
  // At the shortest interval the banks sustain, 1.9541 ns x the bank share.
  const double floor_s = cache->stats().refresh_bank_share * interval_ps * 1e-12;
  EXPECT_NEAR(cache->stats().refresh_floor_failure, -std::expm1(-512 * floor_s / 1e-3), 1e-9);
  EXPECT_GT(cache->stats().refresh_floor_failure, 1e-3);
}

TEST_F(LlcSttramTest, ExpiredDirtyLineWritesItsFlipsBackAtTheInterval) {
  unsigned char seen[64], after[64];
  build(stt_llc(R"({"sttram": {"retention_s": 1e-6, "variation_sigma_fraction": 0},
                    "retention": {"policy": "expire", "interval_fraction": 1}})"),
        [&](ScriptedInitiator& i) {
          i.write(kBase, pattern, 64);  // dirty; written back and invalid 1 us later
          sc_core::wait(sc_time(3, SC_US));
          i.read(kBase, seen, 64);  // misses: refetches what the write-back carried
        });
  sc_core::sc_start();
  peek(kBase, after);
  EXPECT_EQ(cache->stats().early_writebacks, 1u);
  EXPECT_EQ(cache->stats().writeback_failures, 1u);
  EXPECT_GT(bit_difference(after, pattern), 0);
  EXPECT_EQ(cache->stats().writeback_flipped_bits,
            static_cast<std::uint64_t>(bit_difference(after, pattern)));
  EXPECT_EQ(std::memcmp(seen, after, 64), 0);
}

TEST_F(LlcSttramTest, SttWriteOccupiesItsBankForThePulse) {
  ScriptedInitiator::Result during{};
  LlcConfig cfg = stt_llc(R"({"sttram": {"retention_s": 1.0}})");
  build(cfg, [&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    i.write(kBase + 4 * 64, buf, 64);  // a line of bank 0
    i.write(kBase, buf, 64);           // another line of bank 0
    sc_core::wait(sc_time(1, SC_US));
    i.write(kBase, buf, 64);  // write hit: occupies bank 0 for the pulse
    during = i.read(kBase + 4 * 64, buf, 64);
  });
  sc_core::sc_start();
  const double pulse_cycles = cfg.sttram.bank_write_busy_cycles;  // 1 GHz: cycles are ns
  EXPECT_EQ(during.latency, sc_time(pulse_cycles + cfg.sttram.read_cycles, SC_NS));
}

}  // namespace
}  // namespace sttvp
