// The study report's typed pieces: the readers of the runs' results fail naming the file and the
// key or column they miss, and every table row renders the CSV and Markdown lines the report
// writes (the formats of the tables and of report.md).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

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
}

TEST(RetentionRow, RendersItsCsvLineWithEmptyCellsOnSram) {
  RetentionRow sram{"sram", "-", "sram", {}, {}, "forward", 120, 0.0, 0.0, 0, 0};
  EXPECT_EQ(sram.csv(), "sram,-,sram,,,forward,120,0,0,0,0");
  RetentionRow stt{"stt-10ms",
                   "mean",
                   "sttram",
                   TableNumber(0.01),
                   TableNumber(16.118095651),
                   "backward",
                   4096,
                   0.5,
                   2048.0,
                   2000,
                   17};
  EXPECT_EQ(stt.csv(), "stt-10ms,mean,sttram,0.01,16.1181,backward,4096,0.5,2048,2000,17");
  EXPECT_EQ(csv_table(std::vector<RetentionRow>{sram}),
            std::string(RetentionRow::kCsvHeader) + "\nsram,-,sram,,,forward,120,0,0,0,0\n");
}

TEST(DistanceRow, RendersItsCsvLine) {
  EXPECT_EQ((DistanceRow{"sram", "-", "forward", 0.1, 0.177827941, 12}).csv(),
            "sram,-,forward,0.1,0.177828,12");
  EXPECT_EQ((DistanceRow{"stt-1s", "block", "update", 1e9, kInf, 3}).csv(),
            "stt-1s,block,update,1e+09,inf,3");
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
  return r;
}

TEST(PerfRow, RendersItsCsvAndMarkdownLines) {
  const PerfRow r = perf_row();
  EXPECT_EQ(r.csv(),
            "mlp,stt-10ms,sttram,0.01,none,4,123457,1.23457,0.5,1000,0,2500.5,3500.5,700,9000,0.5,"
            "2,0.00123,0");
  // The Markdown shows the CSV's values: 123457 ns, not 123456.789.
  EXPECT_EQ(r.markdown(),
            "| mlp | stt-10ms | 123.5 us | 1.235x | 50.00 % | 3.5 uJ | 2.5 uJ | 9.0 uJ | 0.500x | "
            "2.000x | 1.23e-03 |");
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
  const std::vector<DistanceRow> bins = {{"p", "-", "forward", 0, 1, 10},
                                         {"p", "-", "forward", 10, 17.7828, 30},
                                         {"p", "-", "backward", 1e5, 1.77828e5, 40},
                                         {"p", "-", "backward", 1e4, 1.77828e4, 20}};
  const DistanceSummaryRow s = DistanceSummaryRow::of("p", bins);
  EXPECT_EQ(s.read_hits, 100.0);
  EXPECT_EQ(s.median_bin_ns, 1e4);  // 10 + 30 + 20 reach half
  EXPECT_EQ(s.markdown(),
            "| p | 100 | 10.00 % | 30.00 % | 0.00 % | 60.00 % | 0.00 % | from 10000 ns |");
  EXPECT_EQ(DistanceSummaryRow::of("q", {}).markdown(),
            "| q | 0 | - | - | - | - | - | from nan ns |");
}

TEST(TableIRow, PivotsThePhasesOfEachRunBesideTheStudy) {
  const std::vector<RetentionRow> rows = {
      {"sram", "-", "sram", {}, {}, "forward", 10, 0.0, 0.0, 0, 0},
      {"stt-1s", "mean", "sttram", TableNumber(1), TableNumber(20.7233), "forward", 10, 0.25, 2.5,
       2, 0},
      {"stt-1s", "mean", "sttram", TableNumber(1), TableNumber(20.7233), "backward", 10, 0.0005,
       0.005, 0, 0},
      {"stt-1s", "mean", "sttram", TableNumber(1), TableNumber(20.7233), "total", 20, 0.125, 2.505,
       2, 0},
      {"stt-3s", "mean", "sttram", TableNumber(3), TableNumber(21.8), "forward", 1, 0.1, 0.1, 0,
       0}};
  const std::vector<TableIRow> t = TableIRow::of(rows);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].p_error.at("update"), 0.0);  // no update row: 0
  EXPECT_EQ(t[1].p_error.at("total"), 0.125);
  EXPECT_EQ(t[0].markdown(), "| sram | - | - | - | 0 | 0 | 0 | 0 | 0 |");
  EXPECT_EQ(t[1].markdown(),
            "| stt-1s | mean | 1 s | 20.72 | 2.50e-01 | 5.00e-04 | 0 | 2.00e-05 | 3.00e-03 |");
  EXPECT_EQ(t[2].published(), nullptr);
  EXPECT_EQ(t[2].markdown(), "| stt-3s | mean | 3 s | 21.80 | 1.00e-01 | 0 | 0 |  |  |");
  EXPECT_EQ(
      std::string(TableIRow::kMarkdownHeader).rfind("| point | definition | retention | Δ |", 0),
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
  EXPECT_EQ(s[0].markdown(), "| sram | none | 85.00 % | 0/2 | 3 | 1.500x | 2.000x |");
  EXPECT_EQ(s[1].markdown(), "| stt | none | 10.00 % | 1/1 | 3 | 1.500x | 2.000x |");
  EXPECT_EQ(ClosedLoopSummaryRow::markdown_header("sram"),
            "| point | mitigation | test accuracy (mean) | diverged | bits flipped (mean) | "
            "time/step vs sram | energy/step vs sram |\n|---|---|---|---|---|---|---|\n");
}

TEST(LayerToleranceRow, RendersOneCellPerPWithFailuresInBold) {
  EXPECT_EQ(LayerToleranceRow::markdown_header({1e-7, 1e-5}),
            "| layer | p = 1.00e-07 | p = 1.00e-05 |\n|---|---|---|\n");
  LayerToleranceRow row{"10", {}};
  row.cells.push_back({0.98, 0, 2, false});
  row.cells.push_back({0.1, 2, 2, true});
  row.cells.push_back({});  // no run at this p
  EXPECT_EQ(row.markdown(), "| 10 | 98.00 % (0/2) | **10.00 %** (2/2) | - (0/0) |");
}

}  // namespace
}  // namespace sttvp
