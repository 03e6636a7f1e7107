// `sweep collect`: flattening stats.json, the column order, CSV quoting, and a whole results.csv
// with done, failed and missing jobs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments/sweep/SweepCollector.h"
#include "experiments/sweep/SweepDir.h"
#include "experiments/sweep/SweepSpec.h"
#include "models/common/InputError.h"
#include "tests/support/TempDir.h"

namespace sttvp {
namespace {

using test::TempDir;

std::string slurp(const std::string& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string l; std::getline(s, l);) out.push_back(l);
  return out;
}

TEST(SweepCollectorFlatten, DottedPathsArrayIndicesAndNoUnderscoreKeys) {
  const Json stats = Json::parse(R"({
    "sim_time_ns": 12.5,
    "cores": [{"cycles": 10, "l1d": {"hits": 3}}, {"cycles": 11, "l1d": {"hits": 4}}],
    "matrix": [[1, 2], [3]],
    "llc": {"technology": "sram", "ok": true, "nothing": null},
    "_units": {"sim_time_ns": {"unit": "ns"}}
  })");
  const auto flat = SweepCollector::flatten(stats);
  std::vector<std::string> keys, values;
  for (const auto& [k, v] : flat) {
    keys.push_back(k);
    values.push_back(v);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"sim_time_ns", "cores[0].cycles", "cores[0].l1d.hits",
                                            "cores[1].cycles", "cores[1].l1d.hits", "matrix[0][0]",
                                            "matrix[0][1]", "matrix[1][0]", "llc.technology",
                                            "llc.ok", "llc.nothing"}));
  EXPECT_EQ(values, (std::vector<std::string>{"12.5", "10", "3", "11", "4", "1", "2", "3", "sram",
                                              "true", ""}));
}

TEST(SweepCollectorColumns, NewKeysGoNextToTheirPredecessor) {
  std::vector<std::string> columns;
  SweepCollector::merge_columns(columns, {"t", "cores[0].a", "llc.x"});
  EXPECT_EQ(columns, (std::vector<std::string>{"t", "cores[0].a", "llc.x"}));
  // A job with more cores: its extra columns sit after cores[0], not at the end.
  SweepCollector::merge_columns(columns, {"t", "cores[0].a", "cores[1].a", "llc.x", "llc.y"});
  EXPECT_EQ(columns, (std::vector<std::string>{"t", "cores[0].a", "cores[1].a", "llc.x", "llc.y"}));
  // Nothing new: unchanged; a new first key goes first.
  SweepCollector::merge_columns(columns, {"new", "t"});
  EXPECT_EQ(columns.front(), "new");
  EXPECT_EQ(columns.size(), 6u);
}

TEST(SweepCollectorCsv, QuotesOnlyWhereNeeded) {
  EXPECT_EQ(SweepCollector::csv_field("plain"), "plain");
  EXPECT_EQ(SweepCollector::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(SweepCollector::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(SweepCollector::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(SweepCollector::cell(Json("text")), "text");
  EXPECT_EQ(SweepCollector::cell(Json(0.5)), "0.5");
  // 15 significant digits: the double nearest 17374.5264 prints as that, not as its 17 digits.
  EXPECT_EQ(SweepCollector::cell(Json(17374.526400000002)), "17374.5264");
  EXPECT_EQ(SweepCollector::cell(Json(3.0)), "3.0");
  EXPECT_EQ(SweepCollector::cell(Json(1e-20)), "1e-20");
  EXPECT_EQ(SweepCollector::cell(Json(123456789012345678u)), "123456789012345678");
  EXPECT_EQ(SweepCollector::cell(Json::parse("[1,2]")), "[1,2]");
}

class SweepCollectTest : public ::testing::Test {
 protected:
  SweepCollectTest() {
    dir.write("base.json", "{}");
    spec = SweepSpec::parse(Json::parse(R"({"config": "base.json",
        "grid": {"cores.count": [1, 2], "workload.kind": ["stream", "a,b"]}})"),
                            dir.file("spec.json"));
    jobs = spec.expand();
    sweep_dir = dir.file("sweep");
    SweepDir(sweep_dir).create();
    Json list = Json::object();
    list["grid_keys"] = {"cores.count", "workload.kind"};
    list["jobs"] = Json::array();
    for (const auto& j : jobs) list["jobs"].push_back(j.to_json());
    SweepDir::write_atomically(sweep_dir + "/sweep.json", list.dump(2));
  }
  void finish(const SweepJob& job, const std::string& stats, const std::string& config = "") {
    SweepDir d(sweep_dir);
    d.prepare_job(job.id, {"run"});
    SweepDir::write_atomically(d.job_file(job.id, "stats.json"), stats);
    if (!config.empty()) SweepDir::write_atomically(d.job_file(job.id, "config.json"), config);
    d.record_exit(job.id, 0);
  }
  TempDir dir;
  SweepSpec spec;
  std::vector<SweepJob> jobs;
  std::string sweep_dir;
};

TEST_F(SweepCollectTest, OneRowPerJobWithStatusAndTheUnionOfColumns) {
  finish(jobs[0],
         R"({"t": 1, "cores": [{"c": 5}], "_units": {"t": {"unit": "ns", "description": "a, b"}}})",
         R"({"sim": {"seed": 7}})");
  finish(jobs[2], R"({"t": 2, "cores": [{"c": 6}, {"c": 7}]})");
  SweepDir d(sweep_dir);
  d.prepare_job(jobs[1].id, {"run"});
  d.record_exit(jobs[1].id, 2);  // failed; jobs[3] never ran

  const auto summary = SweepCollector::collect(sweep_dir);
  EXPECT_EQ(summary.jobs, 4u);
  EXPECT_EQ(summary.done, 2u);
  EXPECT_EQ(summary.failed, 1u);
  EXPECT_EQ(summary.missing, 1u);
  const auto rows = lines(slurp(sweep_dir + "/results.csv"));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], "job,status,seed,cores.count,workload.kind,t,cores[0].c,cores[1].c");
  EXPECT_EQ(rows[1], jobs[0].id + ",done,7,1,stream,1,5,");
  EXPECT_EQ(rows[2], jobs[1].id + ",failed,,1,\"a,b\",,,");
  EXPECT_EQ(rows[3], jobs[2].id + ",done,,2,stream,2,6,7");
  EXPECT_EQ(rows[4], jobs[3].id + ",missing,,2,\"a,b\",,,");
  EXPECT_EQ(summary.columns, 8u);
  // Every column of results.csv, in its order, with its unit where stats.json gives one.
  const auto units = lines(slurp(sweep_dir + "/results_units.csv"));
  ASSERT_EQ(units.size(), 9u);
  EXPECT_EQ(units[0], "column,unit,description");
  EXPECT_EQ(units[1].rfind("job,,", 0), 0u);
  EXPECT_EQ(units[2], "status,,\"done, failed or missing\"");
  EXPECT_EQ(units[4], "cores.count,,grid value");
  EXPECT_EQ(units[6], "t,ns,\"a, b\"");
  EXPECT_EQ(units[7], "cores[0].c,,");
}

TEST_F(SweepCollectTest, UnparsableStatsDoNotCountAsDone) {
  SweepDir d(sweep_dir);
  d.prepare_job(jobs[0].id, {"run"});
  std::ofstream(d.job_file(jobs[0].id, "stats.json")) << "{\"t\": ";
  EXPECT_EQ(d.state(jobs[0].id), SweepDir::State::missing);
  d.record_exit(jobs[0].id, 0);
  EXPECT_EQ(d.state(jobs[0].id), SweepDir::State::failed);
}

TEST(SweepCollectErrors, MissingOrMalformedSweepJsonNamesIt) {
  TempDir dir;
  try {
    SweepCollector::collect(dir.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), dir.file("sweep.json"));
  }
  dir.write("sweep.json", "{\"jobs\": 3}");
  try {
    SweepCollector::collect(dir.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "jobs");
  }
  dir.write("sweep.json",
            R"({"jobs": [{"id": "../../etc", "index": 0, "grid": {}, "overrides": {}}]})");
  try {
    SweepCollector::collect(dir.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), "jobs[0].id");
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("results.csv")));
}

}  // namespace
}  // namespace sttvp
