// TLM-2.0 conformance of the two targets, the LLC and the DRAM, one test per rule of IEEE 1666-2011
// clause 14 (generic payload) and clause 11 (DMI, debug transport) that a target must keep:
// sizes and alignments, byte enables and their repetition, streaming width, response status for
// every command, payload attributes left alone, DMI refused by the LLC, debug transport without
// side effects, read-after-write. The rules the targets implement are listed in
// models/common/TargetPayload.h.
#include <gtest/gtest.h>

#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

#include "models/cache/Llc.h"
#include "models/common/Stats.h"
#include "models/dram/Dram.h"
#include "tests/models/ScriptedInitiator.h"
#include "tests/support/SystemCTest.h"

namespace sttvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_US;
using test::ScriptedInitiator;
using Bytes = std::vector<unsigned char>;

constexpr std::uint64_t kBase = 0x10000;
constexpr std::uint64_t kSize = 1 << 24;
constexpr unsigned kLine = 64;
constexpr std::uint64_t kStride = 256 * kLine;  // same set of the 64 KiB, 4-way LLC

LlcConfig sram_llc() {
  LlcConfig c;
  c.geometry = {64 * 1024, 4, kLine};  // 256 sets, 4 ways
  c.banks = 4;
  c.clock_ghz = 1;
  c.sram_ways = 4;
  c.sram.read_cycles = 20;
  c.sram.write_cycles = 30;
  c.sram.bank_read_busy_cycles = 2;
  c.sram.bank_write_busy_cycles = 5;
  c.sram.read_nj = 1;
  c.sram.write_nj = 2;
  return c;
}

// STT-RAM ways with 1 us retention (flips would be certain after a few us), `apply_flips` as given.
LlcConfig stt_llc(bool apply_flips) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/tech/sttram-32nm.json");
  doc->json()["llc"].merge_patch(Json::parse(
      R"({"technology": "sttram", "size_bytes": 65536, "ways": 4, "banks": 4, "clock_ghz": 1,
          "sttram": {"retention_s": 1e-6}})"));
  doc->json()["llc"]["retention"] = Json{{"apply_flips", apply_flips}};
  return LlcConfig::parse(ConfigNode(doc).child("llc"), kLine, 3);
}

DramConfig sparse_dram(std::uint64_t size = kSize) {
  DramConfig d;
  d.latency_ns = 50;
  d.channels = 2;
  d.transfer_rate_mts = 1000;
  d.bus_bytes = 8;
  d.read_nj = 5;
  d.write_nj = 6;
  d.store = "sparse";
  d.base = kBase;
  d.size_bytes = size;
  return d;
}

Bytes pattern(std::size_t n, unsigned seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>((i * 31 + seed * 17 + 1));
  return b;
}

// A generic payload with every attribute an initiator sets (clause 14 initial values).
struct Payload {
  tlm::tlm_generic_payload t;
  Payload(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, unsigned len,
          unsigned width = 0, unsigned char* be = nullptr, unsigned be_len = 0) {
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(data);
    t.set_data_length(len);
    t.set_streaming_width(width == 0 ? len : width);
    t.set_byte_enable_ptr(be);
    t.set_byte_enable_length(be_len);
    t.set_dmi_allowed(false);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  }
};

// Runs `p` through b_transport; checks the attributes a target must not modify (14.7).
tlm::tlm_response_status transport(ScriptedInitiator& i, Payload& p) {
  const auto& t = p.t;
  const tlm::tlm_command cmd = t.get_command();
  const std::uint64_t addr = t.get_address();
  unsigned char* data = t.get_data_ptr();
  const unsigned len = t.get_data_length(), width = t.get_streaming_width();
  unsigned char* be = t.get_byte_enable_ptr();
  const unsigned be_len = t.get_byte_enable_length();
  Bytes before;
  if (cmd == tlm::TLM_WRITE_COMMAND && data != nullptr) before.assign(data, data + len);
  sc_time delay = sc_core::SC_ZERO_TIME;
  i.out->b_transport(p.t, delay);
  EXPECT_EQ(t.get_command(), cmd);
  EXPECT_EQ(t.get_address(), addr);
  EXPECT_EQ(t.get_data_ptr(), data);
  EXPECT_EQ(t.get_data_length(), len);
  EXPECT_EQ(t.get_streaming_width(), width);
  EXPECT_EQ(t.get_byte_enable_ptr(), be);
  EXPECT_EQ(t.get_byte_enable_length(), be_len);
  if (!before.empty()) {
    EXPECT_EQ(Bytes(data, data + len), before) << "write data modified";
  }
  EXPECT_NE(t.get_response_status(), tlm::TLM_INCOMPLETE_RESPONSE) << "response status not set";
  return t.get_response_status();
}

// Debug-transport access to a socket (no time, no statistics).
unsigned debug(ScriptedInitiator& i, tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
               unsigned len) {
  tlm::tlm_generic_payload t;
  t.set_command(cmd);
  t.set_address(addr);
  t.set_data_ptr(data);
  t.set_data_length(len);
  return i.out->transport_dbg(t);
}

// Everything observable about the LLC: every statistic, and per line valid/tag/dirty plus the
// replacement choice of every set (its LRU state).
struct LlcSnapshot {
  Json stats;
  std::vector<std::uint64_t> tags;
  std::vector<bool> dirty;
  std::vector<unsigned> victims;
  bool operator==(const LlcSnapshot& o) const {
    return stats == o.stats && tags == o.tags && dirty == o.dirty && victims == o.victims;
  }
};

LlcSnapshot snapshot(Llc& llc, Dram& dram) {
  Stats stats;
  llc.register_stats(StatsScope(stats, "llc."));
  dram.register_stats(StatsScope(stats, "dram."));
  LlcSnapshot s;
  s.stats = stats.to_json();
  const CacheArray& a = llc.array();
  for (std::uint64_t set = 0; set < a.sets(); ++set) {
    s.victims.push_back(a.victim(set));
    for (unsigned way = 0; way < a.ways(); ++way) {
      s.tags.push_back(a.line_at(set, way));
      s.dirty.push_back(a.dirty(set, way));
    }
  }
  return s;
}

class LlcConformance : public test::SystemCTest {
 protected:
  void build(std::function<void(ScriptedInitiator&)> script, LlcConfig llc = sram_llc(),
             DramConfig mem = sparse_dram()) {
    init = std::make_unique<ScriptedInitiator>("init", std::move(script));
    cache = std::make_unique<Llc>("llc", llc, kBase, kSize);
    dram = std::make_unique<Dram>("dram", mem, kLine);
    init->out.bind(cache->in);
    cache->mem.bind(dram->in);
  }
  Bytes peek(std::uint64_t addr, std::size_t n) {
    Bytes b(n);
    dram->store().read(addr, b.data(), n);
    return b;
  }
  void poke(std::uint64_t addr, const Bytes& b) { dram->store().write(addr, b.data(), b.size()); }
  std::uint64_t lines() const { return cache->stats().reads + cache->stats().writes; }

  std::unique_ptr<ScriptedInitiator> init;
  std::unique_ptr<Llc> cache;
  std::unique_ptr<Dram> dram;
};

class DramConformance : public test::SystemCTest {
 protected:
  void build(std::function<void(ScriptedInitiator&)> script) {
    init = std::make_unique<ScriptedInitiator>("init", std::move(script));
    dram = std::make_unique<Dram>("dram", sparse_dram(), kLine);
    init->out.bind(dram->in);
  }
  Bytes peek(std::uint64_t addr, std::size_t n) {
    Bytes b(n);
    dram->store().read(addr, b.data(), n);
    return b;
  }
  void poke(std::uint64_t addr, const Bytes& b) { dram->store().write(addr, b.data(), b.size()); }

  std::unique_ptr<ScriptedInitiator> init;
  std::unique_ptr<Dram> dram;
};

const unsigned kSizes[] = {1, 2, 3, 4, 7, 8, 16, 31, 63, 64, 65, 100, 128, 129, 200, 256};
const unsigned kOffsets[] = {0, 1, 7, 31, 32, 62, 63};

std::uint64_t lines_spanned(std::uint64_t addr, unsigned len) {
  return (addr + len - 1) / kLine - addr / kLine + 1;
}

// ---------------------------------------------------------------------------------------------
// LLC

TEST_F(LlcConformance, AnySizeAndAlignmentReadsBackWhatWasWrittenAndCountsEveryLine) {
  build([&](ScriptedInitiator& i) {
    std::uint64_t region = kBase;
    unsigned seed = 0;
    for (unsigned len : kSizes)
      for (unsigned off : kOffsets) {
        const std::uint64_t addr = region + off;
        region += 4 * kLine;
        Bytes data = pattern(len, ++seed), back(len, 0);
        const std::uint64_t n = lines_spanned(addr, len);
        std::uint64_t before = lines();
        Payload w(tlm::TLM_WRITE_COMMAND, addr, data.data(), len);
        ASSERT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE) << len << "@" << off;
        EXPECT_EQ(lines() - before, n) << "write of " << len << " at +" << off;
        before = lines();
        Payload r(tlm::TLM_READ_COMMAND, addr, back.data(), len);
        ASSERT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(lines() - before, n) << "read of " << len << " at +" << off;
        EXPECT_EQ(back, data) << len << " bytes at +" << off;
        EXPECT_EQ(peek(addr, len), data) << "the store holds the written bytes";
      }
  });
  sc_core::sc_start();
  EXPECT_EQ(cache->stats().hits + cache->stats().misses,
            cache->stats().reads + cache->stats().writes);
}

TEST_F(LlcConformance, PartialLineWriteFetchesTheLineFullLineWriteDoesNot) {
  build([&](ScriptedInitiator& i) {
    Bytes full = pattern(kLine, 1), part = pattern(8, 2);
    Payload a(tlm::TLM_WRITE_COMMAND, kBase, full.data(), kLine);
    transport(i, a);
    EXPECT_EQ(cache->stats().fills, 0u);
    Payload b(tlm::TLM_WRITE_COMMAND, kBase + 4 * kLine + 3, part.data(), 8);
    transport(i, b);
    EXPECT_EQ(cache->stats().fills, 1u);
  });
  sc_core::sc_start();
}

TEST_F(LlcConformance, WriteWritesOnlyEnabledBytesWithTheByteEnableArrayRepeated) {
  Bytes old = pattern(32, 9), data = pattern(32, 4);
  build([&](ScriptedInitiator& i) {
    unsigned char be[2] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED};  // shorter than the data: repeats
    Payload w(tlm::TLM_WRITE_COMMAND, kBase + 60, data.data(), 32, 0, be, 2);
    EXPECT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
  });
  poke(kBase + 60, old);
  sc_core::sc_start();
  const Bytes now = peek(kBase + 60, 32);
  for (unsigned k = 0; k < 32; ++k) EXPECT_EQ(now[k], k % 2 == 0 ? data[k] : old[k]) << k;
  EXPECT_EQ(cache->stats().writes, 2u) << "two lines with enabled bytes";
  EXPECT_EQ(cache->stats().fills, 2u) << "partially enabled lines are fetched";
}

TEST_F(LlcConformance, ReadLeavesDisabledBytesOfTheDataArrayUntouched) {
  Bytes stored = pattern(40, 3), back(40, 0xEE);
  build([&](ScriptedInitiator& i) {
    unsigned char be[4] = {0, 0xff, 0xff, 0};
    Payload r(tlm::TLM_READ_COMMAND, kBase + 100, back.data(), 40, 0, be, 4);
    EXPECT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
  });
  poke(kBase + 100, stored);
  sc_core::sc_start();
  for (unsigned k = 0; k < 40; ++k)
    EXPECT_EQ(back[k], (k % 4 == 1 || k % 4 == 2) ? stored[k] : 0xEE) << k;
}

TEST_F(LlcConformance, ByteEnableLengthBeyondTheDataIsIgnored) {
  Bytes data = pattern(4, 5), old = pattern(4, 6);
  build([&](ScriptedInitiator& i) {
    unsigned char be[8] = {0xff, 0, 0xff, 0, 0x5a, 0x5a, 0x5a, 0x5a};  // 4..7: beyond the data
    Payload w(tlm::TLM_WRITE_COMMAND, kBase, data.data(), 4, 0, be, 8);
    EXPECT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
  });
  poke(kBase, old);
  sc_core::sc_start();
  EXPECT_EQ(peek(kBase, 4), (Bytes{data[0], old[1], data[2], old[3]}));
}

TEST_F(LlcConformance, LinesWithoutEnabledBytesAreNotAccessedAndFullyEnabledLinesAreNotFetched) {
  build([&](ScriptedInitiator& i) {
    // Three lines; the middle one has no enabled byte, the first is fully enabled, the last has
    // one disabled byte.
    Bytes data = pattern(3 * kLine, 7), be(3 * kLine, TLM_BYTE_ENABLED);
    std::fill(be.begin() + kLine, be.begin() + 2 * kLine, TLM_BYTE_DISABLED);
    be[3 * kLine - 1] = TLM_BYTE_DISABLED;
    Payload w(tlm::TLM_WRITE_COMMAND, kBase, data.data(), 3 * kLine, 0, be.data(), 3 * kLine);
    EXPECT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cache->stats().writes, 2u);
    EXPECT_EQ(cache->stats().fills, 1u) << "only the partially enabled line is fetched";
    EXPECT_EQ(cache->array().find(kBase / kLine + 1), -1) << "the middle line was not touched";
    // All bytes disabled: nothing is accessed, the payload still completes.
    Bytes none(16, TLM_BYTE_DISABLED);
    Payload r(tlm::TLM_READ_COMMAND, kBase + 8 * kLine, data.data(), 16, 0, none.data(), 16);
    EXPECT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cache->stats().reads, 0u);
  });
  sc_core::sc_start();
}

TEST_F(LlcConformance, ByteEnableErrorsForZeroLengthAndUndefinedValues) {
  build([&](ScriptedInitiator& i) {
    Bytes data = pattern(8, 1);
    unsigned char be[8] = {0xff, 0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0xff};
    Payload zero(tlm::TLM_WRITE_COMMAND, kBase, data.data(), 8, 0, be, 0);
    EXPECT_EQ(transport(i, zero), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    Payload odd(tlm::TLM_WRITE_COMMAND, kBase, data.data(), 8, 0, be, 8);
    EXPECT_EQ(transport(i, odd), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    Payload odd_read(tlm::TLM_READ_COMMAND, kBase, data.data(), 8, 0, be, 4);
    EXPECT_EQ(transport(i, odd_read), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_EQ(lines(), 0u) << "a rejected payload accesses nothing";
}

TEST_F(LlcConformance, StreamingWriteLeavesTheLastBeatAndAccessesTheLinesPerBeat) {
  Bytes old = pattern(8, 2), data = pattern(16, 8);
  build([&](ScriptedInitiator& i) {
    // Four beats of 4 bytes over [kBase + 62, kBase + 66): two lines per beat.
    Payload w(tlm::TLM_WRITE_COMMAND, kBase + 62, data.data(), 16, 4);
    EXPECT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
  });
  poke(kBase + 62, old);
  sc_core::sc_start();
  const Bytes now = peek(kBase + 62, 8);
  EXPECT_EQ(Bytes(now.begin(), now.begin() + 4), Bytes(data.begin() + 12, data.end()));
  EXPECT_EQ(Bytes(now.begin() + 4, now.end()), Bytes(old.begin() + 4, old.end()))
      << "nothing beyond the streaming width";
  EXPECT_EQ(cache->stats().writes, 8u) << "4 beats x 2 lines";
}

TEST_F(LlcConformance, StreamingReadRepeatsTheSameAddressesWithByteEnables) {
  Bytes stored = pattern(4, 11), back(10, 0xEE);
  build([&](ScriptedInitiator& i) {
    unsigned char be[3] = {0xff, 0xff, 0};  // indexed by data byte, not by address
    Payload r(tlm::TLM_READ_COMMAND, kBase + 16, back.data(), 10, 4, be, 3);
    EXPECT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
  });
  poke(kBase + 16, stored);
  sc_core::sc_start();
  for (unsigned k = 0; k < 10; ++k) EXPECT_EQ(back[k], k % 3 == 2 ? 0xEE : stored[k % 4]) << k;
  EXPECT_EQ(cache->stats().reads, 3u) << "three beats (4 + 4 + 2 bytes) of one line";
}

TEST_F(LlcConformance, StreamingWidthZeroIsABurstError) {
  build([&](ScriptedInitiator& i) {
    Bytes data(8);
    Payload r(tlm::TLM_READ_COMMAND, kBase, data.data(), 8);
    r.t.set_streaming_width(0);
    EXPECT_EQ(transport(i, r), tlm::TLM_BURST_ERROR_RESPONSE);
  });
  sc_core::sc_start();
}

TEST_F(LlcConformance, ResponseStatusIsSetForEveryCommandAndEveryKindOfPayload) {
  build([&](ScriptedInitiator& i) {
    Bytes data(128, 1);
    unsigned char be[4] = {0xff, 0, 0xff, 0};
    for (tlm::tlm_command cmd :
         {tlm::TLM_READ_COMMAND, tlm::TLM_WRITE_COMMAND, tlm::TLM_IGNORE_COMMAND}) {
      Payload ok(cmd, kBase + 5, data.data(), 100);
      EXPECT_EQ(transport(i, ok), tlm::TLM_OK_RESPONSE);
      Payload with_be(cmd, kBase + 5, data.data(), 100, 0, be, 4);
      EXPECT_EQ(transport(i, with_be), tlm::TLM_OK_RESPONSE);
      Payload streaming(cmd, kBase + 5, data.data(), 100, 10);
      EXPECT_EQ(transport(i, streaming), tlm::TLM_OK_RESPONSE);
      Payload below(cmd, kBase - 1, data.data(), 8);
      EXPECT_EQ(transport(i, below), tlm::TLM_ADDRESS_ERROR_RESPONSE);
      Payload straddling(cmd, kBase + kSize - 4, data.data(), 8);
      EXPECT_EQ(transport(i, straddling), tlm::TLM_ADDRESS_ERROR_RESPONSE);
      Payload beyond(cmd, kBase + kSize, data.data(), 8);
      EXPECT_EQ(transport(i, beyond), tlm::TLM_ADDRESS_ERROR_RESPONSE);
      Payload empty(cmd, kBase, data.data(), 0);
      EXPECT_EQ(transport(i, empty), cmd == tlm::TLM_IGNORE_COMMAND
                                         ? tlm::TLM_OK_RESPONSE
                                         : tlm::TLM_GENERIC_ERROR_RESPONSE);
      Payload null_data(cmd, kBase, nullptr, 8);
      EXPECT_EQ(transport(i, null_data), cmd == tlm::TLM_IGNORE_COMMAND
                                             ? tlm::TLM_OK_RESPONSE
                                             : tlm::TLM_GENERIC_ERROR_RESPONSE);
      Payload zero_width(cmd, kBase, data.data(), 8);
      zero_width.t.set_streaming_width(0);
      EXPECT_NE(transport(i, zero_width), tlm::TLM_INCOMPLETE_RESPONSE);
    }
  });
  sc_core::sc_start();
}

TEST_F(LlcConformance, IgnoreCommandMovesNoDataAndChangesNothing) {
  Bytes stored = pattern(64, 1), buf = pattern(64, 2);
  LlcSnapshot before, after;
  build([&](ScriptedInitiator& i) {
    Bytes warm(64);
    i.read(kBase + 64, warm.data(), 64);
    before = snapshot(*cache, *dram);
    const sc_time t0 = sc_core::sc_time_stamp();
    Payload p(tlm::TLM_IGNORE_COMMAND, kBase, buf.data(), 64);
    sc_time delay = sc_core::SC_ZERO_TIME;
    i.out->b_transport(p.t, delay);
    EXPECT_EQ(p.t.get_response_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(delay, sc_core::SC_ZERO_TIME);
    EXPECT_EQ(sc_core::sc_time_stamp(), t0);
    after = snapshot(*cache, *dram);
  });
  poke(kBase, stored);
  sc_core::sc_start();
  EXPECT_TRUE(before == after);
  EXPECT_EQ(buf, pattern(64, 2));
  EXPECT_EQ(peek(kBase, 64), stored);
}

TEST_F(LlcConformance, RefusesDmiAndNeverHintsIt) {
  bool granted = true;
  build([&](ScriptedInitiator& i) {
    tlm::tlm_generic_payload t;
    t.set_address(kBase);
    t.set_command(tlm::TLM_READ_COMMAND);
    tlm::tlm_dmi dmi;
    granted = i.out->get_direct_mem_ptr(t, dmi);
    EXPECT_EQ(dmi.get_dmi_ptr(), nullptr);
    Bytes data(64);
    Payload r(tlm::TLM_READ_COMMAND, kBase, data.data(), 64);
    transport(i, r);
    EXPECT_FALSE(r.t.is_dmi_allowed()) << "the LLC would bypass its own accounting";
  });
  sc_core::sc_start();
  EXPECT_FALSE(granted);
}

TEST_F(LlcConformance, DebugTransportChangesNoStateNoStatisticAndNoTime) {
  LlcSnapshot before, after;
  Bytes written = pattern(100, 3), seen(100), outside(8);
  build(
      [&](ScriptedInitiator& i) {
        // Give the LLC state: clean and dirty lines, a full set, STT-RAM write times.
        Bytes buf = pattern(64, 1);
        for (int k = 0; k < 4; ++k) i.write(kBase + k * kStride, buf.data(), 64);
        i.read(kBase + 128, buf.data(), 64);
        sc_core::wait(sc_time(1, SC_US));
        const sc_time hit_latency = i.read(kBase, buf.data(), 64).latency;
        sc_core::wait(sc_time(1, SC_US));
        before = snapshot(*cache, *dram);
        const sc_time t0 = sc_core::sc_time_stamp();
        // Cached and uncached, aligned and not, reads and writes, out of range.
        EXPECT_EQ(debug(i, tlm::TLM_WRITE_COMMAND, kBase + 30, written.data(), 100), 100u);
        EXPECT_EQ(debug(i, tlm::TLM_READ_COMMAND, kBase + 30, seen.data(), 100), 100u);
        EXPECT_EQ(debug(i, tlm::TLM_READ_COMMAND, kBase + 5 * kStride, seen.data(), 10), 10u);
        EXPECT_EQ(debug(i, tlm::TLM_READ_COMMAND, kBase - 8, outside.data(), 8), 0u);
        EXPECT_EQ(debug(i, tlm::TLM_READ_COMMAND, kBase + kSize - 4, outside.data(), 8), 0u);
        EXPECT_EQ(debug(i, tlm::TLM_IGNORE_COMMAND, kBase, outside.data(), 8), 0u);
        EXPECT_EQ(sc_core::sc_time_stamp(), t0);
        after = snapshot(*cache, *dram);
        // The next timed access behaves as if the debug accesses never happened: a hit on the
        // line read last, at the hit latency.
        EXPECT_EQ(i.read(kBase, buf.data(), 64).latency, hit_latency);
      },
      stt_llc(false));
  sc_core::sc_start();
  EXPECT_TRUE(before.stats == after.stats) << before.stats.dump() << "\n" << after.stats.dump();
  EXPECT_TRUE(before.tags == after.tags);
  EXPECT_TRUE(before.dirty == after.dirty);
  EXPECT_TRUE(before.victims == after.victims) << "replacement (LRU) state changed";
  EXPECT_EQ(peek(kBase + 30, 100), written);
}

TEST_F(LlcConformance, ReadAfterWriteReturnsTheWrittenDataWithFlipsDisabled) {
  Bytes data = pattern(3 * kLine + 10, 5), back(data.size());
  build(
      [&](ScriptedInitiator& i) {
        Payload w(tlm::TLM_WRITE_COMMAND, kBase + 7, data.data(),
                  static_cast<unsigned>(data.size()));
        EXPECT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
        sc_core::wait(sc_time(20, SC_US));  // 20 retention times: every cell would have flipped
        Payload r(tlm::TLM_READ_COMMAND, kBase + 7, back.data(),
                  static_cast<unsigned>(back.size()));
        EXPECT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
      },
      stt_llc(false));
  sc_core::sc_start();
  EXPECT_EQ(back, data);
  EXPECT_EQ(cache->stats().read_hits, 4u);
  EXPECT_GT(cache->stats().retention_total().expired_reads, 0u) << "the retention model did run";
}

TEST_F(LlcConformance, AnErrorFromMemoryBecomesAnAddressError) {
  tlm::tlm_response_status status{};
  build(
      [&](ScriptedInitiator& i) {
        Bytes data(64);
        Payload r(tlm::TLM_READ_COMMAND, kBase + 4096, data.data(), 64);
        status = transport(i, r);
      },
      sram_llc(), sparse_dram(4096));  // the memory behind is smaller than the LLC's range
  sc_core::sc_start();
  EXPECT_EQ(status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

// ---------------------------------------------------------------------------------------------
// DRAM

TEST_F(DramConformance, AnySizeAndAlignmentReadsBackWhatWasWritten) {
  build([&](ScriptedInitiator& i) {
    std::uint64_t region = kBase;
    unsigned seed = 0;
    for (unsigned len : kSizes)
      for (unsigned off : kOffsets) {
        const std::uint64_t addr = region + off;
        region += 4 * kLine;
        Bytes data = pattern(len, ++seed), back(len, 0);
        Payload w(tlm::TLM_WRITE_COMMAND, addr, data.data(), len);
        ASSERT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
        Payload r(tlm::TLM_READ_COMMAND, addr, back.data(), len);
        ASSERT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(back, data) << len << " bytes at +" << off;
      }
  });
  sc_core::sc_start();
  EXPECT_EQ(dram->reads, std::size(kSizes) * std::size(kOffsets));
}

TEST_F(DramConformance, ByteEnablesOnWriteAndReadWithRepetition) {
  Bytes old = pattern(24, 1), data = pattern(24, 2), back(24, 0xEE);
  build([&](ScriptedInitiator& i) {
    unsigned char be[3] = {0xff, 0, 0xff};
    Payload w(tlm::TLM_WRITE_COMMAND, kBase + 3, data.data(), 24, 0, be, 3);
    EXPECT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
    unsigned char be_read[2] = {0, 0xff};
    Payload r(tlm::TLM_READ_COMMAND, kBase + 3, back.data(), 24, 0, be_read, 2);
    EXPECT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
  });
  poke(kBase + 3, old);
  sc_core::sc_start();
  const Bytes now = peek(kBase + 3, 24);
  for (unsigned k = 0; k < 24; ++k) {
    EXPECT_EQ(now[k], k % 3 == 1 ? old[k] : data[k]) << k;
    EXPECT_EQ(back[k], k % 2 == 1 ? now[k] : 0xEE) << k;
  }
}

TEST_F(DramConformance, StreamingBeatsOverTheSameAddresses) {
  Bytes data = pattern(12, 3), back(12), old = pattern(8, 4);
  build([&](ScriptedInitiator& i) {
    Payload w(tlm::TLM_WRITE_COMMAND, kBase, data.data(), 12, 4);
    EXPECT_EQ(transport(i, w), tlm::TLM_OK_RESPONSE);
    Payload r(tlm::TLM_READ_COMMAND, kBase, back.data(), 12, 4);
    EXPECT_EQ(transport(i, r), tlm::TLM_OK_RESPONSE);
  });
  poke(kBase, old);
  sc_core::sc_start();
  const Bytes now = peek(kBase, 8);
  for (unsigned k = 0; k < 4; ++k) EXPECT_EQ(now[k], data[8 + k]);
  for (unsigned k = 4; k < 8; ++k) EXPECT_EQ(now[k], old[k]);
  for (unsigned k = 0; k < 12; ++k) EXPECT_EQ(back[k], data[8 + k % 4]);
}

TEST_F(DramConformance, ResponseStatusIsSetForEveryCommandAndEveryKindOfPayload) {
  build([&](ScriptedInitiator& i) {
    Bytes data(64, 1);
    unsigned char bad_be[2] = {0xff, 0x01};
    for (tlm::tlm_command cmd :
         {tlm::TLM_READ_COMMAND, tlm::TLM_WRITE_COMMAND, tlm::TLM_IGNORE_COMMAND}) {
      const bool ignore = cmd == tlm::TLM_IGNORE_COMMAND;
      Payload ok(cmd, kBase + 1, data.data(), 64);
      EXPECT_EQ(transport(i, ok), tlm::TLM_OK_RESPONSE);
      Payload outside(cmd, kBase + kSize, data.data(), 8);
      EXPECT_EQ(transport(i, outside), tlm::TLM_ADDRESS_ERROR_RESPONSE);
      Payload empty(cmd, kBase, data.data(), 0);
      EXPECT_EQ(transport(i, empty),
                ignore ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
      Payload be(cmd, kBase, data.data(), 8, 0, bad_be, 2);
      EXPECT_EQ(transport(i, be),
                ignore ? tlm::TLM_OK_RESPONSE : tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
      Payload zero_width(cmd, kBase, data.data(), 8);
      zero_width.t.set_streaming_width(0);
      EXPECT_EQ(transport(i, zero_width),
                ignore ? tlm::TLM_OK_RESPONSE : tlm::TLM_BURST_ERROR_RESPONSE);
    }
  });
  sc_core::sc_start();
  EXPECT_EQ(dram->reads, 1u);
  EXPECT_EQ(dram->writes, 1u);
}

TEST_F(DramConformance, DebugTransportChangesNoStatisticAndNoTime) {
  Json before, after;
  build([&](ScriptedInitiator& i) {
    Bytes data = pattern(64, 1), back(64);
    i.write(kBase, data.data(), 64);
    Stats s0;
    dram->register_stats(StatsScope(s0, ""));
    before = s0.to_json();
    const sc_time t0 = sc_core::sc_time_stamp();
    EXPECT_EQ(debug(i, tlm::TLM_READ_COMMAND, kBase + 1, back.data(), 63), 63u);
    EXPECT_EQ(debug(i, tlm::TLM_WRITE_COMMAND, kBase + 100, data.data(), 64), 64u);
    EXPECT_EQ(debug(i, tlm::TLM_READ_COMMAND, kBase + kSize - 1, back.data(), 2), 0u);
    EXPECT_EQ(sc_core::sc_time_stamp(), t0);
    EXPECT_EQ(Bytes(back.begin(), back.begin() + 63), Bytes(data.begin() + 1, data.end()));
    Stats s1;
    dram->register_stats(StatsScope(s1, ""));
    after = s1.to_json();
  });
  sc_core::sc_start();
  EXPECT_EQ(before, after);
}

TEST_F(DramConformance, GrantsDmiToItsStoreAndHintsIt) {
  build([&](ScriptedInitiator& i) {
    Bytes data = pattern(16, 1);
    Payload w(tlm::TLM_WRITE_COMMAND, kBase + 32, data.data(), 16);
    transport(i, w);
    EXPECT_TRUE(w.t.is_dmi_allowed());
    tlm::tlm_generic_payload t;
    t.set_address(kBase + 32);
    t.set_command(tlm::TLM_READ_COMMAND);
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(i.out->get_direct_mem_ptr(t, dmi));
    ASSERT_LE(dmi.get_start_address(), kBase + 32);
    EXPECT_EQ(
        std::memcmp(dmi.get_dmi_ptr() + (kBase + 32 - dmi.get_start_address()), data.data(), 16),
        0);
  });
  sc_core::sc_start();
}

}  // namespace
}  // namespace sttvp
