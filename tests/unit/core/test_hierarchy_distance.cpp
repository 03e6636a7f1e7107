// The hierarchy write-to-read distance: which reads count under which definition, at which
// distance, in which phase, and the CSV and statistics a run writes.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "models/common/Stats.h"
#include "models/core/HierarchyDistance.h"

namespace sttvp {
namespace {

constexpr int kForward = 1, kBackward = 2;

TEST(HierarchyDistance, AnL1HitCountsOnlyAtAnyLevel) {
  HierarchyDistance h;
  h.write(7, 1'000);
  h.read(7, 51'000, kForward, false);  // 50 ns later, served by the reader's L1D
  EXPECT_EQ(h.to_any_read(kForward).total(), 1u);
  EXPECT_EQ(h.to_any_read(kForward).count(DistanceHistogram::bin_of(50)), 1u);
  EXPECT_EQ(h.to_llc_read(kForward).total(), 0u);
}

TEST(HierarchyDistance, AReadReachingTheLlcCountsUnderBothDefinitions) {
  HierarchyDistance h;
  h.write(7, 0);
  h.read(7, 2'000'000, kBackward, true);  // 2 us
  const int bin = DistanceHistogram::bin_of(2'000);
  EXPECT_EQ(h.to_llc_read(kBackward).count(bin), 1u);
  EXPECT_EQ(h.to_any_read(kBackward).count(bin), 1u);
  EXPECT_EQ(h.to_any_read(kForward).total(), 0u) << "counted in the read's phase";
}

TEST(HierarchyDistance, EveryReadCountsFromTheLastWrite) {
  HierarchyDistance h;
  h.write(3, 0);
  h.read(3, 10'000, kForward, false);     // 10 ns
  h.write(3, 20'000);                     // rewritten
  h.read(3, 25'000, kForward, false);     // 5 ns after the rewrite
  h.read(3, 1'020'000, kForward, false);  // 1 us after it
  const DistanceHistogram& d = h.to_any_read(kForward);
  EXPECT_EQ(d.count(DistanceHistogram::bin_of(10)), 1u);
  EXPECT_EQ(d.count(DistanceHistogram::bin_of(5)), 1u);
  EXPECT_EQ(d.count(DistanceHistogram::bin_of(1'000)), 1u);
  EXPECT_EQ(d.total(), 3u);
}

TEST(HierarchyDistance, ReadsOfUnwrittenLinesHaveNoDistance) {
  HierarchyDistance h;
  h.read(9, 5'000, kForward, true);
  EXPECT_EQ(h.unwritten_reads, 1u);
  EXPECT_EQ(h.to_any_read(kForward).total(), 0u);
  EXPECT_EQ(h.to_llc_read(kForward).total(), 0u);
}

TEST(HierarchyDistance, AReadStampedBeforeTheWriteIsAnInversionAtDistanceZero) {
  HierarchyDistance h;
  h.write(4, 9'000);                 // a core ahead in local time
  h.read(4, 4'000, kForward, true);  // another core, behind it
  EXPECT_EQ(h.inversions, 1u);
  EXPECT_EQ(h.to_llc_read(kForward).count(0), 1u);
}

TEST(HierarchyDistance, TheCsvHasOneRowPerBinOfEachPhaseWithReads) {
  HierarchyDistance h;
  h.write(1, 0);
  h.read(1, 50'000, kForward, true);
  h.read(1, 60'000, kBackward, false);
  std::ostringstream out;
  h.write_csv(out);
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "definition,phase,bin_lo_ns,bin_hi_ns,count");
  int llc_forward = 0, any_forward = 0, any_backward = 0, llc_backward = 0, rows = 0;
  std::string nonzero;
  while (std::getline(in, line)) {
    ++rows;
    llc_forward += line.rfind("hierarchy_write_to_llc_read,forward,", 0) == 0;
    llc_backward += line.rfind("hierarchy_write_to_llc_read,backward,", 0) == 0;
    any_forward += line.rfind("hierarchy_write_to_any_read,forward,", 0) == 0;
    any_backward += line.rfind("hierarchy_write_to_any_read,backward,", 0) == 0;
    if (line.substr(line.size() - 2) == ",1") nonzero += line + ";";
  }
  EXPECT_EQ(llc_forward, DistanceHistogram::kBins);
  EXPECT_EQ(llc_backward, 0) << "no LLC read in backward";
  EXPECT_EQ(any_forward, DistanceHistogram::kBins);
  EXPECT_EQ(any_backward, DistanceHistogram::kBins);
  EXPECT_EQ(rows, 3 * DistanceHistogram::kBins);
  EXPECT_NE(nonzero.find("hierarchy_write_to_llc_read,forward,31.6228,56.2341,1;"),
            std::string::npos)
      << nonzero;
  EXPECT_NE(nonzero.find("hierarchy_write_to_any_read,backward,56.2341,100,1;"), std::string::npos)
      << nonzero;
}

TEST(HierarchyDistance, StatisticsCountReadsPerDefinitionWithUnits) {
  HierarchyDistance h;
  h.write(1, 0);
  h.write(2, 0);
  h.read(1, 10, kForward, true);
  h.read(2, 10, kForward, false);
  h.read(3, 10, kForward, false);
  Stats stats;
  h.register_stats(StatsScope(stats, "hierarchy_distance."));
  std::map<std::string, std::string> unit;
  for (const auto& e : stats.entries()) unit[e.path] = e.unit;
  EXPECT_EQ(stats.value("hierarchy_distance.reads_to_llc"), 1.0);
  EXPECT_EQ(stats.value("hierarchy_distance.reads_any"), 2.0);
  EXPECT_EQ(stats.value("hierarchy_distance.unwritten_reads"), 1.0);
  EXPECT_EQ(stats.value("hierarchy_distance.written_lines"), 2.0);
  EXPECT_EQ(stats.value("hierarchy_distance.inversions"), 0.0);
  EXPECT_EQ(unit["hierarchy_distance.reads_any"], "reads");
  EXPECT_EQ(unit["hierarchy_distance.written_lines"], "lines");
}

}  // namespace
}  // namespace sttvp
