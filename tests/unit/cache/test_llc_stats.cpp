#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "models/cache/LlcStats.h"
#include "models/common/Stats.h"

namespace sttvp {
namespace {

// 1 MiB, 16 ways: 4 SRAM ways and 12 STT-RAM ways, energies chosen so sums are exact.
LlcConfig hybrid(RetentionPolicy policy = RetentionPolicy::None) {
  LlcConfig c;
  c.geometry.size_bytes = 1 << 20;
  c.geometry.ways = 16;
  c.technology = LlcTechnology::Hybrid;
  c.sram_ways = 4;
  c.sram = {44, 44, 4, 4, 1.0, 2.0, 16.0};
  c.sttram.read_nj = 0.5;
  c.sttram.write_nj = 4.0;
  c.sttram.leakage_mw_per_mib = 2.0;
  c.sttram.retention_s = 0.01;
  c.sttram.delta = 16.12;
  c.retention.policy = policy;
  c.retention.ecc_energy_overhead = 0.125;
  return c;
}

TEST(LlcStats, ArrayAccessesAreCountedByTheTechnologyOfTheWay) {
  const LlcConfig c = hybrid();
  LlcStats s(c);
  s.count_array(0, false);
  s.count_array(3, true);
  s.count_array(4, false);
  s.count_array(15, true);
  s.count_array(15, true);
  EXPECT_EQ(s.array_reads_sram, 1u);
  EXPECT_EQ(s.array_writes_sram, 1u);
  EXPECT_EQ(s.array_reads_stt, 1u);
  EXPECT_EQ(s.array_writes_stt, 2u);
  EXPECT_DOUBLE_EQ(s.dynamic_energy_nj(), 1.0 + 2.0 + 0.5 + 2 * 4.0);
}

TEST(LlcStats, EccChargesItsOverheadOnTheSttRamWaysOnly) {
  const LlcConfig c = hybrid(RetentionPolicy::Ecc);
  LlcStats s(c);
  s.count_array(0, true);  // SRAM write: 2 nJ
  s.count_array(8, true);  // STT-RAM write: 4 nJ x 1.125
  EXPECT_DOUBLE_EQ(s.dynamic_energy_nj(), 2.0 + 4.5);
  // 64 KiB per way: 4 SRAM ways at 16 mW/MiB, 12 STT-RAM ways at 2 mW/MiB x 1.125.
  EXPECT_DOUBLE_EQ(s.leakage_mw(), 4 * 0.0625 * 16.0 + 12 * 0.0625 * 2.0 * 1.125);
  EXPECT_DOUBLE_EQ(s.leakage_energy_nj(2.0), s.leakage_mw() * 2e6);
}

TEST(LlcStats, RefreshCostsAReadAndAWriteOfTheLine) {
  const LlcConfig c = hybrid(RetentionPolicy::Refresh);
  LlcStats s(c);
  s.refreshes = 3;
  EXPECT_DOUBLE_EQ(s.refresh_energy_nj(), 3 * (0.5 + 4.0));
}

TEST(LlcStats, LayersBeyondTheSplitShareTheOtherSlot) {
  const LlcConfig c = hybrid();
  LlcStats s(c);
  ++s.traffic(1, -1).reads;
  ++s.traffic(1, 0).reads;
  ++s.traffic(1, LlcStats::kMaxLayers - 1).reads;
  ++s.traffic(1, LlcStats::kMaxLayers).reads;
  ++s.traffic(1, 500).reads;
  EXPECT_EQ(s.traffic(1, -1).reads, 1u);
  EXPECT_EQ(s.traffic(1, 0).reads, 1u);
  EXPECT_EQ(s.traffic(1, LlcStats::kMaxLayers - 1).reads, 1u);
  EXPECT_EQ(s.traffic(1, LlcStats::kMaxLayers).reads, 2u);
  EXPECT_EQ(s.traffic(2, 0).reads, 0u);  // phases are apart
}

TEST(LlcStats, RetentionTotalSumsThePhases) {
  const LlcConfig c = hybrid();
  LlcStats s(c);
  s.retention(1) = {10, 0.5, 1, 3, 2};
  s.retention(2) = {30, 1.5, 2, 5, 0};
  const LlcStats::Retention t = s.retention_total();
  EXPECT_EQ(t.reads, 40u);
  EXPECT_DOUBLE_EQ(t.expected_failures, 2.0);
  EXPECT_EQ(t.sampled_failures, 3u);
  EXPECT_EQ(t.flipped_bits, 8u);
  EXPECT_EQ(t.expired_reads, 2u);
  EXPECT_DOUBLE_EQ(t.p_error(), 0.05);
  EXPECT_EQ(LlcStats::Retention{}.p_error(), 0.0);  // no reads: no error, not NaN
}

TEST(LlcStats, RegisteredStatisticsReadTheLiveCountersWithUnits) {
  const LlcConfig c = hybrid();
  LlcStats s(c);
  Stats stats;
  s.register_stats(StatsScope(stats, "llc."));
  s.hits = 7;
  s.count_array(9, true);
  EXPECT_EQ(stats.value("llc.hits"), 7);
  EXPECT_EQ(stats.value("llc.array_writes"), 1);
  EXPECT_EQ(stats.value("llc.array_writes_sttram"), 1);
  EXPECT_DOUBLE_EQ(stats.value("llc.sttram.retention_s"), 0.01);
  for (const Stats::Entry& e : stats.entries()) EXPECT_FALSE(e.unit.empty()) << e.path;
}

TEST(LlcStats, SplitStatisticsOnlyForPhasesAndLayersWithTraffic) {
  const LlcConfig c = hybrid();
  LlcStats s(c);
  s.traffic(1, 2).reads = 4;
  s.traffic(1, 2).hits = 3;
  s.traffic(1, -1).writes = 1;
  s.retention(1).reads = 4;
  Stats stats;
  s.register_split_stats(stats);
  EXPECT_EQ(stats.value("phases.forward.llc.reads"), 4);
  EXPECT_EQ(stats.value("phases.forward.llc.writes"), 1);
  EXPECT_EQ(stats.value("layers.2.forward.llc.hits"), 3);
  EXPECT_EQ(stats.value("retention.phases.forward.reads"), 4);
  EXPECT_THROW(stats.value("phases.backward.llc.reads"), std::out_of_range);
  EXPECT_THROW(stats.value("layers.3.forward.llc.reads"), std::out_of_range);
}

TEST(LlcStats, DistanceCsvHasEveryBinOfEachPhaseThatRead) {
  const LlcConfig c = hybrid();
  LlcStats s(c);
  s.distances(2).add_ps(5'000);  // 5 ns
  std::ostringstream out;
  s.write_distance_csv(out);
  const std::string csv = out.str();
  EXPECT_EQ(csv.rfind("phase,bin_lo_ns,bin_hi_ns,count\n", 0), 0u);
  std::size_t rows = 0;
  for (char ch : csv) rows += ch == '\n';
  EXPECT_EQ(rows, 1u + DistanceHistogram::kBins);
  EXPECT_NE(csv.find("backward,3.16228,5.62341,1\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",inf,0\n"), std::string::npos);
}

TEST(LlcStats, RetentionCsvNamesTheDesignPointAndEndsWithTheTotal) {
  const LlcConfig c = hybrid();
  LlcStats s(c);
  s.retention(1) = {4, 0.002, 1, 1, 0};
  s.distances(1).add_ps(1);
  std::ostringstream out;
  s.write_retention_csv(out);
  std::istringstream lines(out.str());
  std::string header, forward, total, extra;
  std::getline(lines, header);
  std::getline(lines, forward);
  std::getline(lines, total);
  EXPECT_FALSE(std::getline(lines, extra));
  EXPECT_EQ(header,
            "technology,retention_s,definition,delta,phase,reads,p_error,expected_failures,"
            "sampled_failures,expired_reads");
  EXPECT_EQ(forward, "hybrid,0.01,mean,16.12,forward,4,0.0005,0.002,1,0");
  EXPECT_EQ(total, "hybrid,0.01,mean,16.12,total,4,0.0005,0.002,1,0");
}

}  // namespace
}  // namespace sttvp
