// The networks and the trainer: LeNet-5's structure, learning a separable problem, results that
// depend only on the number of shares, the step API, phase markers and reads before compute,
// the buffer registry, and non-finite values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "sw/data/Dataset.h"
#include "sw/data/TrainingData.h"
#include "sw/nn/Network.h"
#include "sw/nn/Rng.h"
#include "sw/probe/Probe.h"
#include "sw/train/Checkpoint.h"
#include "sw/train/ResumeFile.h"
#include "sw/train/Trainer.h"
#include "sw/train/TrainerConfig.h"
#include "sw/train/TrainerConfigParser.h"
#include "sw/workload/Executor.h"

namespace sttvp::sw {
namespace {

TrainingData random_images(std::size_t n, std::size_t side, std::uint64_t seed) {
  TrainingData data;
  data.height = side;
  data.width = side;
  Rng rng(seed);
  data.images.resize(n * side * side);
  for (float& v : data.images) v = rng.uniform(-1.0f, 1.0f);
  for (std::size_t i = 0; i < n; ++i) data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  return data;
}

// Four classes in 16 dimensions: class c centred on a +-0.6 pattern, uniform noise of +-0.5.
TrainingData clusters(std::size_t n, std::uint64_t seed) {
  TrainingData data;
  data.channels = 16;
  data.height = 1;
  data.width = 1;
  data.classes = 4;
  Rng rng(seed);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<std::uint8_t>(rng.below(4));
    data.labels.push_back(c);
    for (std::size_t d = 0; d < 16; ++d) {
      const float centre = ((d * 7 + c * 5) % 4 < 2) ? 0.6f : -0.6f;
      data.images.push_back(centre + rng.uniform(-0.5f, 0.5f));
    }
  }
  return data;
}

TrainerConfig small_lenet(unsigned shares) {
  TrainerConfig c;  // LeNet-5, Adam 0.001, MSE +-0.8
  c.minibatch = 8;
  c.shares = shares;
  c.evaluate_test = false;
  c.augment.shift = 1;  // exercised everywhere: its draws must not depend on shares or workers
  return c;
}

std::vector<float> params_of(const Trainer& t) {
  const Tensor& p = t.network().params();
  return std::vector<float>(p.data(), p.data() + p.size());
}

bool bit_identical(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Runs the workers in reverse order, as a platform whose cores finish in another order might.
class ReverseExecutor final : public Executor {
 public:
  explicit ReverseExecutor(unsigned workers) : workers_(workers) {}
  unsigned workers() const override { return workers_; }
  void parallel(const std::function<void(unsigned)>& body) override {
    for (unsigned w = workers_; w-- > 0;) body(w);
  }

 private:
  unsigned workers_;
};

struct Event {
  enum Kind { Read, Write, Compute, Marker } kind;
  Phase phase = Phase::None;
  int layer = kNoLayer;
  const void* addr = nullptr;
  std::size_t bytes = 0;
};

class RecordingSink final : public ProbeSink {
 public:
  void read(const void* addr, std::size_t bytes) override {
    events.push_back({Event::Read, Phase::None, kNoLayer, addr, bytes});
  }
  void write(const void* addr, std::size_t bytes) override {
    events.push_back({Event::Write, Phase::None, kNoLayer, addr, bytes});
  }
  void compute(std::uint64_t /*flops*/) override { events.push_back({Event::Compute}); }
  void idle(double /*ns*/) override {}
  void phase(Phase p, int layer) override { events.push_back({Event::Marker, p, layer}); }

  std::vector<Event> events;
};

// Installs a sink in every worker, as the simulated platform does on each core.
class SinkExecutor final : public Executor {
 public:
  SinkExecutor(unsigned workers, ProbeSink* sink) : workers_(workers), sink_(sink) {}
  unsigned workers() const override { return workers_; }
  void parallel(const std::function<void(unsigned)>& body) override {
    for (unsigned w = 0; w < workers_; ++w) {
      SinkScope scope(sink_);
      body(w);
    }
  }

 private:
  unsigned workers_;
  ProbeSink* sink_;
};

TEST(Network, LeNet5MatchesTheReferenceTable) {
  const Network net = Network::lenet5(1);
  ASSERT_EQ(net.layer_count(), 12u);
  const char* types[12] = {"conv",     "tanh", "avg-pool", "tanh", "conv-table", "tanh",
                           "avg-pool", "tanh", "conv",     "tanh", "fc",         "tanh"};
  const std::size_t inputs[12] = {1024, 4704, 4704, 1176, 1176, 1600, 1600, 400, 400, 120, 120, 10};
  for (std::size_t l = 0; l < 12; ++l) {
    EXPECT_STREQ(net.layer(l).type(), types[l]) << l;
    EXPECT_EQ(net.layer(l).in_size(), inputs[l]) << l;
  }
  EXPECT_EQ(net.output_size(), 10u);
  // conv 150+6, pool 6+6, conv with table 60*25+16, pool 16+16, conv 48000+120, fc 1200+10.
  EXPECT_EQ(net.param_count(), 51046u);
  // Every parameter range starts on a cache line.
  for (std::size_t l = 0; l < 12; ++l) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(net.layer_params(l).weights) % 64, 0u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(net.layer_params(l).bias) % 64, 0u);
  }
}

TEST(Trainer, SmallMlpLearnsASeparableProblem) {
  const TrainingData train = clusters(512, 1);
  const TrainingData test = clusters(256, 2);
  TrainerConfig c;
  c.net = NetKind::Mlp;
  c.mlp.tanh_output = false;
  c.loss = LossKind::SoftmaxCrossEntropy;
  c.mlp.inputs = 16;
  c.mlp.hidden = {32};
  c.mlp.outputs = 4;
  c.minibatch = 8;
  c.epochs = 4;
  c.optimizer.alpha = 0.01f;
  SerialExecutor executor(1);
  Trainer trainer(c, train, test, executor);
  const double before = trainer.evaluate(test).loss_sum / test.size();
  const std::vector<EpochStats> history = trainer.train();
  ASSERT_EQ(history.size(), 4u);
  EXPECT_LT(history.back().loss, before * 0.3);
  EXPECT_LT(history.back().loss, history.front().loss);
  EXPECT_GT(history.back().test_accuracy, 0.95);
  EXPECT_GT(history.back().train_accuracy, 0.95);
  EXPECT_EQ(history.back().nonfinite, 0u);
}

TEST(Trainer, ResultsDependOnlyOnTheShareCount) {
  const TrainingData train = random_images(24, 32, 3);
  const TrainingData none;
  std::vector<float> reference;
  for (int run = 0; run < 2; ++run) {
    SerialExecutor executor(4);
    Trainer t(small_lenet(4), train, none, executor);
    t.run_steps(0, 3);
    if (run == 0) reference = params_of(t);
    EXPECT_TRUE(bit_identical(reference, params_of(t))) << "run " << run;
  }
  for (unsigned workers : {1u, 3u}) {
    SerialExecutor executor(workers);
    Trainer t(small_lenet(4), train, none, executor);
    t.run_steps(0, 3);
    EXPECT_TRUE(bit_identical(reference, params_of(t))) << workers << " workers";
  }
  ReverseExecutor reverse(4);
  Trainer t(small_lenet(4), train, none, reverse);
  t.run_steps(0, 3);
  EXPECT_TRUE(bit_identical(reference, params_of(t))) << "reverse order";
  // The weights did move.
  SerialExecutor executor(4);
  Trainer fresh(small_lenet(4), train, none, executor);
  EXPECT_FALSE(bit_identical(reference, params_of(fresh)));
}

TEST(Trainer, RunStepsFastForwardsToItsFirstStep) {
  const TrainingData train = random_images(24, 32, 4);
  const TrainingData none;
  SerialExecutor executor(2);
  Trainer a(small_lenet(2), train, none, executor);
  a.run_steps(0, 5);  // crosses an epoch boundary (3 steps per epoch)
  Trainer b(small_lenet(2), train, none, executor);
  const LossResult r = b.run_steps(3, 2);
  EXPECT_EQ(r.samples, 16u);
  EXPECT_EQ(b.step(), 5u);
  EXPECT_TRUE(bit_identical(params_of(a), params_of(b)));
  EXPECT_THROW(b.run_steps(1, 1), std::logic_error);
}

TEST(Trainer, MarksPhasesInOrderAndReadsBeforeComputing) {
  const TrainingData train = random_images(2, 32, 5);
  const TrainingData none;
  TrainerConfig c = small_lenet(1);
  c.minibatch = 2;
  RecordingSink sink;
  SinkExecutor executor(1, &sink);
  Trainer t(c, train, none, executor);
  t.run_steps(0, 1);

  std::vector<std::pair<Phase, int>> expected = {{Phase::Other, kNoLayer}};
  for (int l = 0; l < 12; ++l) expected.emplace_back(Phase::Forward, l);
  expected.emplace_back(Phase::Backward, kNoLayer);
  for (int l = 11; l >= 0; --l) expected.emplace_back(Phase::Backward, l);
  for (int l : {0, 2, 4, 6, 8, 10}) expected.emplace_back(Phase::Update, l);
  std::vector<std::pair<Phase, int>> markers;
  for (const Event& e : sink.events) {
    if (e.kind == Event::Marker) markers.emplace_back(e.phase, e.layer);
  }
  EXPECT_EQ(markers, expected);

  // Within every layer's section, a read comes before the first computation, and there is one.
  std::size_t i = 0;
  while (i < sink.events.size()) {
    ASSERT_EQ(sink.events[i].kind, Event::Marker);
    const Event marker = sink.events[i++];
    bool seen_read = false;
    bool seen_compute = false;
    for (; i < sink.events.size() && sink.events[i].kind != Event::Marker; ++i) {
      if (sink.events[i].kind == Event::Read) seen_read = true;
      if (sink.events[i].kind == Event::Compute) {
        EXPECT_TRUE(seen_read) << phase_name(marker.phase) << " layer " << marker.layer;
        seen_compute = true;
      }
    }
    if (marker.layer != kNoLayer) {
      EXPECT_TRUE(seen_compute) << phase_name(marker.phase) << " layer " << marker.layer;
    }
  }
}

TEST(Trainer, ReportsOnlyAddressesOfKnownBuffers) {
  const TrainingData train = random_images(8, 32, 6);
  const TrainingData none;
  RecordingSink sink;
  SinkExecutor executor(2, &sink);
  Trainer t(small_lenet(2), train, none, executor);
  t.run_steps(0, 1);
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
  const auto add = [&](const void* p, std::size_t bytes) {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    ranges.emplace_back(a, a + bytes);
  };
  for (const BufferInfo& b : t.buffers()) add(b.data, b.count * sizeof(float));
  add(train.images.data(), train.images.size() * sizeof(float));
  add(train.labels.data(), train.labels.size());
  for (unsigned s = 0; s < 2; ++s) add(t.workspace(s).labels(), t.workspace(s).capacity());
  std::size_t accesses = 0;
  for (const Event& e : sink.events) {
    if (e.kind != Event::Read && e.kind != Event::Write) continue;
    ++accesses;
    const auto a = reinterpret_cast<std::uintptr_t>(e.addr);
    bool inside = false;
    for (const auto& [lo, hi] : ranges) inside = inside || (a >= lo && a + e.bytes <= hi);
    ASSERT_TRUE(inside) << "access of " << e.bytes << " bytes outside every known buffer";
  }
  EXPECT_GT(accesses, 1000u);
}

TEST(Trainer, BufferRegistryNamesEveryRole) {
  const TrainingData train = random_images(8, 32, 7);
  const TrainingData none;
  SerialExecutor executor(2);
  Trainer t(small_lenet(2), train, none, executor);
  const auto weights4 = t.buffers(4, BufferKind::Weights);
  ASSERT_EQ(weights4.size(), 1u);
  EXPECT_EQ(weights4[0].count, 1500u);
  EXPECT_EQ(weights4[0].name, "layer4.conv-table.weights");
  EXPECT_EQ(t.buffers(2, BufferKind::Weights)[0].count, 6u);
  EXPECT_EQ(t.buffers(10, BufferKind::WeightState).size(), 2u);  // Adam: m and v
  const auto inputs0 = t.buffers(0, BufferKind::Input);
  ASSERT_EQ(inputs0.size(), 2u);  // one per share
  EXPECT_EQ(inputs0[1].count, 4u * 1024u);
  EXPECT_EQ(inputs0[1].name, "layer0.conv.input[share1]");
  // The input of layer 1 is the output of layer 0.
  EXPECT_EQ(t.buffers(1, BufferKind::Input)[0].data, t.buffers(0, BufferKind::Output)[0].data);
  EXPECT_EQ(t.buffers(1, BufferKind::Input)[0].count, 4u * 4704u);
  EXPECT_TRUE(t.buffers(0, BufferKind::InputGradient).empty());
  EXPECT_EQ(t.buffers(5, BufferKind::WeightGradient).size(), 0u);  // tanh has no parameters
  for (const BufferInfo& b : t.buffers()) {
    EXPECT_NE(b.data, nullptr);
    EXPECT_GT(b.count, 0u);
  }
}

TEST(Trainer, MlpDefaultWorkingSetIsBetween8And32MB) {
  for (unsigned shares : {1u, 4u}) {
    const TrainerConfig c = TrainerConfigParser::load(
        std::string(STTVP_SOURCE_DIR) + "/configs/training/mlp-default.json", shares);
    ASSERT_EQ(c.shares, shares);
    const TrainingData train = random_images(16, 28, 8);
    const TrainingData none;
    SerialExecutor executor(shares);
    Trainer t(c, train, none, executor);
    std::set<std::pair<const float*, std::size_t>> unique;
    for (const BufferInfo& b : t.buffers()) unique.emplace(b.data, b.count);
    double bytes = 0;
    for (const auto& [p, n] : unique) bytes += static_cast<double>(n) * sizeof(float);
    EXPECT_GT(bytes, 8.0 * 1024 * 1024) << shares;
    EXPECT_LT(bytes, 32.0 * 1024 * 1024) << shares;
    EXPECT_EQ(t.network().param_count(), 784u * 512 + 512 + 512u * 512 + 512 + 512u * 10 + 10);
  }
}

// The study's working-set sweep (configs/study/default.json, perf.working_set): each width preset's
// training working set on the 4-core platform is the weights, one gradient buffer per share and
// Adam's two state vectors (7 floats per parameter, as the study computes it) plus at most 5 % of
// activations and GEMM workspace, and
// the widths span about 4 to 64 MiB, across the 8 MiB SRAM and 20 MiB STT-RAM LLCs.
TEST(Trainer, MlpWidthPresetsWorkingSets) {
  const std::pair<const char*, std::size_t> presets[] = {
      {"mlp-w128.json", 128}, {"mlp-w256.json", 256},   {"mlp-default.json", 512},
      {"mlp-w768.json", 768}, {"mlp-w1024.json", 1024}, {"mlp-w1152.json", 1152}};
  std::vector<double> mib;
  for (const auto& [file, width] : presets) {
    const TrainerConfig c =
        TrainerConfigParser::load(std::string(STTVP_SOURCE_DIR) + "/configs/training/" + file, 4);
    EXPECT_EQ(c.mlp.hidden, (std::vector<std::size_t>{width, width})) << file;
    const TrainingData train = random_images(16, 28, 8);
    const TrainingData none;
    SerialExecutor executor(4);
    Trainer t(c, train, none, executor);
    std::set<std::pair<const float*, std::size_t>> unique;
    for (const BufferInfo& b : t.buffers()) unique.emplace(b.data, b.count);
    double bytes = 0;
    for (const auto& [p, n] : unique) bytes += static_cast<double>(n) * sizeof(float);
    const std::size_t params = 784 * width + width + width * width + width + width * 10 + 10;
    EXPECT_EQ(t.network().param_count(), params) << file;
    const double counted = 7.0 * params * sizeof(float);
    EXPECT_GE(bytes, counted) << file;
    EXPECT_LT(bytes, 1.05 * counted) << file;
    mib.push_back(bytes / (1 << 20));
  }
  EXPECT_LT(mib.front(), 4.0);
  EXPECT_LT(mib[1], 8.0);  // below the SRAM LLC
  EXPECT_GT(mib[2], 8.0);  // mlp-default: between the two LLCs
  EXPECT_LT(mib[2], 20.0);
  EXPECT_GT(mib[3], 20.0);  // beyond the STT-RAM LLC
  EXPECT_GT(mib.back(), 56.0);
  EXPECT_LT(mib.back(), 64.0);
}

TEST(Trainer, CountsNonFiniteValuesWithoutFailing) {
  TrainingData train = random_images(16, 32, 9);
  train.images[3 * 1024 + 100] = std::numeric_limits<float>::infinity();
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(1), train, none, executor);
  const EpochStats stats = t.run_epoch();
  EXPECT_GT(stats.nonfinite, 0u);
  EXPECT_GT(stats.nonfinite_params, 0u);
  EXPECT_EQ(stats.steps, 2u);
}

TEST(Trainer, RejectsDataOfTheWrongShape) {
  const TrainingData train = random_images(8, 28, 10);
  const TrainingData none;
  SerialExecutor executor(1);
  EXPECT_THROW(Trainer(small_lenet(1), train, none, executor), std::invalid_argument);
}

TEST(TrainingData, TakesTheLoadersScalingAndPadding) {
  DatasetOptions o = DatasetOptions::lenet5();
  o.padding = 1;
  const Dataset loaded = Dataset::from_bytes(2, 2, {0, 255, 51, 204}, {7}, o);
  const TrainingData d = TrainingData::from_dataset(loaded);
  ASSERT_EQ(d.height, 4u);
  ASSERT_EQ(d.width, 4u);
  ASSERT_EQ(d.images.size(), 16u);
  EXPECT_FLOAT_EQ(d.images[0], -1.0f);    // padding
  EXPECT_FLOAT_EQ(d.images[5], -1.0f);    // byte 0
  EXPECT_FLOAT_EQ(d.images[6], 1.0f);     // byte 255
  EXPECT_NEAR(d.images[9], -0.6f, 1e-6);  // byte 51
  EXPECT_EQ(d.labels[0], 7);
  EXPECT_EQ(d.classes, 10u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(d.images.data()) % 64, 0u);
}

// An interrupted `sttvp train` resumes from a saved epoch: parameters and optimizer state through
// a resume file, the step set on a fresh trainer; the rest must go on exactly as without the
// interruption, for every optimizer and with a schedule that depends on the step.
TEST(Trainer, ResumedRunEqualsTheUninterruptedOne) {
  const TrainingData train = random_images(24, 32, 5);
  const TrainingData none;
  for (OptimizerKind kind :
       {OptimizerKind::Adam, OptimizerKind::Momentum, OptimizerKind::Adagrad}) {
    TrainerConfig c = small_lenet(2);
    c.optimizer.kind = kind;
    c.epochs = 2;
    c.schedule.kind = ScheduleKind::Cosine;
    SerialExecutor executor(2);
    Trainer whole(c, train, none, executor);
    whole.run_steps(0, 6);  // two epochs of 3 steps

    Trainer first(c, train, none, executor);
    first.run_steps(0, 3);
    Checkpoint saved(first);
    saved.save(first.step());
    const std::string file = ResumeFile::encode({"key", "1,0.5\n", first.step(), saved.values()});
    ResumeState state = ResumeFile::decode(file, "run.resume");

    Trainer resumed(c, train, none, executor);
    Checkpoint back(resumed);
    back.load(state.step, std::move(state.values));
    back.restore();
    resumed.resume(state.step);
    EXPECT_EQ(resumed.epoch(), 1u);
    resumed.run_steps(3, 3);
    EXPECT_TRUE(bit_identical(params_of(whole), params_of(resumed)))
        << "optimizer " << static_cast<int>(kind);
    EXPECT_THROW(resumed.resume(3), std::logic_error);
  }
}

TEST(Trainer, AffineAugmentationDependsOnlyOnTheShareCount) {
  const TrainingData train = random_images(24, 32, 11);
  const TrainingData none;
  TrainerConfig c = small_lenet(2);
  c.augment.rotate_degrees = 10;
  c.augment.scale = 0.1f;
  SerialExecutor one(1), two(2);
  Trainer a(c, train, none, one);
  Trainer b(c, train, none, two);
  a.run_steps(0, 3);
  b.run_steps(0, 3);
  EXPECT_TRUE(bit_identical(params_of(a), params_of(b)));
  c.augment = {};
  Trainer plain(c, train, none, one);
  plain.run_steps(0, 3);
  EXPECT_FALSE(bit_identical(params_of(a), params_of(plain)));
}

TEST(Trainer, ScheduleSetsTheLearningRateOfEveryStep) {
  TrainerConfig c;
  c.optimizer.alpha = 0.01f;
  c.epochs = 4;
  EXPECT_FLOAT_EQ(c.learning_rate(123, 10), 0.01f);
  c.schedule.kind = ScheduleKind::Step;
  c.schedule.factor = 0.5;
  c.schedule.every_epochs = 2;
  EXPECT_FLOAT_EQ(c.learning_rate(19, 10), 0.01f);
  EXPECT_FLOAT_EQ(c.learning_rate(20, 10), 0.005f);
  EXPECT_FLOAT_EQ(c.learning_rate(45, 10), 0.0025f);
  c.schedule.kind = ScheduleKind::Cosine;
  c.schedule.final_fraction = 0.1;
  EXPECT_FLOAT_EQ(c.learning_rate(0, 10), 0.01f);
  EXPECT_FLOAT_EQ(c.learning_rate(20, 10), 0.0055f);  // half way: (1 + 0.1) / 2
  EXPECT_FLOAT_EQ(c.learning_rate(40, 10), 0.001f);
  EXPECT_FLOAT_EQ(c.learning_rate(99, 10), 0.001f);
}

}  // namespace
}  // namespace sttvp::sw
