// Model tests of the LLC target with a scripted initiator and the DRAM target (sparse store).
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <set>

#include "models/cache/Llc.h"
#include "models/common/Picoseconds.h"
#include "models/dram/Dram.h"
#include "tests/models/ScriptedInitiator.h"
#include "tests/support/SystemCTest.h"

namespace sttvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;
using test::ScriptedInitiator;

constexpr std::uint64_t kBase = 0x10000;
constexpr std::uint64_t kSize = 1 << 24;

LlcConfig small_llc() {
  LlcConfig c;
  c.geometry = {64 * 1024, 4, 64};  // 256 sets, 4 ways
  c.banks = 4;
  c.clock_ghz = 1;  // cycles are nanoseconds
  c.sram_ways = 4;
  c.sram.read_cycles = 20;
  c.sram.write_cycles = 30;
  c.sram.bank_read_busy_cycles = 2;
  c.sram.bank_write_busy_cycles = 5;
  c.sram.read_nj = 1;
  c.sram.write_nj = 2;
  c.sram.leakage_mw_per_mib = 160;  // 10 mW for this 64 KiB array
  return c;
}

DramConfig small_dram() {
  DramConfig d;
  d.latency_ns = 50;
  d.channels = 1;
  d.transfer_rate_mts = 1000;  // 8 GB/s: 8 ns per line
  d.bus_bytes = 8;
  d.read_nj = 5;
  d.write_nj = 6;
  d.store = "sparse";
  d.base = kBase;
  d.size_bytes = kSize;
  return d;
}

// Records back-invalidations, standing in for a core's private caches.
struct FakePrivateCache : PrivateCacheControl {
  std::set<std::uint64_t> held;
  std::set<std::uint64_t> dirty;
  std::vector<std::uint64_t> invalidated;
  bool back_invalidate(std::uint64_t line) override {
    invalidated.push_back(line);
    held.erase(line);
    return dirty.erase(line) > 0;
  }
};

class LlcTest : public test::SystemCTest {
 protected:
  void build(std::function<void(ScriptedInitiator&)> script, LlcConfig llc = small_llc()) {
    init = std::make_unique<ScriptedInitiator>("init", std::move(script));
    cache = std::make_unique<Llc>("llc", llc, kBase, kSize);
    dram = std::make_unique<Dram>("dram", small_dram(), 64);
    init->out.bind(cache->in);
    cache->mem.bind(dram->in);
  }
  std::unique_ptr<ScriptedInitiator> init;
  std::unique_ptr<Llc> cache;
  std::unique_ptr<Dram> dram;
};

TEST_F(LlcTest, MissThenHitWithConfiguredLatencies) {
  ScriptedInitiator::Result miss{}, hit{};
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64];
    miss = i.read(kBase, buf, 64);
    sc_core::wait(sc_time(1, sc_core::SC_US));  // the fill has been written by then
    hit = i.read(kBase, buf, 64);
  });
  sc_core::sc_start();
  EXPECT_EQ(miss.status, tlm::TLM_OK_RESPONSE);
  // Miss: 20 ns tag/array + 50 ns DRAM latency + 8 ns transfer.
  EXPECT_EQ(miss.latency, sc_time(78, SC_NS));
  EXPECT_EQ(hit.latency, sc_time(20, SC_NS));
  EXPECT_EQ(cache->stats().misses, 1u);
  EXPECT_EQ(cache->stats().hits, 1u);
  EXPECT_EQ(cache->stats().fills, 1u);
  EXPECT_EQ(dram->reads, 1u);
}

TEST_F(LlcTest, WrittenDataReadsBackThroughTheCache) {
  std::vector<unsigned char> back(64);
  build([&](ScriptedInitiator& i) {
    unsigned char data[64];
    for (int k = 0; k < 64; ++k) data[k] = static_cast<unsigned char>(k * 3 + 1);
    EXPECT_EQ(i.write(kBase + 128, data, 64).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(i.read(kBase + 128, back.data(), 64).status, tlm::TLM_OK_RESPONSE);
  });
  sc_core::sc_start();
  for (int k = 0; k < 64; ++k) EXPECT_EQ(back[k], k * 3 + 1);
  EXPECT_EQ(cache->stats().write_misses, 1u);
  EXPECT_EQ(cache->stats().fills, 0u);  // a full-line write allocates without fetching
  EXPECT_EQ(cache->stats().read_hits, 1u);
}

TEST_F(LlcTest, UnalignedAccessSpanningTwoLines) {
  std::vector<unsigned char> back(16);
  build([&](ScriptedInitiator& i) {
    unsigned char data[16];
    for (int k = 0; k < 16; ++k) data[k] = static_cast<unsigned char>(200 + k);
    i.write(kBase + 56, data, 16);
    i.read(kBase + 56, back.data(), 16);
  });
  sc_core::sc_start();
  for (int k = 0; k < 16; ++k) EXPECT_EQ(back[k], 200 + k);
  EXPECT_EQ(cache->stats().writes, 2u);  // lines
  EXPECT_EQ(cache->stats().fills, 2u);   // partial writes fetch the rest of each line
}

TEST_F(LlcTest, OutOfRangeAddressIsAnAddressError) {
  tlm::tlm_response_status below{}, above{};
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64];
    below = i.read(kBase - 64, buf, 64).status;
    above = i.read(kBase + kSize - 32, buf, 64).status;
  });
  sc_core::sc_start();
  EXPECT_EQ(below, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(above, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(cache->stats().reads, 0u);
}

// Byte enables are honoured (more rules in test_tlm_conformance.cpp).
TEST_F(LlcTest, ByteEnablesWriteOnlyEnabledBytes) {
  tlm::tlm_response_status status{};
  build([&](ScriptedInitiator& i) {
    unsigned char buf[8] = {1, 2, 3, 4, 5, 6, 7, 8}, be[8] = {0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0};
    status =
        i.transact(tlm::TLM_WRITE_COMMAND, kBase, buf, 8, nullptr, sc_core::SC_ZERO_TIME, be, 8)
            .status;
  });
  sc_core::sc_start();
  EXPECT_EQ(status, tlm::TLM_OK_RESPONSE);
  unsigned char now[8];
  dram->store().read(kBase, now, 8);
  const unsigned char expected[8] = {1, 0, 3, 0, 5, 0, 7, 0};
  EXPECT_EQ(std::memcmp(now, expected, 8), 0);
}

TEST_F(LlcTest, RefusesDmi) {
  bool granted = true;
  build([&](ScriptedInitiator& i) {
    tlm::tlm_generic_payload t;
    t.set_address(kBase);
    t.set_command(tlm::TLM_READ_COMMAND);
    tlm::tlm_dmi dmi;
    granted = i.out->get_direct_mem_ptr(t, dmi);
  });
  sc_core::sc_start();
  EXPECT_FALSE(granted);
}

TEST_F(LlcTest, DebugTransportChangesNoStateAndNoTime) {
  std::vector<unsigned char> seen(64);
  build([&](ScriptedInitiator& i) {
    unsigned char data[64];
    std::memset(data, 0x5a, 64);
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_WRITE_COMMAND);
    t.set_address(kBase + 4096);
    t.set_data_ptr(data);
    t.set_data_length(64);
    EXPECT_EQ(i.out->transport_dbg(t), 64u);
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_data_ptr(seen.data());
    EXPECT_EQ(i.out->transport_dbg(t), 64u);
  });
  sc_core::sc_start();
  EXPECT_EQ(seen[0], 0x5a);
  EXPECT_EQ(
      cache->stats().reads + cache->stats().writes + cache->stats().hits + cache->stats().misses,
      0u);
  EXPECT_EQ(dram->reads + dram->writes, 0u);
  EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::SC_ZERO_TIME);
}

TEST_F(LlcTest, DirtyVictimIsWrittenBackCleanVictimIsNot) {
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    const std::uint64_t stride = 256 * 64;                             // same set
    i.write(kBase, buf, 64);                                           // dirty
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * stride, buf, 64);  // evicts the dirty line
    for (int k = 5; k <= 8; ++k) i.read(kBase + k * stride, buf, 64);  // evicts clean lines
  });
  sc_core::sc_start();
  EXPECT_EQ(cache->stats().misses, 9u);
  EXPECT_EQ(cache->stats().writebacks, 1u);
  EXPECT_EQ(dram->writes, 1u);
}

TEST_F(LlcTest, EvictionBackInvalidatesPrivateCopies) {
  FakePrivateCache core0;
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    InitiatorExtension ext;
    ext.id = 0;
    const std::uint64_t stride = 256 * 64;
    i.read(kBase, buf, 64, &ext);
    core0.held.insert(kBase / 64);
    core0.dirty.insert(kBase / 64);  // the core wrote it privately
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * stride, buf, 64);  // no extension: untracked
  });
  cache->attach_private_cache(0, &core0);
  sc_core::sc_start();
  ASSERT_EQ(core0.invalidated.size(), 1u);
  EXPECT_EQ(core0.invalidated[0], kBase / 64);
  EXPECT_EQ(cache->stats().back_invalidations, 1u);
  // The private copy was dirty, so the victim was written back.
  EXPECT_EQ(cache->stats().writebacks, 1u);
}

TEST_F(LlcTest, ExclusiveFillInvalidatesOtherSharers) {
  FakePrivateCache core0, core1;
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    InitiatorExtension e0, e1;
    e0.id = 0;
    e1.id = 1;
    i.read(kBase, buf, 64, &e0);
    e1.exclusive = true;
    i.read(kBase, buf, 64, &e1);
  });
  cache->attach_private_cache(0, &core0);
  cache->attach_private_cache(1, &core1);
  sc_core::sc_start();
  EXPECT_EQ(core0.invalidated.size(), 1u);
  EXPECT_TRUE(core1.invalidated.empty());
}

TEST_F(LlcTest, WriteBackEvictionClearsTheSharer) {
  FakePrivateCache core0;
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    InitiatorExtension e0;
    e0.id = 0;
    i.read(kBase, buf, 64, &e0);
    e0.eviction = true;
    i.write(kBase, buf, 64, &e0);  // the core evicted it: no longer a sharer
    const std::uint64_t stride = 256 * 64;
    for (int k = 1; k <= 4; ++k) i.read(kBase + k * stride, buf, 64);
  });
  cache->attach_private_cache(0, &core0);
  sc_core::sc_start();
  EXPECT_TRUE(core0.invalidated.empty());
  EXPECT_EQ(cache->stats().writebacks, 1u);
}

// A core's source of line requests: a script of steps, each a list of requests issued at a local
// time; records the latencies the LLC answered.
struct ScriptedSource : LineBatch::Source {
  struct Step {
    std::vector<LineBatch::Entry> entries;
    std::uint64_t local_ps;
  };
  std::vector<Step> steps;
  std::size_t done = 0;
  std::vector<std::uint64_t> latencies;
  bool next(LineBatch& b) override {
    for (const LineBatch::Entry& e : b.entries) latencies.push_back(e.latency_ps);
    if (++done == steps.size()) return false;
    b.entries = steps[done].entries;
    b.local_ps = steps[done].local_ps;
    return true;
  }
  // Sends the script as one payload; its status.
  tlm::tlm_response_status send(ScriptedInitiator& i, LineBatch* batch) {
    batch->source = this;
    batch->entries = steps[0].entries;
    batch->local_ps = steps[0].local_ps;
    tlm::tlm_generic_payload t;
    unsigned char buf[64] = {};
    t.set_command(tlm::TLM_IGNORE_COMMAND);
    t.set_address(kBase);
    t.set_data_ptr(buf);
    t.set_data_length(64);
    t.set_streaming_width(64);
    t.set_extension(batch);
    sc_time delay = picoseconds(steps[0].local_ps);
    i.out->b_transport(t, delay);
    t.clear_extension(batch);
    return t.get_response_status();
  }
};

LineBatch::Entry fill(std::uint64_t addr) { return {addr / 64, 0, false, false, false}; }

TEST_F(LlcTest, LineBatchServesEachStepAtItsIssueTimeAndAsksForTheNext) {
  ScriptedSource core;
  LineBatch batch;
  std::vector<unsigned char> scratch(64);
  batch.scratch = scratch.data();
  // A miss at local time 0, then the same line 1 us later (a hit: the fill has landed), then a
  // miss and the dirty victim's write-back of another line in one step.
  core.steps = {{{fill(kBase)}, 0},
                {{fill(kBase)}, 1'000'000},
                {{fill(kBase + 64), {(kBase + 128) / 64, 0, true, false, true}}, 2'000'000}};
  tlm::tlm_response_status status{};
  build([&](ScriptedInitiator& i) { status = core.send(i, &batch); });
  sc_core::sc_start();
  EXPECT_EQ(status, tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(core.done, 3u);
  // As MissThenHitWithConfiguredLatencies: a miss 78 ns, a hit 20 ns; the write-back (a full-line
  // write miss) 20 ns, not waiting for memory.
  EXPECT_EQ(core.latencies, (std::vector<std::uint64_t>{78'000, 20'000, 78'000, 20'000}));
  EXPECT_EQ(cache->stats().hits, 1u);
  EXPECT_EQ(cache->stats().misses, 3u);
  EXPECT_EQ(cache->stats().writes, 1u);
  EXPECT_EQ(cache->stats().fills, 2u);
}

TEST_F(LlcTest, LineBatchStopsAtALineOutsideTheRangeAndNamesIt) {
  ScriptedSource core;
  LineBatch batch;
  std::vector<unsigned char> scratch(64);
  batch.scratch = scratch.data();
  core.steps = {{{fill(kBase), fill(kBase + kSize), fill(kBase + 64)}, 0}};
  tlm::tlm_response_status status{};
  build([&](ScriptedInitiator& i) { status = core.send(i, &batch); });
  sc_core::sc_start();
  EXPECT_EQ(status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(batch.failed, 1u);
  EXPECT_EQ(core.done, 0u);  // not asked for more
  EXPECT_EQ(cache->stats().reads, 1u);
}

TEST_F(LlcTest, SameBankRequestsContendDifferentBanksDoNot) {
  ScriptedInitiator::Result a{}, b{}, c{};
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    // Warm three lines: line 0 and line 4 share bank 0; line 1 is bank 1.
    i.read(kBase, buf, 64);
    i.read(kBase + 4 * 64, buf, 64);
    i.read(kBase + 64, buf, 64);
    sc_core::wait(sc_time(1, sc_core::SC_US));
    a = i.read(kBase, buf, 64);
    b = i.read(kBase + 4 * 64, buf, 64);  // same bank, same time: waits 2 ns of occupancy
    c = i.read(kBase + 64, buf, 64);      // other bank: no wait
  });
  sc_core::sc_start();
  EXPECT_EQ(a.latency, sc_time(20, SC_NS));
  EXPECT_EQ(b.latency, sc_time(22, SC_NS));
  EXPECT_EQ(c.latency, sc_time(20, SC_NS));
}

TEST_F(LlcTest, FillOccupiesTheBankWhenTheDataArrives) {
  ScriptedInitiator::Result early{}, during{};
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    i.read(kBase + 4 * 64, buf, 64);  // warm a second line of bank 0
    sc_core::wait(sc_time(1, sc_core::SC_US));
    i.read(kBase, buf, 64);  // miss: its fill is written into bank 0 at +78 ns for 5 ns
    early = i.transact(tlm::TLM_READ_COMMAND, kBase + 4 * 64, buf, 64, nullptr, sc_time(10, SC_NS));
    during =
        i.transact(tlm::TLM_READ_COMMAND, kBase + 4 * 64, buf, 64, nullptr, sc_time(78, SC_NS));
  });
  sc_core::sc_start();
  EXPECT_EQ(early.latency, sc_time(20, SC_NS));
  EXPECT_EQ(during.latency, sc_time(25, SC_NS));
}

TEST_F(LlcTest, ReadDuringAFillWaitsForItsDataAtDistanceZero) {
  ScriptedInitiator::Result merged{};
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    i.read(kBase, buf, 64);  // miss: data arrives at 78 ns, written into bank 0 for 5 ns
    merged = i.transact(tlm::TLM_READ_COMMAND, kBase, buf, 64, nullptr, sc_time(10, SC_NS));
  });
  sc_core::sc_start();
  // Waits 68 ns for the data, then 5 ns for the fill's array write, then a 20 ns hit.
  EXPECT_EQ(merged.latency, sc_time(93, SC_NS));
  EXPECT_EQ(cache->stats().hits_under_fill, 1u);
  EXPECT_EQ(cache->stats().distance_inversions, 0u);
  EXPECT_DOUBLE_EQ(cache->stats().fill_wait_ns, 68.0);
  EXPECT_EQ(cache->stats().distances(0).count(0), 1u);
}

TEST_F(LlcTest, ReadStampedBeforeTheFillStartedIsACountedInversion) {
  ScriptedInitiator::Result early{};
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    // Another initiator's local time runs 500 ns ahead: its miss arrives at 500 ns, data at 578.
    i.transact(tlm::TLM_READ_COMMAND, kBase, buf, 64, nullptr, sc_time(500, SC_NS));
    early = i.read(kBase, buf, 64);  // stamped at 0 ns
  });
  sc_core::sc_start();
  // Merged with the fill at its own time: the fill's 78 ns, then a 20 ns hit.
  EXPECT_EQ(early.latency, sc_time(98, SC_NS));
  EXPECT_EQ(cache->stats().distance_inversions, 1u);
  EXPECT_EQ(cache->stats().hits_under_fill, 0u);
  EXPECT_EQ(cache->stats().distances(0).count(0), 1u);
}

TEST_F(LlcTest, DistanceIsMeasuredFromWhenTheDataIsReady) {
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    i.read(kBase, buf, 64);  // data ready at 78 ns
    i.transact(tlm::TLM_READ_COMMAND, kBase, buf, 64, nullptr, sc_time(78 + 1000, SC_NS));
    // A write hit lands when its bank starts it (at 2000 ns, bank 0 is free).
    i.transact(tlm::TLM_WRITE_COMMAND, kBase, buf, 64, nullptr, sc_time(2000, SC_NS));
    i.transact(tlm::TLM_READ_COMMAND, kBase, buf, 64, nullptr, sc_time(2000 + 10, SC_NS));
  });
  sc_core::sc_start();
  const DistanceHistogram& d = cache->stats().distances(0);
  EXPECT_EQ(d.total(), 2u);
  EXPECT_EQ(d.count(DistanceHistogram::bin_of(1000.0)), 1u);  // 1 us after the fill's data
  EXPECT_EQ(d.count(DistanceHistogram::bin_of(10.0)), 1u);    // 10 ns after the write
  EXPECT_EQ(cache->stats().hits_under_fill + cache->stats().distance_inversions, 0u);
}

TEST_F(LlcTest, EnergyCountsArrayReadsAndWrites) {
  build([&](ScriptedInitiator& i) {
    unsigned char buf[64] = {};
    i.read(kBase, buf, 64);   // fill: array write
    i.read(kBase, buf, 64);   // hit: array read
    i.write(kBase, buf, 64);  // hit: array write
  });
  sc_core::sc_start();
  EXPECT_EQ(cache->stats().array_reads_sram, 1u);
  EXPECT_EQ(cache->stats().array_writes_sram, 2u);
  EXPECT_DOUBLE_EQ(cache->stats().dynamic_energy_nj(), 1 * 1.0 + 2 * 2.0);
  EXPECT_DOUBLE_EQ(cache->stats().leakage_energy_nj(1e-3), 10.0 * 1e-3 * 1e6);
}

// The issue's budget for the LLC's per-line model state (tags, LRU, dirty, sharers, write time,
// flip slot, retention cache); bench/run.sh prints the figure.
TEST(LlcMetadata, FitsTheBudgetOf64BytesPerLine) { EXPECT_LE(Llc::metadata_bytes_per_line(), 64u); }

}  // namespace
}  // namespace sttvp
