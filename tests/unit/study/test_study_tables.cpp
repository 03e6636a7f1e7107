// The study report's typed pieces: the readers of the runs' results fail naming the file and the
// key or column they miss, and every table row renders the CSV and Markdown lines the report
// writes (the formats of the tables and of report.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "experiments/study/ResultCsv.h"
#include "experiments/study/ResultJson.h"
#include "experiments/study/StudyTables.h"

namespace sttvp {
namespace {

const double kNan = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// The message of the std::runtime_error `fn` throws, or "no error".
template <typename Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ResultJson, ReadsNumbersAndTextsByDottedPath) {
  const ResultJson j(R"({"sim_time_ns": 5, "energy_nj": {"total": 2.5, "ratio": null},
                         "llc": {"retention": {"policy": "ecc"}}})",
                     "stats.json");
  EXPECT_EQ(j.number("sim_time_ns"), 5.0);
  EXPECT_EQ(j.number("energy_nj.total"), 2.5);
  EXPECT_TRUE(std::isnan(j.number("energy_nj.ratio")));  // JSON's NaN
  EXPECT_EQ(j.text("llc.retention.policy"), "ecc");
}

TEST(ResultJson, MissingKeyNamesTheFileAndTheKey) {
  const ResultJson j(R"({"energy_nj": {"total": 2.5}, "llc": 3})", "runs/a/stats.json");
  EXPECT_EQ(error_of([&] { j.number("energy_nj.dram"); }),
            "runs/a/stats.json: energy_nj.dram: no such key");
  EXPECT_EQ(error_of([&] { j.number("llc.hits"); }), "runs/a/stats.json: llc.hits: no such key");
  EXPECT_EQ(error_of([&] { j.text("energy_nj.total"); }),
            "runs/a/stats.json: energy_nj.total: expected a string, got number");
  EXPECT_EQ(error_of([&] { ResultJson("{", "x.json"); }), "x.json: malformed JSON");
}

TEST(ResultCsv, ReadsCellsByColumnName) {
  const ResultCsv c("a,b,c\n1,,x\n\n2.5e-3,7,nan\n", "t.csv");
  ASSERT_EQ(c.rows(), 2u);
  EXPECT_EQ(c.text(0, "c"), "x");
  EXPECT_EQ(c.count(0, "a"), 1u);
  EXPECT_FALSE(c.optional_number(0, "b").has_value());
  EXPECT_EQ(c.number(1, "a"), 2.5e-3);
  EXPECT_EQ(*c.optional_number(1, "b"), 7.0);
  EXPECT_TRUE(std::isnan(c.number(1, "c")));
}

TEST(ResultCsv, MissingColumnOrBadCellNamesTheFileLineAndColumn) {
  const ResultCsv c("phase,reads\nforward,-3\n\nbackward,x\nupdate\n", "retention.csv");
  EXPECT_EQ(error_of([&] { c.text(0, "p_error"); }), "retention.csv: no column p_error");
  EXPECT_EQ(error_of([&] { c.count(0, "reads"); }),
            "retention.csv: line 2: column reads: \"-3\" is not a count");
  EXPECT_EQ(error_of([&] { c.number(1, "reads"); }),
            "retention.csv: line 4: column reads: \"x\" is not a number");
  EXPECT_EQ(error_of([&] { c.text(2, "reads"); }),
            "retention.csv: line 5: column reads: no such cell");
}

TEST(TableNumber, HoldsWhatTheTableWrites) {
  EXPECT_EQ(double(TableNumber(123456.789)), 123457.0);
  EXPECT_EQ(double(TableNumber(0.012345678)), 0.0123457);
  EXPECT_EQ(double(TableNumber(kInf)), kInf);
  EXPECT_TRUE(std::isnan(TableNumber(kNan)));
  EXPECT_TRUE(std::isnan(TableNumber()));
  EXPECT_EQ(study_format::g(TableNumber(1.0 / 3)), study_format::g(1.0 / 3));
}

TEST(StudyFormat, NumbersOfTheReport) {
  using namespace study_format;
  EXPECT_EQ(g(1e9), "1e+09");
  EXPECT_EQ(g(kNan), "nan");
  EXPECT_EQ(fixed(2.25, 1), "2.2");
  EXPECT_EQ(fixed(kNan, 3), "-");
  EXPECT_EQ(sci(0.000123), "1.23e-04");
  EXPECT_EQ(sci(0), "0");
  EXPECT_EQ(percent(0.98766), "98.77 %");
  EXPECT_EQ(percent(kNan), "-");
  EXPECT_EQ(duration(1), "1 s");
  EXPECT_EQ(duration(0.01), "10 ms");
  EXPECT_EQ(duration(1.953125e-3), "1.95 ms");
  EXPECT_EQ(duration(1.953125e-5), "19.5 us");
  EXPECT_EQ(duration(3.9e-8), "39 ns");
  EXPECT_EQ(duration(2e-12), "0.002 ns");
  EXPECT_EQ(duration(kNan), "-");
}

TEST(LineMttf, FollowsTheRetentionDefinition) {
  // `mean`: the retention is a bit's mean time to flip; a 512-bit line fails first after R/512.
  EXPECT_DOUBLE_EQ(line_mttf_s(1.0, false, 0, 512), 1.0 / 512);
  // `line_failure` at q = 1 - 1/e (`block`): the line's own MTTF is the retention.
  EXPECT_DOUBLE_EQ(line_mttf_s(0.01, true, 1 - std::exp(-1.0), 512), 0.01);
  // `line_failure` at 1e-6: a million times the retention (the bit count does not enter).
  EXPECT_NEAR(line_mttf_s(1.0, true, 1e-6, 512), 1e6, 1);
  EXPECT_EQ(line_mttf_s(1.0, true, 1e-6, 64), line_mttf_s(1.0, true, 1e-6, 512));
}

TEST(LineMttf, DistanceForPErrorInvertsTheLineFailureProbability) {
  // The study's 1 s forward entry under `mean` needs about 39 ns (issue #18).
  EXPECT_NEAR(distance_for_p_error_s(2e-5, 1.0 / 512), 39.06e-9, 0.01e-9);
  for (double p : {1e-9, 2e-5, 0.003, 0.5, 0.99}) {
    const double mttf = 1.95e-3, d = distance_for_p_error_s(p, mttf);
    EXPECT_NEAR(-std::expm1(-d / mttf), p, 1e-12 * p) << p;
  }
  EXPECT_EQ(distance_for_p_error_s(0, 1), 0.0);
}

TEST(PublishedTableI, BackpropagationFallsAsTheRetentionShortensForwardDoesNot) {
  const std::vector<PublishedPhaseReading> r = read_published_table_i();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].phase, "forward");
  EXPECT_EQ(r[0].retention_long_s, 1.0);
  EXPECT_EQ(r[0].retention_short_s, 0.01);
  EXPECT_TRUE(r[0].consistent());
  EXPECT_NEAR(r[0].distance_ratio, 1.0, 0.002);  // 100x p_error at 100x shorter retention
  EXPECT_EQ(r[1].phase, "backpropagation");
  EXPECT_EQ(r[1].p_long, 0.003);
  EXPECT_EQ(r[1].p_short, 0.002);
  EXPECT_FALSE(r[1].consistent());
  EXPECT_NEAR(1 / r[1].distance_ratio, 150, 0.2);  // 10 ms needs 150x shorter distances
}

TEST(FailureTest, MoreThanFivePointsBelowTheFaultFreeAccuracyFails) {
  EXPECT_FALSE(fails_to_train(0.92, 0.95));
  EXPECT_FALSE(fails_to_train(0.90, 0.95));
  EXPECT_TRUE(fails_to_train(0.8999, 0.95));
  EXPECT_TRUE(fails_to_train(0.0, 0.95));
  EXPECT_FALSE(fails_to_train(kNan, kNan));  // without a baseline nothing is called failed
}

TEST(ClosedLoopOutcome, CsvTokensAndPhrases) {
  EXPECT_EQ(csv_token(ClosedLoopOutcome::kNoRetentionFaults), "no_faults");
  EXPECT_EQ(csv_token(ClosedLoopOutcome::kTrains), "trains");
  EXPECT_EQ(csv_token(ClosedLoopOutcome::kCannotTrain), "cannot_train");
  EXPECT_EQ(csv_token(ClosedLoopOutcome::kNotRun), "not_run");
  EXPECT_EQ(phrase(ClosedLoopOutcome::kCannotTrain), "cannot train");
  EXPECT_EQ(phrase(ClosedLoopOutcome::kNotRun), "not run closed-loop");
  EXPECT_EQ(phrase(ClosedLoopOutcome::kNoRetentionFaults), "no retention faults");
}

TEST(RetentionRow, RendersItsCsvLineWithEmptyCellsOnSram) {
  RetentionRow sram{"sram", "-", "sram", {}, {}, {}, "forward", 120, 0.0, 0.0, 0, 0};
  EXPECT_EQ(sram.csv(), "sram,-,sram,,,,forward,120,0,0,0,0");
  RetentionRow stt{"stt-10ms",
                   "mean",
                   "sttram",
                   TableNumber(0.01),
                   TableNumber(16.118095651),
                   TableNumber(0.01 / 512),
                   "backward",
                   4096,
                   0.5,
                   2048.0,
                   2000,
                   17};
  EXPECT_EQ(stt.csv(),
            "stt-10ms,mean,sttram,0.01,16.1181,1.95313e-05,backward,4096,0.5,2048,2000,17");
  EXPECT_EQ(csv_table(std::vector<RetentionRow>{sram}),
            std::string(RetentionRow::kCsvHeader) + "\nsram,-,sram,,,,forward,120,0,0,0,0\n");
}

TEST(DistanceRow, RendersItsCsvLine) {
  EXPECT_EQ((DistanceRow{"sram", "-", kLlcMeasure, "forward", 0.1, 0.177827941, 12}).csv(),
            "sram,-,llc_write_to_llc_read,forward,0.1,0.177828,12");
  EXPECT_EQ(
      (DistanceRow{"stt-1s", "block", "hierarchy_write_to_any_read", "update", 1e9, kInf, 3}).csv(),
      "stt-1s,block,hierarchy_write_to_any_read,update,1e+09,inf,3");
}

TEST(BandShare, CountsTheBinsFromOneToOneHundredNanoseconds) {
  const std::vector<DistanceRow> bins = {{"p", "-", kLlcMeasure, "forward", 0, 1, 10},
                                         {"p", "-", kLlcMeasure, "forward", 1, 1.77828, 5},
                                         {"p", "-", kLlcMeasure, "forward", 56.2341, 100, 15},
                                         {"p", "-", kLlcMeasure, "forward", 100, 177.828, 70}};
  EXPECT_DOUBLE_EQ(band_share(bins), 0.2);
  EXPECT_TRUE(std::isnan(band_share({})));
}

TEST(BandShareRow, OneRowPerPointDefinitionAndPhase) {
  const std::vector<DistanceRow> bins = {
      {"p", "-", kLlcMeasure, "forward", 10, 17.7828, 1},
      {"p", "-", kLlcMeasure, "forward", 1e4, 1.77828e4, 3},
      {"p", "-", "hierarchy_write_to_any_read", "forward", 10, 17.7828, 9},
      {"p", "-", "hierarchy_write_to_any_read", "forward", 0, 1, 1},
      {"p", "-", kLlcMeasure, "backward", 1e4, 1.77828e4, 2}};
  const std::vector<BandShareRow> rows = BandShareRow::of(bins);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].markdown(), "| p | llc_write_to_llc_read | forward | 4 | 25.00 % |");
  EXPECT_EQ(rows[1].markdown(), "| p | hierarchy_write_to_any_read | forward | 10 | 90.00 % |");
  EXPECT_EQ(rows[2].markdown(), "| p | llc_write_to_llc_read | backward | 2 | 0.00 % |");
}

// A histogram of one quantum run: `counts` over bins [0, 1), [1, 10), [10, 100), [100, inf).
std::vector<QuantumDistanceRow> histogram(const std::string& point, double quantum,
                                          const std::string& phase,
                                          std::vector<std::uint64_t> counts) {
  const double edges[] = {0, 1, 10, 100, kInf};
  std::vector<QuantumDistanceRow> out;
  for (std::size_t i = 0; i < counts.size(); ++i)
    out.push_back(
        {quantum, 4, {point, "-", kLlcMeasure, phase, edges[i], edges[i + 1], counts[i]}});
  return out;
}

TEST(QuantumDistanceRow, RendersItsCsvLineWithTheQuantumAndSteps) {
  EXPECT_EQ(histogram("sram", 10, "forward", {7})[0].csv(),
            "sram,-,10,4,llc_write_to_llc_read,forward,0,1,7");
}

// One phase's bins as the runs write them: below 1 ns, 0.25-decade bins from 1 ns to 1e4 ns,
// and an open-ended last bin; `counts` fills them from the first.
std::vector<DistanceRow> log_bins(std::vector<std::uint64_t> counts) {
  std::vector<DistanceRow> out{{"p", "-", kLlcMeasure, "forward", 0, 1, 0}};
  for (int k = 0; k < 16; ++k)
    out.push_back(
        {"p", "-", kLlcMeasure, "forward", std::pow(10, k / 4.0), std::pow(10, (k + 1) / 4.0), 0});
  out.push_back({"p", "-", kLlcMeasure, "forward", 1e4, kInf, 0});
  for (std::size_t i = 0; i < counts.size(); ++i) out[i].count = counts[i];
  return out;
}

TEST(Wasserstein1Decades, IdenticalHistogramsAreZeroApart) {
  EXPECT_EQ(wasserstein1_decades(log_bins({3, 0, 5, 7}), log_bins({3, 0, 5, 7})), 0.0);
  EXPECT_EQ(wasserstein1_decades(log_bins({3, 0, 5, 7}), log_bins({30, 0, 50, 70})), 0.0)
      << "shares, not counts";
}

TEST(Wasserstein1Decades, AllMassOneBinOnIsOneBinSpacing) {
  EXPECT_NEAR(wasserstein1_decades(log_bins({0, 0, 10}), log_bins({0, 0, 0, 10})), 0.25, 1e-12);
  // The below-1-ns bin and the open-ended last bin are one spacing from their neighbours.
  EXPECT_NEAR(wasserstein1_decades(log_bins({10}), log_bins({0, 10})), 0.25, 1e-12);
  std::vector<std::uint64_t> last(18, 0), before_last(18, 0);
  last[17] = 4;
  before_last[16] = 4;
  EXPECT_NEAR(wasserstein1_decades(log_bins(last), log_bins(before_last)), 0.25, 1e-12);
}

TEST(Wasserstein1Decades, HalfTheMassTwoBinsOnIsOneBinSpacing) {
  EXPECT_NEAR(wasserstein1_decades(log_bins({0, 0, 10}), log_bins({0, 0, 5, 0, 5})), 0.25, 1e-12);
  EXPECT_NEAR(wasserstein1_decades(log_bins({0, 0, 5, 0, 5}), log_bins({0, 0, 10})), 0.25, 1e-12)
      << "symmetric";
}

TEST(Wasserstein1Decades, AnEmptyHistogramHasNoDistance) {
  EXPECT_TRUE(std::isnan(wasserstein1_decades(log_bins({}), log_bins({1}))));
  EXPECT_TRUE(std::isnan(wasserstein1_decades(log_bins({1}), log_bins({}))));
}

TEST(Wasserstein1Decades, RefusesHistogramsWhoseBinsDiffer) {
  std::vector<DistanceRow> shorter = log_bins({1});
  shorter.pop_back();
  EXPECT_THROW(wasserstein1_decades(log_bins({1}), shorter), std::invalid_argument);
  std::vector<DistanceRow> moved = log_bins({1});
  moved[3].bin_lo_ns = 2;
  EXPECT_THROW(wasserstein1_decades(log_bins({1}), moved), std::invalid_argument);
  std::vector<DistanceRow> uneven = log_bins({1});
  uneven[2].bin_hi_ns = uneven[3].bin_lo_ns = 2;  // edges agree, spacing does not
  EXPECT_THROW(wasserstein1_decades(uneven, uneven), std::invalid_argument);
}

// A quantum run's histogram over log_bins' edges.
std::vector<QuantumDistanceRow> log_histogram(const std::string& point, double quantum,
                                              const std::string& phase,
                                              std::vector<std::uint64_t> counts) {
  std::vector<QuantumDistanceRow> out;
  for (DistanceRow bin : log_bins(std::move(counts))) {
    bin.point = point;
    bin.phase = phase;
    out.push_back({quantum, 4, bin});
  }
  return out;
}

void append(std::vector<QuantumDistanceRow>& to, const std::vector<QuantumDistanceRow>& rows) {
  to.insert(to.end(), rows.begin(), rows.end());
}

TEST(QuantumShiftRow, ComparesEachQuantumWithTheReferenceAndTheNextFinerOne) {
  std::vector<QuantumDistanceRow> rows = log_histogram("sram", 1000, "forward", {0, 0, 1000});
  append(rows, log_histogram("sram", 100, "forward", {0, 0, 500, 500}));  // 0.125 decades
  append(rows, log_histogram("sram", 10, "forward", {0, 0, 500, 460, 40}));
  const std::vector<QuantumShiftRow> shift = QuantumShiftRow::of(rows, {1000, 100, 10}, 0.05, 1000);
  ASSERT_EQ(shift.size(), 3u);
  EXPECT_EQ(shift[0].quantum_ns, 1000.0);
  EXPECT_EQ(shift[0].max_shift_pp, 0.0);
  EXPECT_EQ(shift[0].w1_decades, 0.0);
  EXPECT_TRUE(shift[0].within_tolerance);
  EXPECT_DOUBLE_EQ(*shift[0].w1_next_decades, 0.125);
  EXPECT_FALSE(*shift[0].converged);  // 1000 -> 100 moves by 0.125 > 0.05
  EXPECT_DOUBLE_EQ(shift[1].max_shift_pp, 50.0);
  EXPECT_DOUBLE_EQ(shift[1].w1_decades, 0.125);
  EXPECT_FALSE(shift[1].within_tolerance);
  EXPECT_DOUBLE_EQ(*shift[1].w1_next_decades, 0.01);  // 4 % moved by one bin
  EXPECT_TRUE(*shift[1].converged);
  EXPECT_FALSE(shift[2].w1_next_decades) << "nothing finer than the finest";
  EXPECT_FALSE(shift[2].converged);
  EXPECT_EQ(shift[1].csv(),
            "sram,llc_write_to_llc_read,forward,100,1000,1000,1,50,no,0.125,0.01,yes");
  EXPECT_EQ(shift[2].csv(), "sram,llc_write_to_llc_read,forward,10,1000,1000,1,50,no,0.135,,");
  EXPECT_EQ(shift[1].markdown(),
            "| sram | llc_write_to_llc_read | forward | 100 | 1000 | 100.00 % | 50.00 | 0.125 | "
            "0.010 | yes |");
  EXPECT_EQ(shift[2].markdown(),
            "| sram | llc_write_to_llc_read | forward | 10 | 1000 | 100.00 % | 50.00 | 0.135 | - | "
            "- |");
}

TEST(QuantumShiftRow, AQuantumIsConvergedOnlyWhenEveryHistogramWithEnoughReadsStays) {
  // forward stays; update moves by 0.25 decades at 1000 reads; other moves but has 4 reads.
  std::vector<QuantumDistanceRow> rows = log_histogram("stt", 1000, "forward", {0, 2000});
  append(rows, log_histogram("stt", 100, "forward", {0, 2000}));
  append(rows, log_histogram("stt", 1000, "other", {0, 4}));
  append(rows, log_histogram("stt", 100, "other", {0, 0, 0, 4}));
  const auto verdict = [&](const std::vector<QuantumDistanceRow>& r) {
    const std::vector<QuantumShiftRow> shift = QuantumShiftRow::of(r, {1000, 100}, 0.05, 1000);
    for (const QuantumShiftRow& row : shift)
      EXPECT_EQ(row.converged.has_value(), row.quantum_ns == 1000.0);
    return *shift.front().converged;
  };
  EXPECT_TRUE(verdict(rows)) << "the 4-read histogram does not count";
  append(rows, log_histogram("stt", 1000, "update", {0, 1000}));
  append(rows, log_histogram("stt", 100, "update", {0, 0, 1000}));
  EXPECT_FALSE(verdict(rows));
  // A point whose histograms all have too few reads is not converged.
  std::vector<QuantumDistanceRow> few = log_histogram("x", 1000, "forward", {5});
  append(few, log_histogram("x", 10, "forward", {5}));
  EXPECT_FALSE(*QuantumShiftRow::of(few, {1000, 10}, 0.05, 1000).front().converged);
}

TEST(QuantumShiftRow, APhaseWithoutReadsAtSomeQuantumIsLeftOut) {
  std::vector<QuantumDistanceRow> rows = histogram("sram", 1000, "update", {1, 1, 0, 0});
  append(rows, histogram("sram", 10, "update", {0, 0, 0, 0}));
  append(rows, histogram("sram", 1000, "forward", {1, 0, 0, 0}));
  append(rows, histogram("sram", 10, "forward", {1, 0, 0, 0}));
  const std::vector<QuantumShiftRow> shift = QuantumShiftRow::of(rows, {1000, 10}, 0.05, 1);
  ASSERT_EQ(shift.size(), 2u);
  EXPECT_EQ(shift[0].phase, "forward");
  EXPECT_EQ(shift[1].phase, "forward");
}

// Shift rows of two points at 1000, 100 and 10 ns: `moves` says which step moves at a point.
std::vector<QuantumShiftRow> two_points(bool sram_1000_moves, bool stt_100_moves) {
  std::vector<QuantumDistanceRow> rows;
  append(rows, log_histogram("sram", 1000, "forward", {0, 1000}));
  append(rows, log_histogram("sram", 100, "forward",
                             {0, sram_1000_moves ? 0u : 1000u, sram_1000_moves ? 1000u : 0u}));
  append(rows, log_histogram("sram", 10, "forward",
                             {0, sram_1000_moves ? 0u : 1000u, sram_1000_moves ? 1000u : 0u}));
  append(rows, log_histogram("stt", 1000, "update", {0, 1000}));
  append(rows, log_histogram("stt", 100, "update", {0, 1000}));
  append(rows, log_histogram("stt", 10, "update",
                             {0, stt_100_moves ? 0u : 1000u, stt_100_moves ? 1000u : 0u}));
  return QuantumShiftRow::of(rows, {1000, 100, 10}, 0.05, 1000);
}

TEST(QuantumVerdictRow, TheCoarsestQuantumFromWhichEveryFinerStepIsConverged) {
  const std::vector<QuantumVerdictRow> v =
      QuantumVerdictRow::of(two_points(true, true), {{"sram", 100}, {"stt", 100}});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].point, "sram");
  EXPECT_EQ(*v[0].coarsest_converged_ns, 100.0);
  EXPECT_EQ(v[0].figure1_converged, "yes");
  EXPECT_EQ(v[0].markdown(), "| sram | 100 | 100 | yes |");
  // stt: 1000 -> 100 stays but 100 -> 10 moves, so 1000 is not converged either.
  EXPECT_FALSE(v[1].coarsest_converged_ns);
  EXPECT_EQ(v[1].figure1_converged, "no");
  EXPECT_EQ(v[1].markdown(), "| stt | none | 100 | no |");
  const std::vector<QuantumVerdictRow> fine =
      QuantumVerdictRow::of(two_points(false, false), {{"sram", 10}, {"stt", 300}});
  EXPECT_EQ(*fine[0].coarsest_converged_ns, 1000.0);
  EXPECT_EQ(fine[0].figure1_converged, "yes") << "finer than the coarsest converged quantum";
  EXPECT_EQ(fine[1].figure1_converged, "not tried");
}

TEST(Figure1QuantumSentence, SaysWhetherFigureOnesQuantumIsConverged) {
  EXPECT_EQ(
      figure1_quantum_sentence(
          QuantumVerdictRow::of(two_points(false, false), {{"sram", 100}, {"stt", 100}}), 0.05),
      "Figure 1 ran at a quantum of 100 ns (`sim.quantum_ns` of its runs): converged by "
      "the criterion (W1 at most 0.05 decades to every finer quantum step) at every point "
      "of the quantum runs (sram, stt).");
  EXPECT_EQ(
      figure1_quantum_sentence(
          QuantumVerdictRow::of(two_points(true, true), {{"sram", 1000}, {"stt", 100}}), 0.05),
      "Figure 1 ran at a quantum of 1000 ns, 100 ns (`sim.quantum_ns` of its runs): not "
      "converged by the criterion at sram, stt.");
  EXPECT_EQ(
      figure1_quantum_sentence(
          QuantumVerdictRow::of(two_points(false, true), {{"sram", 1000}, {"stt", 2000}}), 0.05),
      "Figure 1 ran at a quantum of 1000 ns, 2000 ns (`sim.quantum_ns` of its runs): not "
      "among the quanta tried at stt; converged at sram.");
}

PerfRow perf_row() {
  PerfRow r;
  r.workload = "mlp";
  r.point = "stt-10ms";
  r.technology = "sttram";
  r.retention_s = TableNumber(0.01);
  r.policy = "none";
  r.steps = 4;
  r.sim_ns_per_step = 123456.789;
  r.speedup_vs_baseline = 1.23456789;
  r.llc_hit_rate = 0.5;
  r.llc_dynamic_nj_per_step = 1000;
  r.llc_refresh_nj_per_step = 0;
  r.llc_leakage_nj_per_step = 2500.5;
  r.llc_nj_per_step = 3500.5;
  r.dram_nj_per_step = 700;
  r.total_nj_per_step = 9000;
  r.llc_energy_vs_baseline = 0.5;
  r.total_energy_vs_baseline = 2;
  r.p_error = 0.00123;
  r.flipped_bits = 0;
  r.closed_loop = ClosedLoopOutcome::kCannotTrain;
  return r;
}

TEST(PerfRow, RendersItsCsvAndMarkdownLines) {
  const PerfRow r = perf_row();
  EXPECT_EQ(r.csv(),
            "mlp,stt-10ms,sttram,0.01,none,4,123457,1.23457,0.5,1000,0,2500.5,3500.5,700,9000,0.5,"
            "2,0.00123,0,cannot_train,,,");
  // The Markdown shows the CSV's values (123457 ns, not 123456.789), units in the header.
  EXPECT_EQ(r.markdown(),
            "| mlp | stt-10ms | 123.5 | 1.235 | 50.00 % | 3.5 | 2.5 | 9.0 | 0.500 | 2.000 | "
            "1.23e-03 | cannot train | - |");
  EXPECT_EQ(PerfRow::markdown_header("sram"),
            "| workload | point | time/step (us) | speed-up (x sram) | LLC hits (%) | LLC "
            "energy/step (uJ) | of which leakage (uJ) | total energy/step (uJ) | LLC energy (x "
            "sram) | total energy (x sram) | p_error (probability) | under its faults (closed "
            "loop) | policy interval; refresh bank share; floor failure |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
}

TEST(PerfRow, ShowsWhereItsPolicyActsBesideIt) {
  PerfRow r = perf_row();
  r.policy = "refresh";
  r.interval = {true, 158128.4, 3.2068, 0.891693};
  const std::string csv = r.csv();
  EXPECT_EQ(csv.substr(csv.rfind("cannot_train")), "cannot_train,158128,3.2068,0.891693");
  EXPECT_NE(r.markdown().find("| 1.58e+05 ns; 3.21e+00; 8.92e-01 |"), std::string::npos)
      << r.markdown();
  // Its CSV line has one cell per header column.
  EXPECT_EQ(
      std::count(csv.begin(), csv.end(), ','),
      std::count(PerfRow::kCsvHeader, PerfRow::kCsvHeader + std::strlen(PerfRow::kCsvHeader), ','));
}

TEST(MlpWorkingSet, WeightsGradientsPerShareAndOptimizerState) {
  // 784-512-512-10: 669,706 parameters; 4 shares and Adam: 7 floats each.
  EXPECT_EQ(mlp_working_set_bytes({784, 512, 512, 10}, 4, 2), 669706.0 * 4 * 7);
  EXPECT_EQ(mlp_working_set_bytes({784, 512, 512, 10}, 1, 0), 669706.0 * 4 * 2);
  EXPECT_EQ(mlp_working_set_bytes({3, 2}, 2, 1), (3 * 2 + 2) * 4.0 * 4);
  EXPECT_EQ(mlp_working_set_bytes({784}, 4, 2), 0.0);  // no layer
}

WorkingSetRow ws_row(const char* point, double mib, double speedup, double energy) {
  WorkingSetRow r;
  r.workload = "mlp-w" + std::to_string(static_cast<int>(mib));
  r.point = point;
  r.technology = std::string(point) == "sram" ? "sram" : "sttram";
  r.working_set_mib = mib;
  r.llc_mib = std::string(point) == "sram" ? 8 : 20;
  r.steps = 4;
  r.sim_ns_per_step = 1000;
  r.speedup_vs_baseline = speedup;
  r.llc_hit_rate = 0.5;
  r.llc_nj_per_step = 10;
  r.total_nj_per_step = 20;
  r.llc_energy_vs_baseline = 0.5;
  r.total_energy_vs_baseline = energy;
  return r;
}

TEST(WorkingSetRow, RendersItsCsvAndMarkdownLines) {
  const WorkingSetRow r = ws_row("stt-1s", 17.8807, 3.101234, 0.45);
  EXPECT_EQ(r.csv(), "mlp-w17,17.8807,stt-1s,sttram,20,4,1000,3.10123,0.5,10,20,0.5,0.45");
  EXPECT_EQ(r.markdown(),
            "| mlp-w17 | 17.9 | stt-1s | 20 | 1.0 | 3.101 | 50.00 % | 0.500 | 0.450 |");
  const std::string csv = r.csv();
  EXPECT_EQ(std::count(csv.begin(), csv.end(), ','),
            std::count(WorkingSetRow::kCsvHeader,
                       WorkingSetRow::kCsvHeader + std::strlen(WorkingSetRow::kCsvHeader), ','));
  EXPECT_EQ(WorkingSetRow::markdown_header("sram").substr(0, 40),
            "| workload | working set (MiB) | point |");
}

TEST(WorkingSetReading, SaysWhereEachPointWinsAndWhereItStops) {
  // Rows out of working-set order: the reading sorts them.
  const std::vector<WorkingSetRow> rows = {
      ws_row("sram", 17.9, 1, 1),      ws_row("stt-1s", 17.9, 3.1, 0.45),
      ws_row("stt-1s", 3.2, 0.9, 0.8), ws_row("stt-1s", 49.8, 0.95, 1.2),
      ws_row("hybrid", 3.2, 1.2, 0.9), ws_row("hybrid", 49.8, 1.1, 0.95)};
  const std::string s = working_set_reading(rows, "sram");
  EXPECT_EQ(s,
            "`stt-1s` (LLC 20 MiB): faster than `sram` at 17.9 MiB (3.10x), not at 3.2, 49.8 MiB "
            "(0.90x, 0.95x), the largest speed-up at 17.9 MiB (3.10x); less total energy at 3.2, "
            "17.9 MiB (0.80x, 0.45x), not at 49.8 MiB (1.20x), the least at 17.9 MiB (0.45x). "
            "`hybrid` (LLC 20 MiB): faster than `sram` at every working set, 3.2, 49.8 MiB "
            "(1.20x, 1.10x), the largest speed-up at 3.2 MiB (1.20x); less total energy at every "
            "working set, 3.2, 49.8 MiB (0.90x, 0.95x), the least at 3.2 MiB (0.90x).");
  const std::string never = working_set_reading({ws_row("slow", 3.2, 0.5, 2)}, "sram");
  EXPECT_NE(never.find("never faster than `sram` (3.2 MiB (0.50x))"), std::string::npos) << never;
  EXPECT_NE(never.find("never less total energy (3.2 MiB (2.00x))"), std::string::npos) << never;
}

TEST(PerfRow, SramHasNoRetentionNorPolicy) {
  PerfRow r = perf_row();
  r.technology = "sram";
  r.retention_s.reset();
  r.policy.clear();
  r.p_error = 0;
  EXPECT_EQ(r.csv().substr(0, 26), "mlp,stt-10ms,sram,,,4,1234");
  EXPECT_NE(r.markdown().find("| 0 |"), std::string::npos) << r.markdown();
}

TEST(ClosedLoopRow, RendersItsCsvLineAndDivergesOnANonFiniteLoss) {
  ClosedLoopRow r;
  r.point = "stt-10ms";
  r.mitigation = "ecc";
  r.seed = 2;
  r.technology = "sttram";
  r.test_accuracy = 0.9125;
  r.final_loss = 0.123456789;
  r.flipped_bits = 17;
  r.sim_ns_per_step = 5e5;
  r.llc_nj_per_step = 1234.5678;
  r.total_nj_per_step = 9999.99;
  r.time_vs_baseline = 1.1;
  r.energy_vs_baseline = 1.05;
  EXPECT_FALSE(r.diverged());
  EXPECT_EQ(r.csv(), "stt-10ms,ecc,2,sttram,0.9125,0.123457,0,17,500000,1234.57,9999.99,1.1,1.05");
  r.final_loss = kNan;
  EXPECT_TRUE(r.diverged());
  EXPECT_EQ(r.csv(), "stt-10ms,ecc,2,sttram,0.9125,nan,1,17,500000,1234.57,9999.99,1.1,1.05");
}

TEST(DistanceSummaryRow, SharesPerDistanceRangeAndTheMedianBin) {
  // 10 hits below 1 ns, 30 at 1-100 ns, 60 at 10 us - 1 ms, over two phases.
  const std::vector<DistanceRow> bins = {{"p", "-", kLlcMeasure, "forward", 0, 1, 10},
                                         {"p", "-", kLlcMeasure, "forward", 10, 17.7828, 30},
                                         {"p", "-", kLlcMeasure, "backward", 1e5, 1.77828e5, 40},
                                         {"p", "-", kLlcMeasure, "backward", 1e4, 1.77828e4, 20}};
  const DistanceSummaryRow s = DistanceSummaryRow::of("p", bins);
  EXPECT_EQ(s.read_hits, 100.0);
  EXPECT_EQ(s.median_bin_ns, 1e4);  // 10 + 30 + 20 reach half
  EXPECT_EQ(s.markdown(), "| p | 100 | 10.00 % | 30.00 % | 0.00 % | 60.00 % | 0.00 % | 10000 |");
  EXPECT_EQ(DistanceSummaryRow::of("q", {}).markdown(), "| q | 0 | - | - | - | - | - | nan |");
}

TEST(TableIRow, PivotsThePhasesOfEachRunBesideTheStudy) {
  const std::vector<RetentionRow> rows = {
      {"sram", "-", "sram", {}, {}, {}, "forward", 10, 0.0, 0.0, 0, 0},
      {"stt-1s", "mean", "sttram", TableNumber(1), TableNumber(20.7233), TableNumber(1.0 / 512),
       "forward", 10, 0.25, 2.5, 2, 0},
      {"stt-1s", "mean", "sttram", TableNumber(1), TableNumber(20.7233), TableNumber(1.0 / 512),
       "backward", 10, 0.0005, 0.005, 0, 0},
      {"stt-1s", "mean", "sttram", TableNumber(1), TableNumber(20.7233), TableNumber(1.0 / 512),
       "total", 20, 0.125, 2.505, 2, 0},
      {"stt-3s",
       "mean",
       "sttram",
       TableNumber(3),
       TableNumber(21.8),
       {},
       "forward",
       1,
       0.1,
       0.1,
       0,
       0}};
  const std::vector<TableIRow> t = TableIRow::of(rows);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].p_error.at("update"), 0.0);  // no update row: 0
  EXPECT_EQ(t[1].p_error.at("total"), 0.125);
  EXPECT_EQ(t[0].markdown(), "| sram | - | - | - | - | 0 | 0 | 0 | 0 | 0 |");
  EXPECT_EQ(t[1].markdown(),
            "| stt-1s | mean | 1 | 20.72 | 1.95e-03 | 2.50e-01 | 5.00e-04 | 0 | 2.00e-05 | "
            "3.00e-03 |");
  EXPECT_EQ(t[2].published(), nullptr);
  EXPECT_EQ(t[2].markdown(), "| stt-3s | mean | 3 | 21.80 | - | 1.00e-01 | 0 | 0 |  |  |");
  EXPECT_EQ(
      std::string(TableIRow::kMarkdownHeader)
          .rfind("| point | definition | retention (s) | Δ (E_b / k_B T) | line MTTF (s) |", 0),
      0u);
}

TEST(ClosedLoopSummaryRow, MeansOverTheSeedsOfEachPointAndMitigation) {
  const auto run = [](const char* point, const char* mitigation, double accuracy, double loss) {
    ClosedLoopRow r;
    r.point = point;
    r.mitigation = mitigation;
    r.test_accuracy = accuracy;
    r.final_loss = loss;
    r.flipped_bits = 3;
    r.time_vs_baseline = 1.5;
    r.energy_vs_baseline = 2;
    return r;
  };
  const auto s =
      ClosedLoopSummaryRow::of({run("sram", "none", 0.9, 0.1), run("stt", "none", 0.1, kNan),
                                run("sram", "none", 0.8, 0.2)});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].runs, 2);
  EXPECT_DOUBLE_EQ(s[0].mean_accuracy(), 0.85);
  EXPECT_EQ(s[0].outcome(0.85), ClosedLoopOutcome::kTrains);
  EXPECT_EQ(s[1].outcome(0.85), ClosedLoopOutcome::kCannotTrain);
  EXPECT_EQ(s[1].outcome(0.14), ClosedLoopOutcome::kTrains);  // within 5 points
  EXPECT_EQ(s[0].markdown(0.85), "| sram | none | 85.00 % | 0/2 | 3 | 1.500 | 2.000 | trains |");
  EXPECT_EQ(s[1].markdown(0.85),
            "| stt | none | 10.00 % | 1/1 | 3 | 1.500 | 2.000 | cannot train |");
  EXPECT_EQ(ClosedLoopSummaryRow::markdown_header("sram"),
            "| point | mitigation | test accuracy, mean (%) | diverged (runs of all) | bits "
            "flipped, mean (count) | time/step (x sram) | energy/step (x sram) | failure test "
            "|\n|---|---|---|---|---|---|---|---|\n");
}

IntervalSweepRow sweep_row(const char* point, const char* policy, double q, double accuracy,
                           double energy, std::uint64_t seed = 1) {
  IntervalSweepRow r;
  r.policy = policy;
  r.interval_failure = q;
  r.interval = {true, 1e6 * q, 2 / q, 0.9};
  r.run.point = point;
  r.run.mitigation = policy;
  r.run.seed = seed;
  r.run.technology = "sttram";
  r.run.test_accuracy = accuracy;
  r.run.final_loss = accuracy > 0.5 ? 0.1 : kNan;
  r.run.flipped_bits = 1000 * q;
  r.run.sim_ns_per_step = 100;
  r.run.total_nj_per_step = 200;
  r.run.time_vs_baseline = 1.5;
  r.run.energy_vs_baseline = energy;
  return r;
}

TEST(IntervalSweepRow, RendersItsCsvLine) {
  const IntervalSweepRow r = sweep_row("stt-1s", "refresh", 0.1, 0.9, 1.25);
  EXPECT_EQ(r.csv(), "stt-1s,refresh,0.1,100000,20,0.9,1,0.9,0.1,0,100,100,200,1.5,1.25");
  const std::string csv = r.csv();
  EXPECT_EQ(
      std::count(csv.begin(), csv.end(), ','),
      std::count(IntervalSweepRow::kCsvHeader,
                 IntervalSweepRow::kCsvHeader + std::strlen(IntervalSweepRow::kCsvHeader), ','));
}

TEST(IntervalSummaryRow, MeansOverSeedsSortedByIntervalWithinPointAndPolicy) {
  const auto s = IntervalSummaryRow::of(
      {sweep_row("stt-1s", "refresh", 0.5, 0.9, 2), sweep_row("stt-1s", "refresh", 0.001, 0.1, 9),
       sweep_row("stt-1s", "expire", 0.5, 0.9, 3), sweep_row("stt-1s", "refresh", 0.5, 0.8, 4, 2)});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].policy, "refresh");
  EXPECT_EQ(s[0].interval_failure, 0.001);
  EXPECT_EQ(s[1].interval_failure, 0.5);
  EXPECT_EQ(s[1].runs, 2);
  EXPECT_DOUBLE_EQ(s[1].mean_accuracy(), 0.85);
  EXPECT_EQ(s[2].policy, "expire");
  EXPECT_EQ(s[0].diverged, 1);
  EXPECT_TRUE(s[1].trains(0.9));
  EXPECT_FALSE(s[0].trains(0.9));
  EXPECT_EQ(s[1].markdown(0.9),
            "| stt-1s | refresh | 5.00e-01 | 5.00e+05 ns; 4.00e+00; 9.00e-01 | 85.00 % | 0/2 | "
            "500 | 1.500 | 3.000 | trains |");
}

TEST(IntervalReading, GivesTheDefaultOutcomeAndTheCheapestIntervalThatTrains) {
  const auto sweep = IntervalSummaryRow::of(
      {sweep_row("stt-1s", "refresh", 0.001, 0.9, 5), sweep_row("stt-1s", "refresh", 0.1, 0.9, 2),
       sweep_row("stt-1s", "refresh", 0.5, 0.1, 1.1), sweep_row("stt-1s", "expire", 0.5, 0.1, 3),
       sweep_row("stt-10ms", "expire", 0.5, 0.1, 3)});
  ClosedLoopSummaryRow refresh{"stt-1s", "refresh", 1, 1, 0.1, 5e8, 2.4, 1e8};
  ClosedLoopSummaryRow expire{"stt-1s", "expire", 1, 0, 0.9, 3, 3.3, 4.4};
  EXPECT_EQ(interval_reading(sweep, {refresh, expire}, 0.9),
            "`stt-1s` `refresh`: at the default interval cannot train (2.40x time, "
            "100000000.00x energy); it trains at interval_failure 1.00e-03, 1.00e-01; the least "
            "energy of these at 1.00e-01 (interval 100 us): 1.50x time, 2.00x energy, 100 bits "
            "flipped (mean). `stt-1s` `expire`: at the default interval trains (3.30x time, "
            "4.40x energy); it trains at none of the swept interval_failure values (5.00e-01 to "
            "5.00e-01). `stt-10ms` `expire`: at the default interval not run closed-loop; it "
            "trains at none of the swept interval_failure values (5.00e-01 to 5.00e-01).");
}

TEST(LayerToleranceRow, RendersOneCellPerPWithFailuresInBold) {
  EXPECT_EQ(LayerToleranceRow::markdown_header({1e-7, 1e-5}),
            "| layer (index) | p = 1.00e-07: accuracy (%, diverged/runs) | p = 1.00e-05: accuracy "
            "(%, diverged/runs) |\n|---|---|---|\n");
  LayerToleranceRow row{"10", {}};
  row.cells.push_back({0.98, 0, 2, false});
  row.cells.push_back({0.1, 2, 2, true});
  row.cells.push_back({});  // no run at this p
  EXPECT_EQ(row.markdown(), "| 10 | 98.00 % (0/2) | **10.00 %** (2/2) | - (0/0) |");
}

// A campaign.csv: a baseline per seed, then `failing` cells (layer, p) at 10 % accuracy with both
// seeds diverged, every other cell of layers x ps at the baseline's accuracy; one run with a
// mitigation that the figure ignores.
std::string campaign_csv(const std::vector<int>& layers, const std::vector<double>& ps,
                         const std::vector<std::pair<int, double>>& failing) {
  std::string out =
      "net,layer,target,p,seed,mitigation,test_accuracy,diverged,first_nonfinite_step,flips\n"
      "lenet,none,none,0,1,none,0.9000,0,-1,0\n"
      "lenet,none,none,0,2,none,0.9200,0,-1,0\n";
  for (int l : layers) {
    for (double p : ps) {
      const bool fails =
          std::find(failing.begin(), failing.end(), std::make_pair(l, p)) != failing.end();
      for (int seed : {1, 2}) {
        char line[160];
        std::snprintf(line, sizeof line, "lenet,%d,inputs,%g,%d,none,%s,%d,%d,5\n", l, p, seed,
                      fails ? "0.1000" : "0.9000", fails ? 1 : 0, fails ? 3 : -1);
        out += line;
      }
    }
  }
  return out + "lenet,0,inputs,1e-05,1,range,0.1000,0,-1,5\n";
}

const std::vector<int> kAllLayers = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
const std::vector<double> kStudyPs = {1e-7, 1e-6, 1e-5};
const std::vector<std::pair<int, double>> kStudyPattern = {
    {0, 1e-5}, {1, 1e-5}, {2, 1e-5}, {10, 1e-5}};

std::vector<Figure2Row> rows_of(const std::string& semantics,
                                const std::vector<std::pair<int, double>>& failing,
                                const std::vector<int>& layers = kAllLayers) {
  return Figure2Row::of(semantics,
                        ResultCsv(campaign_csv(layers, kStudyPs, failing), "campaign.csv"));
}

TEST(Figure2Row, OneRowPerLayerAndPAgainstTheCampaignsBaseline) {
  const auto rows = rows_of("persistent", {{3, 1e-6}});
  ASSERT_EQ(rows.size(), 36u);
  EXPECT_EQ(rows[0].layer, 0);
  EXPECT_EQ(rows[0].p, 1e-7);
  EXPECT_EQ(rows[2].p, 1e-5);
  EXPECT_EQ(rows[35].layer, 11);
  const Figure2Row& r = rows[3 * 3 + 1];  // layer 3 at 1e-6
  EXPECT_EQ(r.layer, 3);
  EXPECT_EQ(r.runs, 2);
  EXPECT_EQ(r.diverged, 2);
  EXPECT_TRUE(r.failed);
  EXPECT_FALSE(r.study_failed());
  EXPECT_DOUBLE_EQ(r.baseline_accuracy, 0.91);
  // The range run at layer 0, 1e-5 is not counted: the cell keeps its two runs and passes.
  EXPECT_EQ(rows[2].runs, 2);
  EXPECT_FALSE(rows[2].failed);
  EXPECT_TRUE(rows[2].study_failed());
  EXPECT_EQ(r.csv(), "persistent,3,1e-06,2,2,0,0.91,1,0");  // diverged runs count as 0
  EXPECT_EQ(std::string(Figure2Row::kCsvHeader),
            "semantics,layer,p,runs,diverged,mean_test_accuracy,baseline_accuracy,failed,"
            "study_failed");
}

TEST(Figure2Row, AFailureIsMoreThanFivePointsBelowTheBaselineAndDivergedIsZero) {
  const std::string csv =
      "net,layer,target,p,seed,mitigation,test_accuracy,diverged,first_nonfinite_step,flips\n"
      "lenet,none,none,0,1,none,0.9000,0,-1,0\n"
      "lenet,4,inputs,1e-05,1,none,0.8600,0,-1,9\n"
      "lenet,5,inputs,1e-05,1,none,0.8400,0,-1,9\n"
      "lenet,6,inputs,1e-05,1,none,nan,1,12,9\n";
  const auto rows = Figure2Row::of("x", ResultCsv(csv, "campaign.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[0].failed);           // 4 points below
  EXPECT_TRUE(rows[1].failed);            // 6 points below
  EXPECT_EQ(rows[2].mean_accuracy, 0.0);  // diverged: 0 %, whatever the CSV says
  EXPECT_TRUE(rows[2].failed);
}

TEST(Figure2Row, AMissingColumnNamesTheFile) {
  EXPECT_EQ(error_of([] { Figure2Row::of("x", ResultCsv("net,layer\nlenet,0\n", "c.csv")); }),
            "c.csv: no column mitigation");
}

TEST(Figure2Agreement, TheStudysPatternReproducesOnTheWholeGrid) {
  const auto a = Figure2Agreement::of(rows_of("per-value", kStudyPattern));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].cells, 36);
  EXPECT_EQ(a[0].agree, 36);
  EXPECT_EQ(a[0].study_cells, 4);
  EXPECT_EQ(a[0].study_failing, 4);
  EXPECT_EQ(a[0].other_failing, 0);
  EXPECT_TRUE(a[0].full_grid);
  EXPECT_TRUE(a[0].reproduces());
  EXPECT_EQ(figure2_verdict(a),
            "`per-value` reproduces the study's pattern: on the study's whole grid, exactly the "
            "inputs of layers 0, 1, 2 and 10 fail, at 1e-5 only.");
  EXPECT_EQ(a[0].markdown(),
            "| per-value | 36 | 36 | 4 | 0 | 0 at 1.00e-05, 1 at 1.00e-05, 2 at 1.00e-05, 10 at "
            "1.00e-05 |");
}

TEST(Figure2Agreement, CountsAgreeingCellsAndNamesTheClosest) {
  // Persistent: every cell of layers 0-8 fails (27 cells; 3 of the study's 4 among them).
  std::vector<std::pair<int, double>> many;
  for (int l = 0; l <= 8; ++l)
    for (double p : kStudyPs) many.emplace_back(l, p);
  // Mantissa-sign: nothing fails (32 of 36 agree). Transient: the study's cells but layer 10,
  // plus layer 5 at 1e-6 (34 of 36).
  std::vector<Figure2Row> rows = rows_of("persistent", many);
  for (const auto& more : {rows_of("mantissa-sign", {}),
                           rows_of("transient", {{0, 1e-5}, {1, 1e-5}, {2, 1e-5}, {5, 1e-6}})})
    rows.insert(rows.end(), more.begin(), more.end());
  const auto a = Figure2Agreement::of(rows);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].semantics, "persistent");
  EXPECT_EQ(a[0].agree, 36 - 24 - 1);  // 24 failing cells outside the study, and layer 10 passes
  EXPECT_EQ(a[0].study_failing, 3);
  EXPECT_EQ(a[0].other_failing, 24);
  EXPECT_EQ(a[1].agree, 32);
  EXPECT_EQ(a[1].study_failing, 0);
  EXPECT_EQ(a[1].markdown(), "| mantissa-sign | 36 | 32 | 0 | 0 | none |");
  EXPECT_EQ(a[2].agree, 34);
  EXPECT_FALSE(a[2].reproduces());
  EXPECT_EQ(figure2_verdict(a),
            "No semantics reproduces the study's pattern. Closest: `transient`, 34 of 36 cells "
            "agree (3 of the study's 4 failing cells fail here; other failing cells: 1).");
}

TEST(Figure2Agreement, APartialGridNeverReproducesAndTiesAreAllNamed) {
  // Layers 0-2 only, failing exactly at the study's cells there: every cell agrees, but the grid
  // misses layer 10 and the rest.
  const auto partial =
      Figure2Agreement::of(rows_of("small", {{0, 1e-5}, {1, 1e-5}, {2, 1e-5}}, {0, 1, 2}));
  ASSERT_EQ(partial.size(), 1u);
  EXPECT_EQ(partial[0].agree, partial[0].cells);
  EXPECT_FALSE(partial[0].full_grid);
  EXPECT_FALSE(partial[0].reproduces());
  EXPECT_EQ(figure2_verdict(partial),
            "No semantics reproduces the study's pattern. Closest: `small`, 9 of 9 cells agree (3 "
            "of the study's 3 failing cells fail here; other failing cells: 0; its grid is not "
            "the study's whole grid).");
  std::vector<Figure2Row> rows = rows_of("a", {{4, 1e-7}});
  const auto b = rows_of("b", {{5, 1e-7}});
  rows.insert(rows.end(), b.begin(), b.end());
  const std::string tie = figure2_verdict(Figure2Agreement::of(rows));
  EXPECT_NE(tie.find("Closest: `a`, 31 of 36"), std::string::npos) << tie;
  EXPECT_NE(tie.find("; `b`, 31 of 36"), std::string::npos) << tie;
  EXPECT_EQ(figure2_verdict({}), "No semantics has a finished cell to compare.");
}

}  // namespace
}  // namespace sttvp
