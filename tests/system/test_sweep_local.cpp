// `sttvp sweep` run locally on the real executable and config: a small sweep, collect, resume
// after an interruption and after a failure, the Slurm script without Slurm, and bad input.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"
#include "tests/system/SweepTestSupport.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

const char* kGrid = R"({"llc.ways": [8, 16], "workload.write_fraction": [0, 1]})";

class SweepLocalTest : public ::testing::Test {
 protected:
  std::string sweep_dir() const { return dir.file("sweep"); }
  Outcome sweep(const std::string& spec_json, const std::string& options = "--local 2") {
    const std::string spec = dir.write("spec.json", spec_json);
    return run_sttvp("sweep '" + spec + "' " + options + " --out '" + sweep_dir() + "'",
                     dir.path());
  }
  TempDir dir;
};

TEST_F(SweepLocalTest, SmallSweepRunsEveryJobAndCollectsOneRowPerJob) {
  const auto t0 = std::chrono::steady_clock::now();
  Outcome o = sweep(tiny_spec(kGrid));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(o.status, 0) << o.err;
  RecordProperty("wall_seconds", std::to_string(seconds));

  const auto list = read_json(sweep_dir() + "/sweep.json");
  ASSERT_EQ(list["jobs"].size(), 4u);
  EXPECT_EQ(list["grid_keys"], nlohmann::json::parse(R"(["llc.ways", "workload.write_fraction"])"));
  EXPECT_EQ(list["jobs"][1]["overrides"]["llc.ways"], 8);
  EXPECT_EQ(list["jobs"][1]["overrides"]["workload.write_fraction"], 1);
  EXPECT_EQ(list["jobs"][1]["overrides"]["workload.bytes"], 1048576);
  for (const auto& id : job_ids(sweep_dir())) {
    const std::string job = sweep_dir() + "/jobs/" + id;
    EXPECT_TRUE(fs::exists(job + "/stats.json")) << id;
    EXPECT_NE(slurp(job + "/log.txt").find("simulated time"), std::string::npos) << id;
  }
  // Each job ran with its own overrides.
  const auto ids = job_ids(sweep_dir());
  EXPECT_EQ(read_json(sweep_dir() + "/jobs/" + ids[2] + "/config.json")["llc"]["ways"], 16);
  EXPECT_EQ(
      read_json(sweep_dir() + "/jobs/" + ids[1] + "/config.json")["workload"]["write_fraction"], 1);
  EXPECT_NE(o.err.find("4/4 done, 0 failed"), std::string::npos) << o.err;
  // What made the sweep folder and each job's (a job's lists its result files).
  EXPECT_EQ(read_json(sweep_dir() + "/provenance.json")["command"][1], "sweep");
  const auto job_provenance = read_json(sweep_dir() + "/jobs/" + ids[0] + "/provenance.json");
  EXPECT_EQ(job_provenance["command"][1], "run");
  EXPECT_EQ(job_provenance["files"].size(), 5u);

  const auto rows = csv_lines(sweep_dir() + "/results.csv");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].rfind("job,status,seed,llc.ways,workload.write_fraction,sim_time_ns,", 0), 0u)
      << rows[0];
  EXPECT_NE(rows[0].find(",cores[0].l1d.hits,"), std::string::npos);
  EXPECT_NE(rows[0].find(",llc.misses,"), std::string::npos);
  EXPECT_EQ(rows[0].find("_units"), std::string::npos);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(rows[i + 1].rfind(ids[i] + ",done,1,", 0), 0u) << rows[i + 1];

  // collect on its own gives the same file.
  const std::string before = slurp(sweep_dir() + "/results.csv");
  fs::remove(sweep_dir() + "/results.csv");
  Outcome c = run_sttvp("sweep collect '" + sweep_dir() + "'", dir.path());
  EXPECT_EQ(c.status, 0) << c.err;
  EXPECT_EQ(slurp(sweep_dir() + "/results.csv"), before);
}

TEST_F(SweepLocalTest, AJobGivesTheSameStatsAsTheSameRunByHand) {
  ASSERT_EQ(sweep(tiny_spec(R"({"llc.ways": [8]})", R"(, "seeds": [5])")).status, 0);
  const std::string id = job_ids(sweep_dir())[0];
  Outcome o = run_sttvp(
      "run --config configs/skylake-sram.json --set workload.bytes=1048576 --set "
      "workload.passes=1 --set cores.count=1 --set llc.ways=8 --seed 5 --quiet --out '" +
          dir.file("by-hand") + "'",
      dir.path());
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(slurp(sweep_dir() + "/jobs/" + id + "/stats.json"),
            slurp(dir.file("by-hand/stats.json")));
  EXPECT_EQ(csv_lines(sweep_dir() + "/results.csv")[1].rfind(id + ",done,5,8,", 0), 0u);
}

TEST_F(SweepLocalTest, InterruptedSweepResumesWithoutRedoingFinishedJobs) {
  // Jobs of a few tenths of a second, one at a time: interrupted right after the first ends.
  const std::string spec = dir.write(
      "spec.json",
      tiny_spec(R"({"workload.write_fraction": [0, 0.2, 0.4, 0.6, 0.8, 1]})", "", 16 << 20));
  const pid_t pid =
      start_sttvp({"sweep", spec, "--local", "1", "--out", sweep_dir()}, dir.file("first.log"));
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool one_done = false;
  while (!one_done && std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(sweep_dir() + "/jobs"))
      for (const auto& e : fs::directory_iterator(sweep_dir() + "/jobs"))
        one_done = one_done || fs::exists(e.path() / "stats.json");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(one_done) << slurp(dir.file("first.log"));
  ::kill(pid, SIGINT);
  int raw = 0;
  ASSERT_EQ(::waitpid(pid, &raw, 0), pid);
  const std::string first = slurp(dir.file("first.log"));
  ASSERT_TRUE(WIFEXITED(raw)) << first;
  EXPECT_EQ(WEXITSTATUS(raw), 128 + SIGINT) << first;
  EXPECT_NE(first.find("interrupted by SIGINT"), std::string::npos) << first;
  EXPECT_NE(first.find("kept intact"), std::string::npos) << first;
  EXPECT_TRUE(processes_mentioning(sweep_dir()).empty()) << "a job outlived the sweep";

  const auto ids = job_ids(sweep_dir());
  std::map<std::string, FileStamp> finished;
  for (const auto& id : ids) {
    const std::string stats = sweep_dir() + "/jobs/" + id + "/stats.json";
    if (fs::exists(stats)) finished[id] = stamp(stats);
  }
  ASSERT_GE(finished.size(), 1u);
  ASSERT_LT(finished.size(), ids.size()) << "all jobs ended before the interruption";
  const auto mid = csv_lines(sweep_dir() + "/results.csv");
  EXPECT_EQ(mid.size(), ids.size() + 1) << "results.csv lists every job, even unfinished";

  Outcome again =
      run_sttvp("sweep '" + spec + "' --local 1 --out '" + sweep_dir() + "'", dir.path());
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("skipped " + std::to_string(finished.size()) + " finished job(s)"),
            std::string::npos)
      << again.err;
  for (const auto& [id, before] : finished) {
    EXPECT_NE(again.err.find(id), std::string::npos) << "skip message names " << id;
    EXPECT_EQ(stamp(sweep_dir() + "/jobs/" + id + "/stats.json"), before) << id << " was redone";
  }
  EXPECT_NE(slurp(sweep_dir() + "/sweep.log").find("skipped"), std::string::npos);
  const auto rows = csv_lines(sweep_dir() + "/results.csv");
  ASSERT_EQ(rows.size(), ids.size() + 1);
  for (std::size_t i = 1; i < rows.size(); ++i)
    EXPECT_EQ(rows[i].rfind(ids[i - 1] + ",done,", 0), 0u) << rows[i];
}

TEST_F(SweepLocalTest, FailedJobIsRerunAndTheOthersAreNot) {
  ASSERT_EQ(sweep(tiny_spec(kGrid)).status, 0);
  const auto ids = job_ids(sweep_dir());
  // Job 1 as a failed run leaves it: an exit status and no stats.json.
  const std::string failed = sweep_dir() + "/jobs/" + ids[1];
  fs::remove(failed + "/stats.json");
  write_file(failed + "/exit_status", "1\n");
  Outcome c = run_sttvp("sweep collect '" + sweep_dir() + "'", dir.path());
  EXPECT_EQ(c.status, 0);
  EXPECT_EQ(csv_lines(sweep_dir() + "/results.csv")[2].rfind(ids[1] + ",failed,", 0), 0u);
  EXPECT_NE(c.err.find("3 done, 1 failed, 0 missing"), std::string::npos) << c.err;

  const FileStamp kept = stamp(sweep_dir() + "/jobs/" + ids[0] + "/stats.json");
  Outcome o = sweep(tiny_spec(kGrid));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("skipped 3 finished job(s)"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(ids[1] + " done"), std::string::npos) << o.err;
  EXPECT_TRUE(fs::exists(failed + "/stats.json"));
  EXPECT_EQ(stamp(sweep_dir() + "/jobs/" + ids[0] + "/stats.json"), kept);
}

TEST_F(SweepLocalTest, SlurmScriptCoversOnlyUnfinishedJobs) {
  ASSERT_EQ(sweep(tiny_spec(kGrid)).status, 0);
  const auto ids = job_ids(sweep_dir());
  fs::remove(sweep_dir() + "/jobs/" + ids[1] + "/stats.json");
  fs::remove(sweep_dir() + "/jobs/" + ids[3] + "/stats.json");
  const FileStamp kept = stamp(sweep_dir() + "/jobs/" + ids[0] + "/stats.json");
  Outcome o = sweep(tiny_spec(kGrid, R"(, "slurm": {"sbatch_args": ["--time=5"]})"),
                    "--slurm --dry-run --sbatch-arg=--qos=test");
  ASSERT_EQ(o.status, 0) << o.err;
  const std::string script = slurp(sweep_dir() + "/sweep.sbatch");
  EXPECT_EQ(script.rfind("#!", 0), 0u);
  EXPECT_NE(script.find("#SBATCH --array=0-1\n"), std::string::npos) << script;
  EXPECT_NE(script.find("  " + ids[1] + "\n  " + ids[3] + "\n)"), std::string::npos) << script;
  EXPECT_NE(script.find("#SBATCH --time=5\n#SBATCH --qos=test\n"), std::string::npos) << script;
  EXPECT_NE(script.find(STTVP_EXE), std::string::npos);
  const std::string args = slurp(sweep_dir() + "/jobs/" + ids[1] + "/args");
  EXPECT_NE(args.find("run\n--config\n"), std::string::npos) << args;
  EXPECT_NE(args.find("--set\nllc.ways=8\n--set\nworkload.write_fraction=1\n"), std::string::npos)
      << args;
  EXPECT_NE(args.find("--out\n" + sweep_dir() + "/jobs/" + ids[1] + "\n"), std::string::npos);
  EXPECT_EQ(stamp(sweep_dir() + "/jobs/" + ids[0] + "/stats.json"), kept) << "done job left alone";
}

struct BadSweep {
  const char* name;
  std::string spec_json;            // written to spec.json; empty: none
  std::string options;              // after `sweep`; SPEC and OUT are replaced
  std::vector<std::string> expect;  // fragments of the error line
};

void PrintTo(const BadSweep& c, std::ostream* os) { *os << c.name; }

class BadSweepTest : public ::testing::TestWithParam<BadSweep> {};

TEST_P(BadSweepTest, ExitsWithStatusTwoAndOneLineAndNoOutput) {
  const BadSweep& c = GetParam();
  TempDir dir;
  std::string args = c.options;
  auto replace = [&](const std::string& key, const std::string& value) {
    for (auto p = args.find(key); p != std::string::npos; p = args.find(key))
      args.replace(p, key.size(), value);
  };
  if (!c.spec_json.empty()) replace("SPEC", dir.write("spec.json", c.spec_json));
  replace("OUT", dir.file("out"));
  Outcome o = run_sttvp(args, dir.path());
  EXPECT_EQ(o.status, 2) << o.err;
  ASSERT_FALSE(o.err.empty());
  EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "exactly one line: " << o.err;
  for (const auto& f : c.expect) EXPECT_NE(o.err.find(f), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir.file("out"))) << "no output folder";
}

const std::string kRun = "sweep SPEC --out OUT";

INSTANTIATE_TEST_SUITE_P(
    Cases, BadSweepTest,
    ::testing::Values(
        BadSweep{"MissingSpec",
                 "",
                 "sweep /nonexistent/spec.json --out OUT",
                 {"/nonexistent/spec.json", "cannot open"}},
        BadSweep{"MalformedSpec", "{\"grid\": ", kRun, {"spec.json", "malformed"}},
        BadSweep{"UnknownSpecKey",
                 tiny_spec("{}", R"(, "seed": [1])"),
                 kRun,
                 {"spec.json: seed: unknown key"}},
        BadSweep{"UnknownConfigKeyInGrid",
                 tiny_spec(R"({"llc.wayz": [8]})"),
                 kRun,
                 {"spec.json: grid.llc.wayz[0]:", "llc.wayz: unknown key"}},
        BadSweep{"OutOfRangeGridValue",
                 tiny_spec(R"({"workload.write_fraction": [0.5, 2]})"),
                 kRun,
                 {"spec.json: grid.workload.write_fraction[1]:", "out of range"}},
        BadSweep{"ImpossibleGeometryFromTheGrid",
                 tiny_spec(R"({"llc.ways": [8, 12]})"),
                 kRun,
                 {"spec.json: grid: job 0001-", "llc.ways=12", "llc.size_bytes"}},
        BadSweep{
            "WrongTypeInSet",
            std::string(R"({"config": ")") + STTVP_SOURCE_DIR +
                R"(/configs/skylake-sram.json", "grid": {}, "set": {"workload.bytes": "big"}})",
            kRun,
            {"spec.json: set.workload.bytes:", "integer"}},
        BadSweep{"DuplicateGridValue",
                 tiny_spec(R"({"llc.ways": [8, 8]})"),
                 kRun,
                 {"grid.llc.ways[1]", "duplicate"}},
        BadSweep{"MissingBaseConfig",
                 R"({"config": "nope.json", "grid": {}})",
                 kRun,
                 {"spec.json: config:", "no such config file"}},
        BadSweep{
            "SbatchArgWithoutSlurm", tiny_spec("{}"), kRun + " --sbatch-arg=--time=5", {"--slurm"}},
        BadSweep{"LocalAndSlurm", tiny_spec("{}"), kRun + " --local 2 --slurm", {"--slurm"}},
        BadSweep{"NoSpec", "", "sweep --out OUT", {"SPEC"}},
        BadSweep{"CollectNotASweep", "", "sweep collect OUT", {"sweep.json", "cannot open"}}),
    [](const ::testing::TestParamInfo<BadSweep>& p) { return p.param.name; });

}  // namespace
}  // namespace sttvp::test
