// STT-RAM LLC acceptance checks on the real executable and the design-point presets.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

class SttramSystemTest : public ::testing::Test {
 protected:
  nlohmann::json run(const std::string& config, const std::string& sets,
                     const std::string& name = "out") {
    const std::string out = dir.file(name);
    Outcome o = run_sttvp(
        "run --config configs/" + config + ".json " + sets + " --out '" + out + "' --quiet",
        dir.path());
    EXPECT_EQ(o.status, 0) << o.err;
    return read_json(out + "/stats.json");
  }
  static double u(const nlohmann::json& j) { return j.get<double>(); }
  TempDir dir;
};

// One core writes every line of a buffer much larger than its L2, idles gap_ns, then reads it
// back: the LLC read hits have a write-to-read distance of about gap_ns, except for the last
// L2-sized part of the buffer (3 % of 8 MiB), which the L2 wrote back during the second pass.
std::string write_gap_read(std::uint64_t bytes, double gap_ns) {
  std::ostringstream s;
  s << "--set cores.count=1 --set workload.bytes=" << bytes
    << " --set workload.passes=2 --set workload.write_fraction=1 --set workload.gap_ns=" << gap_ns;
  return s.str();
}

// Without process variation (the presets have sigma(Delta)/Delta = 0.10) every cell has the same
// tau and a line's failure probability is analytic.
const std::string kNoVariation = " --set llc.sttram.variation_sigma_fraction=0";

TEST_F(SttramSystemTest, PErrorMatchesTheAnalyticValueAtAKnownDistance) {
  const double gap_ns = 20e6, retention_s = 10;
  auto s = run("skylake-stt-1s",
               write_gap_read(8 << 20, gap_ns) + " --set llc.sttram.retention_s=10" + kNoVariation);
  const auto& r = s["retention"]["total"];
  ASSERT_GT(u(r["reads"]), 10000);
  const double analytic = -std::expm1(-512 * gap_ns * 1e-9 / retention_s);
  EXPECT_NEAR(u(r["p_error"]), analytic, 0.05 * analytic);
  // Sampled failures agree with the analytic probability within statistical bounds.
  const double p = u(r["p_error"]);
  const double sampled = u(r["sampled_failures"]) / u(r["reads"]);
  EXPECT_NEAR(sampled, p, 5 * std::sqrt(p * (1 - p) / u(r["reads"])));
  EXPECT_EQ(u(r["expired_reads"]), 0);
}

// Process variation is on in the presets: weak cells make a line fail sooner than the mean Delta
// says, at the same design point and distance.
TEST_F(SttramSystemTest, PresetVariationRaisesTheLineFailureProbability) {
  const std::string wl = write_gap_read(1 << 20, 2e5);
  auto varied = run("skylake-stt-1s", wl, "varied");
  auto uniform = run("skylake-stt-1s", wl + kNoVariation, "uniform");
  EXPECT_GT(u(varied["retention"]["total"]["p_error"]),
            3 * u(uniform["retention"]["total"]["p_error"]));
}

TEST_F(SttramSystemTest, DistanceHistogramMassSitsAtTheDelay) {
  const std::string out = dir.file("h");
  Outcome o = run_sttvp("run --config configs/skylake-stt-1s.json " +
                            write_gap_read(8 << 20, 20e6) + " --out '" + out + "' --quiet",
                        dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  auto stats = read_json(out + "/stats.json");
  std::istringstream csv(slurp(out + "/write_read_distance.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "phase,bin_lo_ns,bin_hi_ns,count");
  double total = 0, at_gap = 0;
  while (std::getline(csv, line)) {
    std::istringstream row(line);
    std::string phase, lo, hi, count;
    std::getline(row, phase, ',');
    std::getline(row, lo, ',');
    std::getline(row, hi, ',');
    std::getline(row, count, ',');
    total += std::stod(count);
    if (std::stod(lo) <= 20e6 && (hi == "inf" || 20e6 < std::stod(hi))) at_gap += std::stod(count);
  }
  EXPECT_EQ(total, u(stats["llc"]["read_hits"]));
  EXPECT_GE(at_gap, 0.95 * total);
}

TEST_F(SttramSystemTest, SramIsExactlyZeroAndDesignPointsAreOrdered) {
  const std::string wl = write_gap_read(1 << 20, 2e5);
  auto sram = run("skylake-sram", wl, "sram");
  EXPECT_EQ(u(sram["retention"]["total"]["p_error"]), 0.0);
  EXPECT_EQ(u(sram["retention"]["total"]["sampled_failures"]), 0.0);
  double last_p = -1, last_nj = 1e9, last_cycles = 1e9;
  for (const char* point : {"10y", "1s", "100ms", "10ms", "1ms"}) {
    auto s = run(std::string("skylake-stt-") + point, wl, point);
    const double p = u(s["retention"]["total"]["p_error"]);
    const double nj = u(s["llc"]["sttram"]["write_nj"]);
    const double cycles = u(s["llc"]["sttram"]["write_cycles"]);
    EXPECT_GT(p, last_p) << point;
    EXPECT_LT(nj, last_nj) << point;
    EXPECT_LE(cycles, last_cycles) << point;
    last_p = p;
    last_nj = nj;
    last_cycles = cycles;
  }
}

// The presets' energies and leakage are the sourced values of models/sttram/README.md's table
// (per 64 B line, 32 nm): SRAM from Chang et al.'s SRAM rows extrapolated to 8 MB; STT-RAM reads
// and periphery leakage per MiB from Chang et al.'s 32 MB STT-RAM row, for the 20 MB same-area
// LLC; STT-RAM writes 0.94 nJ periphery + 512 bits x 1.2 V x 101.42 uA x the design point's pulse
// at 350 K, the one whose write error rate is 1e-9 per bit.
TEST_F(SttramSystemTest, PresetEnergyAndLeakageMatchTheirSourcedTables) {
  const std::string wl = "--set cores.count=1 --set workload.bytes=65536 --set workload.passes=1";
  struct Sram {
    const char* preset;
    double leakage_mw;
  };
  for (const Sram& row : {Sram{"sram", 8 * 87.2}, Sram{"sram-hp", 8 * 345.5}}) {
    auto s = run(std::string("skylake-") + row.preset, wl, row.preset);
    EXPECT_NEAR(u(s["llc"]["leakage_mw"]), row.leakage_mw, 1e-9) << row.preset;
    EXPECT_NEAR(u(s["energy_nj"]["llc_dynamic"]),
                1.48 * u(s["llc"]["array_reads"]) + 1.69 * u(s["llc"]["array_writes"]), 1e-6)
        << row.preset;
  }
  struct Stt {
    const char* point;
    double pulse_ns, write_nj;
  };
  for (const Stt& row :
       {Stt{"10y", 15.8010, 1.9246}, Stt{"1s", 6.1090, 1.3207}, Stt{"100ms", 5.2639, 1.2680},
        Stt{"10ms", 4.4650, 1.2182}, Stt{"1ms", 3.7093, 1.1711}, Stt{"100us", 2.9942, 1.1266}}) {
    auto s = run(std::string("skylake-stt-") + row.point, wl, row.point);
    const auto& d = s["llc"]["sttram"];
    EXPECT_EQ(u(d["temperature_k"]), 350) << row.point;
    EXPECT_NEAR(u(d["write_pulse_ns"]), row.pulse_ns, 1e-4) << row.point;
    EXPECT_NEAR(u(d["write_nj"]), 0.94 + 512 * 1.2 * 101.42e-6 * row.pulse_ns, 1e-4) << row.point;
    EXPECT_NEAR(u(d["write_bit_error_rate"]), 1e-9, 1e-15) << row.point;
    EXPECT_NEAR(u(d["write_nj"]), row.write_nj, 1e-4) << row.point;
    EXPECT_EQ(u(d["read_nj"]), 0.94) << row.point;
    EXPECT_NEAR(u(s["llc"]["leakage_mw"]), 20 * 22.64, 1e-9) << row.point;
  }
}

TEST_F(SttramSystemTest, SameAreaSttramHoldsA16MiBWorkingSetThatSramCannot) {
  const std::string wl =
      "--set workload.bytes=16777216 --set workload.passes=3 --set workload.write_fraction=0";
  auto sram = run("skylake-sram", wl, "sram");
  auto stt = run("skylake-stt-10y", wl, "stt");
  EXPECT_NEAR(u(stt["llc"]["misses"]), 262144, 0.02 * 262144);
  EXPECT_NEAR(u(sram["llc"]["misses"]), 3 * 262144, 0.02 * 3 * 262144);
}

TEST_F(SttramSystemTest, ExpireAndRefreshEliminateExpiredReads) {
  // 10 ms retention, reads 20 ms after the writes: every read is of an expired line.
  const std::string wl = write_gap_read(1 << 20, 20e6);
  auto none = run("skylake-stt-10ms", wl, "none");
  ASSERT_GT(u(none["retention"]["total"]["expired_reads"]), 10000);

  auto expire = run("skylake-stt-10ms", wl + " --set llc.retention.policy=expire", "expire");
  EXPECT_EQ(u(expire["retention"]["total"]["expired_reads"]), 0);
  EXPECT_GT(u(expire["llc"]["retention"]["expired_invalidations"]), 10000);
  EXPECT_GT(u(expire["llc"]["retention"]["early_writebacks"]), 10000);  // dirty lines saved
  EXPECT_GT(u(expire["dram"]["reads"]), u(none["dram"]["reads"]));      // refetches cost
  EXPECT_GT(u(expire["sim_time_ns"]), u(none["sim_time_ns"]));

  auto refresh = run("skylake-stt-10ms", wl + " --set llc.retention.policy=refresh", "refresh");
  EXPECT_EQ(u(refresh["retention"]["total"]["expired_reads"]), 0);
  EXPECT_GT(u(refresh["llc"]["retention"]["refreshes"]), 0);
  EXPECT_GT(u(refresh["energy_nj"]["llc_refresh"]), 0);
  // Reads now see at most one refresh interval (5 ms) of retention loss.
  const double interval_p = -std::expm1(-512 * 5e-3 / 10e-3);
  EXPECT_LE(u(refresh["retention"]["total"]["p_error"]), interval_p * 1.0001);
}

TEST_F(SttramSystemTest, EccCorrectsSingleBitErrorsAndCountsTheRest) {
  // 1 s retention without variation, reads 2 ms after the writes: about one flipped bit per line.
  // (With variation the flips gather in each line's weak cells, so more words hold two.)
  const std::string wl = write_gap_read(1 << 20, 2e6) + kNoVariation;
  auto none = run("skylake-stt-1s", wl, "none");
  auto ecc =
      run("skylake-stt-1s",
          wl + " --set llc.retention.policy=ecc" + " --set llc.retention.ecc_decode_cycles=2" +
              " --set llc.retention.ecc_energy_overhead=0.125",
          "ecc");
  const auto& r = ecc["llc"]["retention"];
  EXPECT_GT(u(r["ecc_corrected"]), 1000);
  EXPECT_LT(u(ecc["retention"]["total"]["sampled_failures"]),
            0.2 * u(none["retention"]["total"]["sampled_failures"]));
  EXPECT_GT(u(ecc["energy_nj"]["llc_dynamic"]), u(none["energy_nj"]["llc_dynamic"]));
  EXPECT_GE(u(ecc["sim_time_ns"]), u(none["sim_time_ns"]));
}

TEST_F(SttramSystemTest, DirtyLinesEvictedUnreadCarryTheirFlipsToMemory) {
  // One core writes 64 MiB once: every line reaches the 32 MiB LLC dirty and leaves it unread
  // some milliseconds later. At 1 ms retention its flips are sampled then and written to DRAM.
  const std::string wl =
      "--set cores.count=1 --set workload.bytes=67108864 --set workload.passes=1 "
      "--set workload.write_fraction=1";
  auto s = run("skylake-stt-1s", wl + " --set llc.sttram.retention_s=1e-3" + kNoVariation);
  const auto& r = s["llc"]["retention"];
  EXPECT_EQ(u(s["retention"]["total"]["reads"]), 0) << "no LLC read hits: only write-backs";
  EXPECT_GT(u(s["llc"]["writebacks"]), 100000);
  EXPECT_GT(u(r["writeback_failures"]), 0.5 * u(s["llc"]["writebacks"]));
  EXPECT_LE(u(r["writeback_failures"]), u(s["llc"]["writebacks"]));
  EXPECT_GE(u(r["writeback_flipped_bits"]), u(r["writeback_failures"]));
  // At the 1 s design point, the same milliseconds flip (almost) nothing.
  auto long_retention = run("skylake-stt-1s", wl + kNoVariation, "1s");
  EXPECT_LT(u(long_retention["llc"]["retention"]["writeback_flipped_bits"]),
            0.01 * u(r["writeback_flipped_bits"]));
}

TEST_F(SttramSystemTest, HybridKeepsWrittenLinesInSramWays) {
  auto s = run("skylake-hybrid-10ms", write_gap_read(4 << 20, 2e6));
  // Read fills go to STT-RAM ways; every write-back of a dirty line lands in an SRAM way, moving
  // the line there if it was in an STT-RAM way. So the only STT-RAM writes are fills.
  EXPECT_GT(u(s["llc"]["migrations"]), 1000);
  EXPECT_EQ(u(s["llc"]["array_writes_sttram"]), u(s["llc"]["fills"]));
}

TEST_F(SttramSystemTest, RetentionCsvHasTheTableShape) {
  const std::string out = dir.file("t");
  Outcome o = run_sttvp("run --config configs/skylake-stt-10ms.json " +
                            write_gap_read(1 << 20, 1e5) + " --out '" + out + "' --quiet",
                        dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  std::istringstream csv(slurp(out + "/retention.csv"));
  std::string header, row, total;
  std::getline(csv, header);
  EXPECT_EQ(header,
            "technology,retention_s,definition,delta,phase,reads,p_error,expected_failures,"
            "sampled_failures,expired_reads");
  std::getline(csv, row);
  EXPECT_EQ(row.rfind("sttram,0.01,mean,16.11", 0), 0u) << row;
  std::getline(csv, total);
  EXPECT_NE(total.find(",total,"), std::string::npos) << total;
}

TEST_F(SttramSystemTest, VcdTraceOpensInGtkwave) {
  const std::string out = dir.file("v"), vcd = dir.file("trace.vcd");
  Outcome o = run_sttvp("run --config configs/skylake-stt-1s.json " + write_gap_read(1 << 20, 1e5) +
                            " --out '" + out + "' --vcd '" + vcd +
                            "' --vcd-start-ns 0 --vcd-end-ns 200000 --quiet",
                        dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  const std::string text = slurp(vcd);
  EXPECT_NE(text.find("$timescale 1ps $end"), std::string::npos);
  EXPECT_NE(text.find("busy"), std::string::npos);
  EXPECT_NE(text.find("phase"), std::string::npos);
  EXPECT_NE(slurp(vcd + ".phases").find("\n01 forward\n"), std::string::npos);
  EXPECT_NE(slurp(vcd + ".layers").find("\nFF none\n"), std::string::npos);
  if (std::system("command -v vcd2fst >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "vcd2fst (Debian package gtkwave) is not installed";
  const std::string cmd = "vcd2fst '" + vcd + "' '" + dir.file("trace.fst") + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "GTKWave's vcd2fst rejected the trace";
}

}  // namespace
}  // namespace sttvp::test
