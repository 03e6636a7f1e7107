// `sttvp train` and training workloads in `sttvp run`, on the real executable and the real MNIST
// split (data/mnist, written by scripts/fetch-mnist.sh; the tests that need it are skipped when it
// is absent). Small sample counts keep every run well under a second or two.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "tests/support/TempDir.h"
#include "tests/system/RunSttvp.h"

namespace sttvp::test {
namespace {

namespace fs = std::filesystem;

const char* kHeader = "epoch,loss,train_accuracy,test_accuracy,wall_s,sim_ns\n";

class TrainSystemTest : public ::testing::Test {
 protected:
  Outcome train(const std::string& args, const std::string& name = "out") {
    Outcome o = run_sttvp("train " + args + " --out '" + dir.file(name) + "'", dir.path());
    EXPECT_EQ(o.status, 0) << o.err;
    return o;
  }
  TempDir dir;
};

TEST_F(TrainSystemTest, NativeLenetEpochWritesTrainCsvAndResolvedConfig) {
  REQUIRE_MNIST();
  const Outcome o = train("--net lenet --native --epochs 1 --train-samples 800 --test-samples 200");
  EXPECT_NE(o.out.find("epoch 1"), std::string::npos) << o.out;
  const std::string csv = slurp(dir.file("out/train.csv"));
  EXPECT_EQ(csv.rfind(kHeader, 0), 0u) << csv;
  const auto rows = read_csv_rows(dir.file("out/train.csv"));
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[1].size(), 6u);
  EXPECT_EQ(rows[1][0], "1");
  const double loss = std::stod(rows[1][1]), train_acc = std::stod(rows[1][2]),
               test_acc = std::stod(rows[1][3]), wall = std::stod(rows[1][4]);
  EXPECT_TRUE(std::isfinite(loss) && loss > 0 && loss < 1) << loss;  // MSE of tanh outputs
  EXPECT_GT(train_acc, 0.1);  // better than chance after 50 steps
  EXPECT_LE(train_acc, 1.0);
  EXPECT_GT(test_acc, 0.3);
  EXPECT_LE(test_acc, 1.0);
  EXPECT_GT(wall, 0.0);
  EXPECT_EQ(rows[1][5], "0") << "no simulated time natively";
  EXPECT_FALSE(fs::exists(dir.file("out/stats.json")));

  const auto config = read_json(dir.file("out/config.json"));
  const auto& w = config["workload"];
  EXPECT_EQ(w["kind"], "lenet");
  EXPECT_EQ(w["train_samples"], 800);
  EXPECT_EQ(w["training"]["optimizer"]["kind"], "adam");
  EXPECT_EQ(w["training"]["epochs"], 1);
  EXPECT_EQ(w["training"]["shares"], 1);
  EXPECT_EQ(w["_preset"], "configs/training/lenet-default.json");
}

TEST_F(TrainSystemTest, SimulatedRegionWritesPlatformStatsAndSimulatedTime) {
  REQUIRE_MNIST();
  train(
      "--net lenet --config configs/skylake-sram.json --epochs 1 --train-samples 160 "
      "--test-samples 100 --roi-start 3 --roi-steps 2");
  const auto rows = read_csv_rows(dir.file("out/train.csv"));
  ASSERT_EQ(rows.size(), 2u);  // 10 steps: one epoch, continued natively after the region
  EXPECT_GT(std::stod(rows[1][5]), 0.0);
  const auto stats = read_json(dir.file("out/stats.json"));
  EXPECT_GT(stats["sim_time_ns"].get<double>(), 0.0);
  EXPECT_EQ(stats["cores"].size(), 4u);
  for (const char* phase : {"forward", "backward", "update"})
    EXPECT_GT(stats["phases"][phase]["llc"]["reads"].get<double>(), 0) << phase;
  EXPECT_TRUE(fs::exists(dir.file("out/stats.csv")));
  const auto config = read_json(dir.file("out/config.json"));
  EXPECT_EQ(config["workload"]["training"]["shares"], 4) << "one share per core";
  EXPECT_EQ(config["workload"]["start_step"], 3);
  EXPECT_EQ(config["cores"]["count"], 4);
}

// train --vcd traces its simulated steps like run --vcd, with the GTKWave filters that name the
// cores' phase and layer values (LeNet-5's layers by index).
TEST_F(TrainSystemTest, VcdOfTheSimulatedRegionWithPhaseAndLayerNames) {
  REQUIRE_MNIST();
  const std::string vcd = dir.file("t.vcd");
  train(
      "--net lenet --config configs/skylake-sram.json --set cores.count=1 --epochs 1 "
      "--train-samples 32 --test-samples 16 --roi-start 1 --roi-steps 1 --stop-after-roi --vcd '" +
      vcd + "'");
  const std::string text = slurp(vcd);
  EXPECT_NE(text.find("$timescale 1ps $end"), std::string::npos);
  EXPECT_NE(text.find("$var wire 8 "), std::string::npos);
  EXPECT_NE(text.find(" phase $end"), std::string::npos);
  const std::string phases = slurp(vcd + ".phases");
  EXPECT_NE(phases.find("\n01 forward\n02 backward\n03 update\n"), std::string::npos) << phases;
  const std::string layers = slurp(vcd + ".layers");
  EXPECT_NE(layers.find("\n00 L0 conv\n01 L1 tanh\n"), std::string::npos) << layers;
  EXPECT_NE(layers.find("\n0A L10 fc\n"), std::string::npos) << layers;
  EXPECT_NE(layers.find("\nFF none\n"), std::string::npos) << layers;
}

TEST_F(TrainSystemTest, StopAfterRegionReportsThePartialEpoch) {
  REQUIRE_MNIST();
  train(
      "--net mlp --preset small --config configs/skylake-sram.json --set cores.count=2 "
      "--train-samples 160 --test-samples 100 --roi-start 12 --roi-steps 2 --stop-after-roi");
  const auto rows = read_csv_rows(dir.file("out/train.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "1");
  EXPECT_EQ(rows[2][0], "1.4000");  // 14 of 10-step epochs
  EXPECT_GT(std::stod(rows[2][5]), 0.0);
}

TEST_F(TrainSystemTest, RunSimulatesTrainingStepsReproducibly) {
  REQUIRE_MNIST();
  const std::string args =
      "run --config configs/skylake-sram-lenet.json --set workload.train_samples=160 "
      "--set workload.test_samples=100 --set workload.start_step=2 --set workload.steps=1 "
      "--quiet --out ";
  for (const char* name : {"a", "b"}) {
    const Outcome o = run_sttvp(args + "'" + dir.file(name) + "'", dir.path());
    ASSERT_EQ(o.status, 0) << o.err;
  }
  const std::string a = slurp(dir.file("a/stats.json"));
  EXPECT_EQ(a, slurp(dir.file("b/stats.json"))) << "same addresses, same statistics";
  const auto stats = read_json(dir.file("a/stats.json"));
  EXPECT_GT(stats["phases"]["update"]["llc"]["writes"].get<double>(), 0);
  const auto config = read_json(dir.file("a/config.json"));
  EXPECT_FALSE(config["workload"].contains("bytes")) << "the included stream's keys are dropped";
  EXPECT_EQ(config["workload"]["training"]["net"], "lenet");
}

struct BadTrain {
  const char* name;
  std::string args;  // OUT is replaced by the output folder, PRESET by a bad preset file
  std::vector<std::string> expect;
};

void PrintTo(const BadTrain& c, std::ostream* os) { *os << c.name; }

class BadTrainTest : public ::testing::TestWithParam<BadTrain> {};

TEST_P(BadTrainTest, ExitsWithStatusTwoAndOneLineAndNoOutput) {
  const BadTrain& c = GetParam();
  TempDir dir;
  std::string args = c.args;
  const auto replace = [&](const std::string& key, const std::string& value) {
    for (auto p = args.find(key); p != std::string::npos; p = args.find(key))
      args.replace(p, key.size(), value);
  };
  replace("PRESET", dir.write("bad-preset.json",
                              R"({"include": ")" STTVP_SOURCE_DIR
                              R"(/configs/training/lenet-default.json", "optimiser": {}})"));
  const std::string out = dir.file("out");
  replace("OUT", out);
  const Outcome o = run_sttvp("train " + args, dir.path());
  EXPECT_EQ(o.status, 2) << o.err;
  ASSERT_FALSE(o.err.empty());
  EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "exactly one line: " << o.err;
  for (const auto& f : c.expect) EXPECT_NE(o.err.find(f), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(out)) << "no output folder";
  EXPECT_TRUE(o.out.empty()) << o.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadTrainTest,
    ::testing::Values(
        BadTrain{"UnknownNet", "--net resnet --native --out OUT", {"--net", "resnet"}},
        BadTrain{"BadPresetKey",
                 "--net lenet --preset PRESET --out OUT",
                 {"bad-preset.json", "optimiser", "unknown key"}},
        BadTrain{"BadPresetKeyBySet",
                 "--net lenet --native --set workload.training.optimizer.betaa=1 --out OUT",
                 {"--set", "workload.training.optimizer.betaa", "unknown key"}},
        BadTrain{"UnknownPreset",
                 "--net mlp --preset huge --out OUT",
                 {"configs/training/mlp-huge.json", "no such training preset"}},
        BadTrain{"MissingDataDir",
                 "--net lenet --native --data /nonexistent/mnist --out OUT",
                 {"/nonexistent/mnist", "fetch-mnist.sh"}},
        BadTrain{"ZeroEpochs",
                 "--net lenet --native --epochs 0 --out OUT",
                 {"--epochs", "workload.training.epochs", "out of range"}},
        BadTrain{"RegionWithoutPlatform",
                 "--net lenet --native --roi-steps 4 --out OUT",
                 {"--roi-steps", "--config"}},
        BadTrain{"PlatformKeyNatively",
                 "--net lenet --native --set cores.count=2 --out OUT",
                 {"cores", "native"}},
        BadTrain{"StreamKeyInTraining",
                 "--net lenet --config configs/skylake-sram.json --set workload.bytes=64 --out OUT",
                 {"workload.bytes", "unknown key"}},
        BadTrain{"MissingNet", "--native --out OUT", {"--net"}}),
    [](const ::testing::TestParamInfo<BadTrain>& p) { return p.param.name; });

}  // namespace
}  // namespace sttvp::test
