// Each optimizer's documented update, on hand-computed two-step examples.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

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

}  // namespace
}  // namespace sttvp::sw
