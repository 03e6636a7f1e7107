// The platform foundation's acceptance checks, on the real executable and
// configs/skylake-sram.json.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

const std::string kConfig = "--config configs/skylake-sram.json";

class StreamSystemTest : public ::testing::Test {
 protected:
  // Runs the stream workload; returns stats.json.
  nlohmann::json run(const std::string& sets, const std::string& name = "out") {
    const std::string out = dir.file(name);
    Outcome o = run_sttvp("run " + kConfig + " " + sets + " --out '" + out + "'", dir.path());
    EXPECT_EQ(o.status, 0) << o.err;
    return read_json(out + "/stats.json");
  }
  static double u(const nlohmann::json& j) { return j.get<double>(); }
  TempDir dir;
};

std::string stream(std::uint64_t bytes, unsigned passes, double write_fraction = 0,
                   unsigned cores = 1) {
  return "--set cores.count=" + std::to_string(cores) + " --set workload.kind=stream" +
         " --set workload.bytes=" + std::to_string(bytes) +
         " --set workload.passes=" + std::to_string(passes) +
         " --set workload.write_fraction=" + std::to_string(write_fraction);
}

TEST_F(StreamSystemTest, BufferLargerThanLlcMissesEveryLineEveryPass) {
  auto s = run(stream(64ull << 20, 2));
  const double expected = 2.0 * 1048576;
  EXPECT_NEAR(u(s["llc"]["misses"]), expected, 0.02 * expected);
  EXPECT_NEAR(u(s["dram"]["reads"]), expected, 0.02 * expected);
}

TEST_F(StreamSystemTest, BufferThatFitsTheLlcMissesOnlyOnTheFirstPass) {
  auto s = run(stream(4ull << 20, 4));
  EXPECT_NEAR(u(s["llc"]["misses"]), 65536, 0.02 * 65536);
  EXPECT_NEAR(u(s["cores"][0]["l2"]["misses"]), 4.0 * 65536, 0.02 * 4 * 65536);
}

TEST_F(StreamSystemTest, BufferThatFitsTheL1dMissesOnlyOnTheFirstPass) {
  auto s = run(stream(16 << 10, 100));
  EXPECT_NEAR(u(s["cores"][0]["l1d"]["misses"]), 256, 0.05 * 256);
  EXPECT_NEAR(u(s["cores"][0]["l1d"]["hits"]), 99 * 256, 0.05 * 99 * 256);
}

TEST_F(StreamSystemTest, WrittenLinesAreWrittenBackWhenEvicted) {
  auto s = run(stream(64ull << 20, 2, 1.0));
  const double written = 2.0 * 1048576;
  const double llc_lines = 8388608 / 64, l2_lines = 262144 / 64;
  // Every line is dirtied each pass; all but those still resident at the end are written back.
  EXPECT_NEAR(u(s["cores"][0]["l2"]["writebacks"]), written - l2_lines, 0.02 * written);
  EXPECT_NEAR(u(s["llc"]["writebacks"]), written - llc_lines, 0.02 * written);
  EXPECT_EQ(s["dram"]["writes"], s["llc"]["writebacks"]);
  EXPECT_EQ(s["llc"]["writes"], s["cores"][0]["l2"]["writebacks"]);
}

TEST_F(StreamSystemTest, ReadOnlyStreamWritesNothingBack) {
  auto s = run(stream(16ull << 20, 2, 0.0));
  EXPECT_EQ(s["llc"]["writebacks"], 0);
  EXPECT_EQ(s["dram"]["writes"], 0);
}

TEST_F(StreamSystemTest, FourCoresAddUpAndFinishSooner) {
  auto one = run(stream(32ull << 20, 2, 0.5, 1), "one");
  auto four = run(stream(32ull << 20, 2, 0.5, 4), "four");
  double l2_misses = 0, l2_writebacks = 0, lines = 0;
  for (const auto& c : four["cores"]) {
    l2_misses += u(c["l2"]["misses"]);
    l2_writebacks += u(c["l2"]["writebacks"]);
    lines += u(c["line_reads"]) + u(c["line_writes"]);
  }
  EXPECT_EQ(four["cores"].size(), 4u);
  EXPECT_DOUBLE_EQ(l2_misses, u(four["llc"]["reads"]));
  EXPECT_DOUBLE_EQ(l2_writebacks, u(four["llc"]["writes"]));
  EXPECT_DOUBLE_EQ(lines, u(one["cores"][0]["line_reads"]) + u(one["cores"][0]["line_writes"]));
  EXPECT_DOUBLE_EQ(u(four["llc"]["hits"]) + u(four["llc"]["misses"]),
                   u(four["llc"]["reads"]) + u(four["llc"]["writes"]));
  EXPECT_LT(u(four["sim_time_ns"]), u(one["sim_time_ns"]));
}

TEST_F(StreamSystemTest, SameCommandTwiceGivesByteIdenticalStats) {
  run(stream(8ull << 20, 2, 0.5, 4), "a");
  run(stream(8ull << 20, 2, 0.5, 4), "b");
  const std::string a = slurp(dir.file("a/stats.json"));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, slurp(dir.file("b/stats.json")));
}

TEST_F(StreamSystemTest, WritesResolvedConfigAndCsv) {
  run(stream(1 << 20, 1), "r");
  auto config = read_json(dir.file("r/config.json"));
  EXPECT_EQ(config["cores"]["count"], 1);
  EXPECT_EQ(config["sim"]["seed"], 1);  // defaults are written out
  const std::string csv = slurp(dir.file("r/stats.csv"));
  EXPECT_EQ(csv.rfind("stat,value,unit,description\n", 0), 0u);
  EXPECT_NE(csv.find("\nllc.misses,"), std::string::npos);
}

TEST_F(StreamSystemTest, EnergyTotalIsTheSumOfItsParts) {
  auto s = run(stream(16ull << 20, 2, 0.5));
  const auto& e = s["energy_nj"];
  EXPECT_GT(u(e["llc_dynamic"]), 0);
  EXPECT_GT(u(e["llc_leakage"]), 0);
  EXPECT_NEAR(u(e["total"]),
              u(e["l1d"]) + u(e["l2"]) + u(e["llc_dynamic"]) + u(e["llc_leakage"]) + u(e["dram"]),
              1e-6 * u(e["total"]));
}

TEST_F(StreamSystemTest, SummaryOnStdout) {
  const std::string out = dir.file("s");
  Outcome o =
      run_sttvp("run " + kConfig + " " + stream(1 << 20, 1) + " --out '" + out + "'", dir.path());
  EXPECT_EQ(o.status, 0);
  EXPECT_NE(o.out.find("simulated time"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("Copyright"), std::string::npos) << "no SystemC banner";
}

}  // namespace
}  // namespace sttvp::test
