// Training on the simulated platform: the simulated cores compute exactly what the native run
// computes (every parameter and optimizer-state buffer bit-identical after the same steps, with 1
// and with 4 cores), and a simulated LeNet-5 step reports its LLC traffic split by phase and layer.
// Synthetic images keep these tests independent of the MNIST download.
#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "platform/Platform.h"
#include "sw/nn/Rng.h"
#include "sw/train/TrainerConfigParser.h"
#include "sw/workload/TrainingWorkload.h"
#include "tests/support/SystemCTest.h"

namespace sttvp {
namespace {

PlatformConfig platform_config(unsigned cores) {
  auto doc = ConfigDocument::load(std::string(STTVP_SOURCE_DIR) + "/configs/skylake-sram.json");
  doc->set("cores.count=" + std::to_string(cores));
  return PlatformConfig::parse(doc);
}

sw::TrainerConfig lenet(unsigned shares) {
  sw::TrainerConfig c = sw::TrainerConfigParser::load(
      std::string(STTVP_SOURCE_DIR) + "/configs/training/lenet-default.json", shares);
  c.epochs = 1;
  // Exercise the per-sample random draws too: they must not depend on the core a sample runs on.
  c.augment.shift = 2;
  c.augment.rotate_degrees = 10;
  return c;
}

sw::TrainingData random_images(std::size_t n, std::uint64_t seed) {
  sw::TrainingData data;
  data.height = 32;
  data.width = 32;
  sw::Rng rng(seed);
  data.images.resize(n * 32 * 32);
  for (float& v : data.images) v = rng.uniform(-1.0f, 1.0f);
  for (std::size_t i = 0; i < n; ++i) data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  return data;
}

// Every parameter, bias and optimizer-state buffer of the two runs, compared bit for bit.
void expect_identical_parameters(const sw::Trainer& a, const sw::Trainer& b) {
  const auto buffers_a = a.buffers();
  const auto buffers_b = b.buffers();
  ASSERT_EQ(buffers_a.size(), buffers_b.size());
  std::size_t compared = 0;
  for (std::size_t i = 0; i < buffers_a.size(); ++i) {
    const sw::BufferInfo& x = buffers_a[i];
    const sw::BufferInfo& y = buffers_b[i];
    ASSERT_EQ(x.name, y.name);
    ASSERT_EQ(x.count, y.count);
    const bool parameter = x.kind == sw::BufferKind::Weights || x.kind == sw::BufferKind::Bias ||
                           x.kind == sw::BufferKind::WeightState ||
                           x.kind == sw::BufferKind::BiasState;
    if (!parameter) continue;
    EXPECT_EQ(std::memcmp(x.data, y.data, x.count * sizeof(float)), 0) << x.name;
    ++compared;
  }
  EXPECT_EQ(compared, 6u * 2 * 3) << "weights, biases and Adam's two states of 6 layers";
}

// Steps 2..4 simulated (after two native steps), against a run that simulated nothing.
void simulated_equals_native(unsigned cores) {
  const sw::TrainerConfig config = lenet(cores);
  ASSERT_EQ(config.shares, cores);
  Platform platform("platform", platform_config(cores));
  sw::TrainingWorkload simulated(config, random_images(64, 1), {}, {2, 3});
  platform.run(simulated);
  EXPECT_EQ(simulated.trainer().step(), 5u);
  EXPECT_EQ(simulated.simulated_steps(), 3u);
  EXPECT_GT(platform.sim_time_ns(), 0.0);
  for (unsigned i = 0; i < cores; ++i) EXPECT_GT(platform.core(i).line_reads, 0u) << "core " << i;

  sw::TrainingWorkload native(config, random_images(64, 1), {}, {2, 3});
  sw::SerialExecutor serial(cores);
  native.run(serial);
  EXPECT_EQ(native.trainer().step(), 5u);
  expect_identical_parameters(simulated.trainer(), native.trainer());
}

class TrainingTest : public test::SystemCTest {};

TEST_F(TrainingTest, SimulatedTrainingIsBitIdenticalToNativeOnOneCore) {
  simulated_equals_native(1);
}

TEST_F(TrainingTest, SimulatedTrainingIsBitIdenticalToNativeOnFourCores) {
  simulated_equals_native(4);
}

TEST_F(TrainingTest, LenetStepReportsForwardBackwardAndUpdateTraffic) {
  Platform platform("platform", platform_config(4));
  sw::TrainingWorkload workload(lenet(4), random_images(16, 2), {}, {0, 1});
  platform.run(workload);
  ASSERT_EQ(workload.simulated_steps(), 1u);
  const Stats& stats = platform.stats();
  const auto value = [&](const std::string& path) {
    try {
      return stats.value(path);
    } catch (const std::out_of_range&) {
      ADD_FAILURE() << "no statistic " << path;
      return -1.0;
    }
  };
  double requests = 0;
  for (const char* phase : {"forward", "backward", "update"}) {
    const std::string p = std::string("phases.") + phase + ".llc.";
    EXPECT_GT(value(p + "reads"), 0) << phase;
    EXPECT_GT(value(p + "writes"), 0) << phase;
    EXPECT_DOUBLE_EQ(value(p + "hits") + value(p + "misses"),
                     value(p + "reads") + value(p + "writes"))
        << phase;
    requests += value(p + "reads") + value(p + "writes");
  }
  // The input copy (phase "other") is the rest of the LLC's requests.
  EXPECT_DOUBLE_EQ(requests + value("phases.other.llc.reads") + value("phases.other.llc.writes"),
                   value("llc.reads") + value("llc.writes"));
  // Every layer runs forward and backward; only layers with parameters are updated.
  for (int layer = 0; layer < 12; ++layer) {
    const std::string l = "layers." + std::to_string(layer) + ".";
    EXPECT_GT(value(l + "forward.llc.reads"), 0) << layer;
    EXPECT_GT(value(l + "backward.llc.reads"), 0) << layer;
  }
  for (int layer : {0, 4, 8, 10}) {
    EXPECT_GT(value("layers." + std::to_string(layer) + ".update.llc.reads"), 0) << layer;
  }
}

}  // namespace
}  // namespace sttvp
