// Each optimizer's documented update, on hand-computed two-step examples.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sw/probe/Probe.h"
#include "sw/train/Adagrad.h"
#include "sw/train/Adam.h"
#include "sw/train/Momentum.h"

namespace sttvp::sw {
namespace {

// One parameter w with gradient sum g over a minibatch of 2 (scale 1/2).
struct Single {
  float w = 1.0f;
  float state[2] = {0.0f, 0.0f};
  float* states[2] = {&state[0], &state[1]};

  void step(Optimizer& opt, float g) {
    opt.begin_step();
    opt.update(&w, &g, states, 1, 0.5f);
  }
};

TEST(Optimizer, AdagradFollowsTinyDnn) {
  Adagrad opt(0.1f, 1e-8f);
  Single p;
  // g = 1 * 0.5: h = 0.25, w = 1 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.9.
  p.step(opt, 1.0f);
  EXPECT_NEAR(p.state[0], 0.25f, 1e-7);
  EXPECT_NEAR(p.w, 0.9f, 1e-6);
  // h = 0.5, w = 0.9 - 0.1 * 0.5 / sqrt(0.5) = 0.8292893.
  p.step(opt, 1.0f);
  EXPECT_NEAR(p.state[0], 0.5f, 1e-7);
  EXPECT_NEAR(p.w, 0.8292893f, 1e-6);
}

TEST(Optimizer, AdamFollowsTinyDnnWithPerStepBiasCorrection) {
  Adam opt(0.1f, 0.9f, 0.999f, 1e-8f);
  Single p;
  // g = 0.5: m = 0.05, v = 0.00025; m^ = 0.05 / 0.1 = 0.5, v^ = 0.00025 / 0.001 = 0.25;
  // w = 1 - 0.1 * 0.5 / sqrt(0.25 + 1e-8) = 0.9.
  p.step(opt, 1.0f);
  EXPECT_NEAR(p.state[0], 0.05f, 1e-7);
  EXPECT_NEAR(p.state[1], 0.00025f, 3e-8);  // 1 - 0.999f is 1.3e-5 off in float
  EXPECT_NEAR(p.w, 0.9f, 1e-5);
  // g = -0.5: m = 0.045 - 0.05 = -0.005, v = 0.00024975 + 0.00025 = 0.00049975;
  // m^ = -0.005 / 0.19, v^ = 0.00049975 / 0.001999 = 0.25; w = 0.9 + 0.1 * 0.0263158 / 0.5.
  p.step(opt, -1.0f);
  EXPECT_NEAR(p.state[0], -0.005f, 1e-7);
  EXPECT_NEAR(p.state[1], 0.00049975f, 3e-8);
  EXPECT_NEAR(p.w, 0.9052632f, 1e-5);
  EXPECT_EQ(opt.steps(), 2u);
}

TEST(Optimizer, MomentumFollowsTinyDnn) {
  Momentum opt(0.1f, 0.9f, 0.0f);
  Single p;
  // v = -0.1 * 0.5 = -0.05, w = 0.95; then v = -0.045 - 0.05 = -0.095, w = 0.855.
  p.step(opt, 1.0f);
  EXPECT_NEAR(p.state[0], -0.05f, 1e-7);
  EXPECT_NEAR(p.w, 0.95f, 1e-6);
  p.step(opt, 1.0f);
  EXPECT_NEAR(p.state[0], -0.095f, 1e-7);
  EXPECT_NEAR(p.w, 0.855f, 1e-6);
}

TEST(Optimizer, MomentumWeightDecay) {
  Momentum opt(0.1f, 0.0f, 0.5f);
  Single p;
  // v = -0.1 * (0.5 + 0.5 * 1) = -0.1, w = 0.9.
  p.step(opt, 1.0f);
  EXPECT_NEAR(p.w, 0.9f, 1e-6);
}

TEST(Optimizer, FactoryBuildsTheConfiguredKind) {
  OptimizerConfig c;
  c.kind = OptimizerKind::Adagrad;
  EXPECT_STREQ(Optimizer::create(c)->name(), "adagrad");
  EXPECT_EQ(Optimizer::create(c)->state_count(), 1u);
  c.kind = OptimizerKind::Adam;
  EXPECT_EQ(Optimizer::create(c)->state_count(), 2u);
  c.kind = OptimizerKind::Momentum;
  EXPECT_STREQ(Optimizer::create(c)->name(), "momentum");
}

TEST(Optimizer, UpdatesLongVectorsChunkByChunk) {
  // Longer than one reporting chunk: every element gets the same update.
  Adagrad opt(0.1f);
  std::vector<float> w(2500, 1.0f), g(2500, 1.0f), h(2500, 0.0f);
  float* states[1] = {h.data()};
  opt.update(w.data(), g.data(), states, w.size(), 0.5f);
  for (float v : w) ASSERT_NEAR(v, 0.9f, 1e-6);
}

// Writes each reported access as "r NAME+OFFSET:BYTES", "w ..." or "c FLOPS".
class AccessLog final : public ProbeSink {
 public:
  struct Vector {
    const char* name;
    const std::vector<float>& values;
  };
  explicit AccessLog(std::vector<Vector> vectors) : vectors_(std::move(vectors)) {}
  void read(const void* addr, std::size_t bytes) override { log('r', addr, bytes); }
  void write(const void* addr, std::size_t bytes) override { log('w', addr, bytes); }
  void compute(std::uint64_t flops) override { lines.push_back("c " + std::to_string(flops)); }
  void idle(double) override {}
  void phase(Phase, int) override {}
  std::vector<std::string> lines;

 private:
  void log(char kind, const void* addr, std::size_t bytes) {
    const auto* p = static_cast<const float*>(addr);
    for (const Vector& v : vectors_)
      if (p >= v.values.data() && p < v.values.data() + v.values.size())
        lines.push_back(std::string(1, kind) + " " + v.name + "+" +
                        std::to_string(p - v.values.data()) + ":" + std::to_string(bytes));
  }
  std::vector<Vector> vectors_;
};

TEST(Optimizer, ReportsPerChunkTheGradientStateAndWeightReadsThenTheirWrites) {
  // 1500 floats: a chunk of 1024 and one of 476. Adam: 14 operations per element.
  std::vector<float> w(1500, 1.0f), g(1500, 0.5f), m(1500, 0.0f), v(1500, 0.0f);
  float* states[2] = {m.data(), v.data()};
  Adam opt(0.001f);
  opt.begin_step();
  AccessLog log({{"w", w}, {"g", g}, {"m", m}, {"v", v}});
  {
    SinkScope scope(&log);
    opt.update(w.data(), g.data(), states, w.size(), 1.0f);
  }
  const std::vector<std::string> expected = {
      "r g+0:4096",    "r m+0:4096",    "r v+0:4096",    "r w+0:4096",
      "c 14336",       "w m+0:4096",    "w v+0:4096",    "w w+0:4096",
      "r g+1024:1904", "r m+1024:1904", "r v+1024:1904", "r w+1024:1904",
      "c 6664",        "w m+1024:1904", "w v+1024:1904", "w w+1024:1904"};
  EXPECT_EQ(log.lines, expected);
}

}  // namespace
}  // namespace sttvp::sw
