// The training workload's region of interest: only the ROI's steps run on the given executor (the
// simulated cores), everything else natively with no probe sink; the weights do not depend on
// which steps were simulated; epochs are reported with their simulated time.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "sw/nn/Rng.h"
#include "sw/probe/Probe.h"
#include "sw/workload/Executor.h"
#include "sw/workload/TrainingWorkload.h"

namespace sttvp::sw {
namespace {

TrainingData random_images(std::size_t n, std::uint64_t seed) {
  TrainingData data;
  data.height = 32;
  data.width = 32;
  Rng rng(seed);
  data.images.resize(n * 32 * 32);
  for (float& v : data.images) v = rng.uniform(-1.0f, 1.0f);
  for (std::size_t i = 0; i < n; ++i) data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  return data;
}

TrainerConfig config() {
  TrainerConfig c;  // LeNet-5
  c.minibatch = 8;
  c.shares = 2;
  c.epochs = 2;  // 24 samples: 3 steps per epoch, 6 in all
  return c;
}

class CountingSink final : public ProbeSink {
 public:
  void read(const void*, std::size_t) override { ++accesses; }
  void write(const void*, std::size_t) override { ++accesses; }
  void compute(std::uint64_t) override {}
  void idle(double) override {}
  void phase(Phase, int) override {}
  std::uint64_t accesses = 0;
};

// Stands in for the simulated cores: counts its regions, installs a sink, advances a clock.
class FakeCores final : public Executor {
 public:
  unsigned workers() const override { return 2; }
  void parallel(const std::function<void(unsigned)>& body) override {
    ++regions;
    for (unsigned w = 0; w < 2; ++w) {
      SinkScope scope(&sink);
      body(w);
    }
    now_ns += 1000;
  }
  CountingSink sink;
  int regions = 0;
  double now_ns = 0;
};

std::vector<float> params(const TrainingWorkload& w) {
  const Tensor& p = w.trainer().network().params();
  return std::vector<float>(p.data(), p.data() + p.size());
}

TEST(TrainingWorkload, OnlyTheRegionOfInterestRunsOnTheExecutor) {
  TrainingWorkload w(config(), random_images(24, 1), random_images(8, 2), {3, 2});
  FakeCores cores;
  w.set_sim_clock([&] { return cores.now_ns; });
  std::vector<EpochRecord> epochs;
  w.on_epoch([&](const EpochRecord& r) { epochs.push_back(r); });
  EXPECT_EQ(w.total_steps(), 6u);
  EXPECT_EQ(w.roi_end(), 5u);

  w.run(cores);
  EXPECT_EQ(w.trainer().step(), 5u);
  EXPECT_EQ(cores.regions, 4) << "two fork-join regions per simulated step, no evaluation";
  EXPECT_GT(cores.sink.accesses, 0u);
  EXPECT_EQ(w.simulated_steps(), 2u);
  EXPECT_DOUBLE_EQ(w.simulated_ns(), 4000.0);
  ASSERT_EQ(epochs.size(), 1u);
  EXPECT_EQ(epochs[0].epoch, 1.0);
  EXPECT_EQ(epochs[0].sim_ns, 0.0);
  EXPECT_FALSE(std::isnan(epochs[0].test_accuracy));

  w.finish();
  EXPECT_EQ(w.trainer().step(), 6u);
  EXPECT_EQ(cores.regions, 4);
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_EQ(epochs[1].steps, 3u);
  EXPECT_EQ(epochs[1].simulated_steps, 2u);
  EXPECT_DOUBLE_EQ(epochs[1].sim_ns, 4000.0);

  // Bit-identical to a run that simulated nothing.
  TrainingWorkload native(config(), random_images(24, 1), random_images(8, 2), {});
  native.finish();
  const std::vector<float> a = params(w), b = params(native);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
}

TEST(TrainingWorkload, CloseReportsAPartialEpoch) {
  TrainingWorkload w(config(), random_images(24, 1), random_images(8, 2), {1, 3});
  FakeCores cores;
  std::vector<EpochRecord> epochs;
  w.on_epoch([&](const EpochRecord& r) { epochs.push_back(r); });
  w.run(cores);
  w.close();
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_DOUBLE_EQ(epochs[1].epoch, 4.0 / 3.0);
  EXPECT_EQ(epochs[1].steps, 1u);
  w.close();  // nothing left to report
  EXPECT_EQ(epochs.size(), 2u);
}

TEST(TrainingWorkload, WithoutAnEpochCallbackTheTestSetIsNeverEvaluated) {
  TrainingWorkload w(config(), random_images(24, 1), random_images(8, 2), {0, 6});
  FakeCores cores;
  w.run(cores);
  EXPECT_EQ(cores.regions, 12);
  ASSERT_EQ(w.history().size(), 2u);
  EXPECT_TRUE(std::isnan(w.history()[1].test_accuracy));
}

}  // namespace
}  // namespace sttvp::sw
