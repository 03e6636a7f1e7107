// The open-loop fault injector and what surrounds it: the flip sampler's rate and bit mask, the
// semantics of transient and persistent flips, p = 0 changing nothing, exact replay of a logged
// run, NaN/Inf divergence reported at the right step without a crash, and the mitigations.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <initializer_list>
#include <sstream>
#include <vector>

#include "models/common/CounterRng.h"
#include "models/common/InputError.h"
#include "sw/fault/BitFlipSampler.h"
#include "sw/fault/FaultInjector.h"
#include "sw/fault/FlipAttribution.h"
#include "sw/fault/FlipLog.h"
#include "sw/fault/InjectionRun.h"
#include "sw/fault/RangeRestriction.h"
#include "sw/nn/NonFinite.h"
#include "sw/nn/Rng.h"
#include "sw/train/Checkpoint.h"
#include "sw/train/Trainer.h"
#include "tests/support/EnumTableChecks.h"

namespace sttvp::sw {
namespace {

// Images whose pixels are exactly -1 or +1 (so that flipping bit 30 always gives an infinity).
TrainingData binary_images(std::size_t n, std::uint64_t seed) {
  TrainingData data;
  data.height = 32;
  data.width = 32;
  Rng rng(seed);
  data.images.resize(n * 32 * 32);
  for (float& v : data.images) v = rng.uniform() < 0.3f ? 1.0f : -1.0f;
  for (std::size_t i = 0; i < n; ++i) data.labels.push_back(static_cast<std::uint8_t>(i % 10));
  return data;
}

TrainerConfig small_lenet(unsigned shares = 1) {
  TrainerConfig c;  // LeNet-5, Adam 0.001, MSE +-0.8
  c.minibatch = 8;
  c.shares = shares;
  c.evaluate_test = false;
  return c;
}

// Built, then moved in: GCC 12 warns (-Wnonnull, spuriously) on copy-assigning a braced list.
std::vector<std::size_t> layer_list(std::initializer_list<std::size_t> layers) {
  return std::vector<std::size_t>(layers);
}

std::vector<float> params_of(const Trainer& t) {
  const Tensor& p = t.network().params();
  return std::vector<float>(p.data(), p.data() + p.size());
}

bool bit_identical(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

std::vector<std::uint32_t> bits_of(const float* p, std::size_t n) {
  std::vector<std::uint32_t> out(n);
  std::memcpy(out.data(), p, n * sizeof(float));
  return out;
}

// Flips in `events` samplings of a virtual buffer of `elements` values; checks the count against
// the binomial mean within 5 standard deviations (trials: every mask bit of every value per bit,
// every value per value), that flips come in increasing order (per value: one per value at most)
// and that every mask bit is equally likely.
void expect_rate(double p, std::uint32_t mask, std::uint64_t elements, int events,
                 FaultRate rate = FaultRate::PerBit) {
  const BitFlipSampler sampler(p, mask, rate);
  const bool per_bit = rate == FaultRate::PerBit;
  const CounterRng rng(42);
  std::uint64_t flips = 0;
  std::vector<std::uint64_t> per_mask_bit(32, 0);
  for (int e = 0; e < events; ++e) {
    CounterRng::Stream s = rng.stream(static_cast<std::uint64_t>(e), 7);
    std::uint64_t last = 0;
    bool first = true;
    flips += sampler.sample(s, elements, [&](std::uint64_t element, unsigned bit) {
      ASSERT_LT(element, elements);
      ASSERT_TRUE((mask >> bit) & 1u) << bit;
      const std::uint64_t pos = per_bit ? element * 32 + bit : element;
      ASSERT_TRUE(first || pos > last);  // increasing, so distinct
      first = false;
      last = pos;
      ++per_mask_bit[bit];
    });
  }
  const double m = sampler.bits_per_element();
  const double n = static_cast<double>(elements) * events * (per_bit ? m : 1);
  EXPECT_DOUBLE_EQ(sampler.expected_flips(elements) * events, n * p);
  EXPECT_NEAR(static_cast<double>(flips), n * p, 5 * std::sqrt(n * p * (1 - p))) << "p = " << p;
  const double per = static_cast<double>(flips) / m;
  for (unsigned b = 0; b < 32; ++b) {
    if ((mask >> b) & 1u) {
      EXPECT_NEAR(static_cast<double>(per_mask_bit[b]), per, 5 * std::sqrt(per)) << "bit " << b;
    }
  }
}

TEST(BitFlipSampler, ObservedRateMatchesPFrom1e7To1e3) {
  for (double p : {1e-7, 1e-6, 1e-5, 1e-4, 1e-3}) {
    // About 20,000 expected flips over 8 samplings of one large (virtual) buffer.
    const auto elements = static_cast<std::uint64_t>(20000.0 / (8 * 32 * p));
    expect_rate(p, BitFlipSampler::kAll, elements, 8);
  }
}

TEST(BitFlipSampler, RespectsTheBitMask) {
  expect_rate(1e-4, BitFlipSampler::kExponent, 4000000, 8);
  expect_rate(1e-3, 0x40000001u, 1000000, 8);  // bits 0 and 30 only
}

TEST(BitFlipSampler, PerValueHitsValuesAtRatePFrom1e6To0_1) {
  for (double p : {1e-6, 1e-5, 1e-4, 1e-3, 0.1}) {
    // About 30,000 expected hits over 8 samplings.
    const auto elements = static_cast<std::uint64_t>(30000.0 / (8 * p));
    expect_rate(p, BitFlipSampler::kAll, elements, 8, FaultRate::PerValue);
  }
}

TEST(BitFlipSampler, PerValueBitsAreUniformOverTheMask) {
  expect_rate(1e-3, BitFlipSampler::kMantissa | BitFlipSampler::kSign, 4000000, 8,
              FaultRate::PerValue);
  expect_rate(1e-2, 0x40000001u, 200000, 8, FaultRate::PerValue);  // bits 0 and 30 only
  expect_rate(1e-2, BitFlipSampler::kSign, 200000, 8, FaultRate::PerValue);
}

TEST(BitFlipSampler, PerValueIsPPerValueNotPerBit) {
  // Same p and mask: per bit flips 32 times as many bits as per value hits values.
  const CounterRng rng(5);
  CounterRng::Stream a = rng.stream(0, 1), b = rng.stream(0, 1);
  const std::uint64_t values = 1u << 22;
  const double per_bit = static_cast<double>(
      BitFlipSampler(1e-4, BitFlipSampler::kAll).sample(a, values, [](auto, auto) {}));
  const double per_value =
      static_cast<double>(BitFlipSampler(1e-4, BitFlipSampler::kAll, FaultRate::PerValue)
                              .sample(b, values, [](auto, auto) {}));
  EXPECT_NEAR(per_bit / per_value, 32.0, 2.0);
  // p = 1 hits every value once.
  CounterRng::Stream c = rng.stream(1, 1);
  EXPECT_EQ(BitFlipSampler(1.0, BitFlipSampler::kExponent, FaultRate::PerValue)
                .sample(c, 10, [](auto, auto) {}),
            10u);
}

// The per-bit flips of one fixed stream, as they were before per-value rates existed (FNV-1a of
// the flipped (element, bit) positions): the default rate samples exactly as it did.
constexpr std::uint64_t kPerBitGoldenFlips = 3225;
constexpr std::uint64_t kPerBitGoldenHash = 0xc4c135eb7884312aull;

TEST(BitFlipSampler, PerBitFlipsAreUnchanged) {
  const CounterRng rng(42);
  CounterRng::Stream s = rng.stream(3, 7);
  std::uint64_t hash = 1469598103934665603ull;
  const std::uint64_t flips =
      BitFlipSampler(1e-4, BitFlipSampler::kAll).sample(s, 1000000, [&](auto element, auto bit) {
        hash = (hash ^ (element * 32 + bit)) * 1099511628211ull;
      });
  EXPECT_EQ(flips, kPerBitGoldenFlips);
  EXPECT_EQ(hash, kPerBitGoldenHash);
}

TEST(BitFlipSampler, ZeroAndOne) {
  const CounterRng rng(1);
  CounterRng::Stream s = rng.stream(0, 0);
  EXPECT_EQ(BitFlipSampler(0.0, BitFlipSampler::kAll).sample(s, 1000, [](auto, auto) {}), 0u);
  EXPECT_EQ(s.counter(), 0u);  // p = 0 draws nothing
  EXPECT_EQ(BitFlipSampler(1.0, BitFlipSampler::kExponent).sample(s, 10, [](auto, auto) {}), 80u);
  EXPECT_THROW(BitFlipSampler(1.5, 1), std::invalid_argument);
  EXPECT_THROW(BitFlipSampler(0.1, 0), std::invalid_argument);
}

TEST(FaultInjector, ObservedRateOnRealWeights) {
  const TrainingData train = binary_images(8, 1);
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(), train, none, executor);
  FaultConfig f;
  f.target = FaultTarget::Weights;
  f.layers = layer_list({8});  // conv 16 -> 120: 48,000 weights, 120 biases
  f.p = 1e-3;
  f.timing = FaultTiming::PerResidency;
  f.persistence = FaultPersistence::Transient;  // so the buffer stays as it was
  FaultInjector injector(t, f);
  const std::vector<float> before = params_of(t);
  const int steps = 20;
  for (int s = 0; s < steps; ++s) {
    injector.begin_step(static_cast<std::uint64_t>(s));
    injector.before_update(static_cast<std::uint64_t>(s));
  }
  const double n = 48120.0 * 32 * steps;
  EXPECT_NEAR(static_cast<double>(injector.flips()), n * 1e-3, 5 * std::sqrt(n * 1e-3));
  EXPECT_EQ(injector.flips_per_layer()[8], injector.flips());
  EXPECT_EQ(injector.restored(), injector.flips());
  EXPECT_TRUE(bit_identical(params_of(t), before));
}

TEST(FaultInjector, TransientRestoresAndPersistentKeeps) {
  const TrainingData train = binary_images(8, 2);
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(), train, none, executor);
  const BufferInfo input = t.buffers(3, BufferKind::Input)[0];
  Rng rng(5);
  for (std::size_t i = 0; i < input.count; ++i) input.data[i] = rng.uniform(-1.0f, 1.0f);
  const std::vector<std::uint32_t> original = bits_of(input.data, input.count);
  const std::size_t n = 8;

  for (FaultPersistence persistence : {FaultPersistence::Transient, FaultPersistence::Persistent}) {
    FaultConfig f;
    f.target = FaultTarget::Inputs;
    f.layers = layer_list({3});
    f.p = 1e-3;
    f.persistence = persistence;
    FaultInjector injector(t, f);
    FlipLog log;
    injector.set_log(&log);
    injector.begin_step(0);
    injector.before_forward(0, 3, n);
    ASSERT_GT(injector.flips(), 0u);
    const std::vector<std::uint32_t> during = bits_of(input.data, input.count);
    EXPECT_NE(during, original);
    // Exactly the logged bits differ.
    std::vector<std::uint32_t> expected = original;
    for (const FlipRecord& r : log.records()) {
      EXPECT_EQ(r.layer, 3);
      EXPECT_EQ(r.kind, BufferKind::Input);
      EXPECT_EQ(r.read, ReadEvent::Forward);
      EXPECT_LT(r.element, n * 1176);
      expected[r.element] ^= 1u << r.bit;
    }
    EXPECT_EQ(during, expected);
    injector.after_forward(0, 3, n);
    if (persistence == FaultPersistence::Transient) {
      EXPECT_EQ(bits_of(input.data, input.count), original);
      EXPECT_EQ(injector.restored(), injector.flips());
    } else {
      EXPECT_EQ(bits_of(input.data, input.count), during);
      std::memcpy(input.data, original.data(), input.count * sizeof(float));
    }
  }
}

TEST(FaultInjector, ForwardOnlySamplesNoBackwardRead) {
  const TrainingData train = binary_images(8, 2);
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(), train, none, executor);
  const BufferInfo input = t.buffers(2, BufferKind::Input)[0];
  const std::vector<std::uint32_t> original = bits_of(input.data, input.count);
  for (bool forward_only : {false, true}) {
    FaultConfig f;
    f.target = FaultTarget::Inputs;
    f.layers = layer_list({2});
    f.p = 1e-3;
    f.persistence = FaultPersistence::Transient;
    f.forward_only = forward_only;
    FaultInjector injector(t, f);
    injector.begin_step(0);
    injector.before_backward(0, 2, 8);
    EXPECT_EQ(injector.flips() > 0, !forward_only);
    injector.after_backward(0, 2, 8);
    EXPECT_EQ(bits_of(input.data, input.count), original);
  }
  // Per residency: undone after the forward pass instead of after the backward pass.
  FaultConfig f;
  f.target = FaultTarget::Inputs;
  f.layers = layer_list({2});
  f.p = 1e-3;
  f.timing = FaultTiming::PerResidency;
  f.persistence = FaultPersistence::Transient;
  f.forward_only = true;
  FaultInjector injector(t, f);
  injector.begin_step(0);
  injector.before_forward(0, 2, 8);
  ASSERT_GT(injector.flips(), 0u);
  injector.after_forward(0, 2, 8);
  EXPECT_EQ(bits_of(input.data, input.count), original);
}

TEST(FaultInjector, TransientLeavesAValueThatWasRewritten) {
  const TrainingData train = binary_images(8, 2);
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(), train, none, executor);
  const BufferInfo input = t.buffers(1, BufferKind::Input)[0];
  for (std::size_t i = 0; i < input.count; ++i) input.data[i] = 0.25f;
  FaultConfig f;
  f.target = FaultTarget::Inputs;
  f.layers = layer_list({1});
  f.p = 1e-3;
  f.persistence = FaultPersistence::Transient;
  FaultInjector injector(t, f);
  FlipLog log;
  injector.set_log(&log);
  injector.begin_step(0);
  injector.before_forward(0, 1, 8);
  ASSERT_FALSE(log.records().empty());
  const std::uint64_t e = log.records()[0].element;
  input.data[e] = 7.0f;  // a write between the flip and the end of the read
  injector.after_forward(0, 1, 8);
  EXPECT_EQ(input.data[e], 7.0f);
  EXPECT_GE(injector.overwritten(), 1u);
}

// Runs `steps` steps of small LeNet-5 with an InjectionRun (or, with no config, a plain Trainer).
struct Outcome {
  std::vector<float> params;
  InjectionResult result;
};

Outcome train(unsigned shares, std::uint64_t steps, const InjectionRunConfig* config,
              const TrainingData& data) {
  const TrainingData none;
  SerialExecutor executor(shares);
  Trainer t(small_lenet(shares), data, none, executor);
  Outcome o;
  if (config == nullptr) {
    t.run_steps(0, steps);
  } else {
    InjectionRun run(t, *config);
    o.result = run.run(steps, none);
  }
  o.params = params_of(t);
  return o;
}

TEST(InjectionRun, PZeroIsBitIdenticalToNoInjection) {
  const TrainingData data = binary_images(48, 3);
  for (unsigned shares : {1u, 2u}) {
    const Outcome plain = train(shares, 6, nullptr, data);
    for (FaultTarget target :
         {FaultTarget::Inputs, FaultTarget::Weights, FaultTarget::Gradients, FaultTarget::State}) {
      InjectionRunConfig c;
      c.fault.target = target;
      c.fault.layers = layer_list({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
      c.fault.p = 0.0;
      c.fault.persistence = FaultPersistence::Transient;
      const Outcome injected = train(shares, 6, &c, data);
      EXPECT_TRUE(bit_identical(plain.params, injected.params))
          << kFaultTargets.name(target) << ", " << shares << " shares";
      EXPECT_EQ(injected.result.flips, 0u);
      EXPECT_FALSE(injected.result.diverged);
      EXPECT_EQ(injected.result.first_nonfinite_step, -1);
    }
    // Without faults the mitigations change nothing either: every activation is in its range,
    // every gradient finite, no rollback.
    InjectionRunConfig all;
    all.mitigation.range_restriction = true;
    all.mitigation.gradient_guard = true;
    all.mitigation.rollback = true;
    all.mitigation.checkpoint_every = 2;
    const Outcome mitigated = train(shares, 6, &all, data);
    EXPECT_TRUE(bit_identical(plain.params, mitigated.params)) << shares << " shares";
    for (std::uint64_t c : mitigated.result.clamped) EXPECT_EQ(c, 0u);
    EXPECT_EQ(mitigated.result.skipped_steps, 0u);
    EXPECT_EQ(mitigated.result.rollbacks, 0u);
    EXPECT_EQ(mitigated.result.checkpoints, 4u);  // before step 0, after steps 1, 3, 5
  }
}

TEST(InjectionRun, ALoggedRunReplaysToIdenticalWeights) {
  const TrainingData data = binary_images(48, 4);
  for (FaultTarget target : {FaultTarget::Inputs, FaultTarget::Weights, FaultTarget::Gradients}) {
    InjectionRunConfig c;
    c.fault.target = target;
    c.fault.layers = layer_list({2, 8});
    c.fault.p = 2e-4;
    c.fault.bit_mask = BitFlipSampler::kMantissa | BitFlipSampler::kSign;  // stays finite
    c.fault.seed = 11;
    c.fault.timing = FaultTiming::PerRead;
    c.fault.persistence = FaultPersistence::Transient;
    FlipLog log;
    c.log = &log;
    const Outcome logged = train(2, 6, &c, data);
    ASSERT_GT(log.size(), 0u) << kFaultTargets.name(target);
    EXPECT_EQ(logged.result.flips, log.size());

    // Through the CSV, with another seed: the log alone decides.
    std::stringstream csv(log.csv());
    const FlipLog loaded = FlipLog::read(csv, "log.csv");
    ASSERT_EQ(loaded.size(), log.size());
    InjectionRunConfig r = c;
    r.log = nullptr;
    r.replay = &loaded;
    r.fault.seed = 12;
    const Outcome replayed = train(2, 6, &r, data);
    EXPECT_TRUE(bit_identical(logged.params, replayed.params)) << kFaultTargets.name(target);
    EXPECT_EQ(replayed.result.flips, log.size());
    EXPECT_EQ(replayed.result.params_hash, logged.result.params_hash);

    // Sampling with that other seed gives other flips, hence other weights.
    InjectionRunConfig other = c;
    other.log = nullptr;
    other.fault.seed = 12;
    EXPECT_FALSE(bit_identical(logged.params, train(2, 6, &other, data).params));
  }
}

TEST(InjectionRun, SameSeedSameFlipsWhateverTheWeights) {
  // The flips depend on (seed, step, layer, tensor, share, read), not on the training seed.
  const TrainingData data = binary_images(32, 5);
  InjectionRunConfig c;
  c.fault.target = FaultTarget::Inputs;
  c.fault.layers = layer_list({0});
  c.fault.p = 1e-3;
  FlipLog a, b;
  const TrainingData none;
  for (std::uint64_t training_seed : {1u, 2u}) {
    SerialExecutor executor(1);
    TrainerConfig tc = small_lenet();
    tc.seed = training_seed;
    Trainer t(tc, data, none, executor);
    c.log = training_seed == 1 ? &a : &b;
    InjectionRun(t, c).run(3, none);
  }
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.records()[i].step, b.records()[i].step);
    EXPECT_EQ(a.records()[i].element, b.records()[i].element);
    EXPECT_EQ(a.records()[i].bit, b.records()[i].bit);
  }
}

// Exponent flips (bit 30 only) into layer 0's inputs, all exactly +-1: each flip makes an
// infinity, so the first non-finite value is in the step of the first flip.
InjectionRunConfig exponent_faults() {
  InjectionRunConfig c;
  c.fault.target = FaultTarget::Inputs;
  c.fault.layers = layer_list({0});
  c.fault.p = 2e-5;
  c.fault.bit_mask = 1u << 30;
  c.fault.timing = FaultTiming::PerResidency;
  c.fault.persistence = FaultPersistence::Persistent;
  c.fault.seed = 3;
  return c;
}

TEST(InjectionRun, ReportsDivergenceAtTheFirstNonFiniteStepWithoutCrashing) {
  const TrainingData data = binary_images(160, 6);  // 20 steps per epoch
  InjectionRunConfig c = exponent_faults();
  FlipLog log;
  c.log = &log;
  const Outcome o = train(1, 200, &c, data);
  ASSERT_GT(log.size(), 0u);
  const FlipRecord& first = log.records().front();
  EXPECT_TRUE(std::isinf(first.after));
  EXPECT_TRUE(o.result.diverged);
  EXPECT_EQ(o.result.first_nonfinite_step, static_cast<std::int64_t>(first.step));
  EXPECT_GE(o.result.diverged_step, o.result.first_nonfinite_step);
  // Stopped at the divergence.
  EXPECT_EQ(o.result.steps_trained, static_cast<std::uint64_t>(o.result.diverged_step) + 1);
  EXPECT_GT(o.result.nonfinite_outputs[0], 0u);
  EXPECT_EQ(o.result.first_nonfinite_output_step[0], o.result.first_nonfinite_step);
  EXPECT_GE(o.result.nonfinite_flips, 1u);

  // Without the early stop it trains every step, still reported as diverged at the same step.
  InjectionRunConfig on = exponent_faults();
  on.stop_on_divergence = false;
  const Outcome full = train(1, 60, &on, data);
  EXPECT_TRUE(full.result.diverged);
  EXPECT_EQ(full.result.steps_trained, 60u);
  EXPECT_EQ(full.result.diverged_step, o.result.diverged_step);
}

TEST(InjectionRun, MitigationsKeepTheRunFinite) {
  const TrainingData data = binary_images(160, 6);
  // Range restriction: the infinities are clamped back to +-1 before layer 0 reads them.
  InjectionRunConfig range = exponent_faults();
  range.mitigation.range_restriction = true;
  const Outcome r = train(1, 60, &range, data);
  EXPECT_FALSE(r.result.diverged);
  EXPECT_EQ(r.result.first_nonfinite_step, -1);
  EXPECT_GT(r.result.flips, 0u);
  EXPECT_GT(r.result.clamped[0], 0u);

  // Gradient guard: steps with non-finite gradients are skipped.
  InjectionRunConfig guard = exponent_faults();
  guard.mitigation.gradient_guard = true;
  const Outcome g = train(1, 60, &guard, data);
  EXPECT_FALSE(g.result.diverged);
  EXPECT_GT(g.result.skipped_steps, 0u);
  EXPECT_GE(g.result.first_nonfinite_step, 0);
  for (float v : g.params) ASSERT_TRUE(std::isfinite(v));

  // Rollback: the last good checkpoint comes back.
  InjectionRunConfig rollback = exponent_faults();
  rollback.mitigation.rollback = true;
  rollback.mitigation.checkpoint_every = 5;
  const Outcome b = train(1, 60, &rollback, data);
  EXPECT_FALSE(b.result.diverged);
  EXPECT_GT(b.result.rollbacks, 0u);
  EXPECT_EQ(b.result.steps_trained, 60u);
  for (float v : b.params) ASSERT_TRUE(std::isfinite(v));
}

TEST(RangeRestriction, RangesFollowThePreviousLayer) {
  const TrainingData data = binary_images(8, 7);
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(), data, none, executor);
  RangeRestriction range(t);
  const auto& r = range.ranges();
  ASSERT_EQ(r.size(), 12u);
  EXPECT_TRUE(r[0].bounded);  // the pixels: [-1, 1]
  EXPECT_EQ(r[0].lo, -1.0f);
  EXPECT_FALSE(r[1].bounded);   // after conv
  EXPECT_TRUE(r[2].bounded);    // after tanh
  EXPECT_FALSE(r[3].bounded);   // after avg-pool (a trained coefficient and bias per map)
  EXPECT_TRUE(r[4].bounded);    // after tanh
  EXPECT_FALSE(r[11].bounded);  // after fc
  float x[5] = {-INFINITY, 2.0f, NAN, 0.5f, INFINITY};
  EXPECT_EQ(RangeRestriction::restrict(x, 5, r[2]), 4u);
  EXPECT_EQ(x[0], -1.0f);
  EXPECT_EQ(x[1], 1.0f);
  EXPECT_EQ(x[2], 0.0f);
  EXPECT_EQ(x[3], 0.5f);
  EXPECT_EQ(x[4], 1.0f);
  float y[3] = {INFINITY, NAN, 1e30f};
  EXPECT_EQ(RangeRestriction::restrict(y, 3, r[1]), 2u);
  EXPECT_TRUE(std::isfinite(y[0]));
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_EQ(y[2], 1e30f);
}

TEST(Checkpoint, RestoresWeightsAndOptimizerState) {
  const TrainingData data = binary_images(32, 8);
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(), data, none, executor);
  t.run_steps(0, 2);
  Checkpoint cp(t);
  cp.save(t.step());
  const std::vector<float> params = params_of(t);
  const std::vector<float> m(t.optimizer_state(0).data(),
                             t.optimizer_state(0).data() + t.optimizer_state(0).size());
  t.run_steps(2, 2);
  EXPECT_FALSE(bit_identical(params_of(t), params));
  cp.restore();
  EXPECT_TRUE(bit_identical(params_of(t), params));
  EXPECT_EQ(0, std::memcmp(m.data(), t.optimizer_state(0).data(), m.size() * sizeof(float)));
}

TEST(FlipLog, RejectsMalformedLines) {
  std::stringstream bad_header("step,layer\n");
  EXPECT_THROW(FlipLog::read(bad_header, "f.csv"), InputError);
  std::stringstream bad_row(std::string(FlipLog::kHeader) + "\n1,2,weightz,0,forward,3,4,0,0\n");
  try {
    FlipLog::read(bad_row, "f.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("f.csv: line 2: unknown tensor"), std::string::npos)
        << e.what();
  }
  std::stringstream ok(std::string(FlipLog::kHeader) +
                       "\n1,2,weight_state1,-1,update,3,31,0.5,-0.5\n");
  const FlipLog log = FlipLog::read(ok, "f.csv");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log.records()[0].kind, BufferKind::WeightState);
  EXPECT_EQ(log.records()[0].state, 1);
  EXPECT_EQ(log.records()[0].read, ReadEvent::Update);
}

TEST(FaultInjector, RefusesALogOfAnotherTarget) {
  const TrainingData data = binary_images(8, 9);
  const TrainingData none;
  SerialExecutor executor(1);
  Trainer t(small_lenet(), data, none, executor);
  FaultConfig f;
  f.target = FaultTarget::Inputs;
  f.layers = layer_list({3});
  FaultInjector injector(t, f);
  FlipLog log;
  FlipRecord r;
  r.layer = 4;
  log.add(r);
  EXPECT_THROW(injector.set_replay(&log), std::invalid_argument);
}

TEST(FlipAttribution, MapsAddressesToTensorsElementsAndBits) {
  const TrainingData data = binary_images(8, 10);
  const TrainingData none;
  SerialExecutor executor(2);
  Trainer t(small_lenet(2), data, none, executor);
  FlipAttribution a = FlipAttribution::for_training(t, data, none);
  const BufferInfo w = t.buffers(4, BufferKind::Weights)[0];
  // Byte 3 of weight 10, bit 6 of the byte: bit 30 of the float (its exponent's top bit).
  const auto addr = reinterpret_cast<std::uint64_t>(w.data + 10) + 3;
  const FlipAttribution::Hit hit = a.find(addr, 6);
  ASSERT_NE(hit.region, nullptr);
  EXPECT_EQ(hit.region->name, w.name);
  EXPECT_EQ(hit.element, 10u);
  EXPECT_EQ(hit.bit, 30u);
  // The output of layer 0 is the input of layer 1: named for the reader, the other an alias.
  const BufferInfo in1 = t.buffers(1, BufferKind::Input)[1];
  const FlipAttribution::Hit act = a.find(reinterpret_cast<std::uint64_t>(in1.data), 0);
  ASSERT_NE(act.region, nullptr);
  EXPECT_EQ(act.region->name, "layer1.tanh.input[share1]");
  EXPECT_EQ(act.region->aliases, "layer0.conv.output[share1]");
  EXPECT_EQ(act.region->layer, 1);
  EXPECT_EQ(act.region->share, 1);
  // The images of the training set.
  const FlipAttribution::Hit img = a.find(reinterpret_cast<std::uint64_t>(data.images.data()), 0);
  ASSERT_NE(img.region, nullptr);
  EXPECT_EQ(img.region->name, "train.images");
  EXPECT_EQ(a.find(8, 0).region, nullptr);

  w.data[10] = 1.0f;
  std::uint32_t u = float_bits(w.data[10]) ^ (1u << 30);  // the flip, as the LLC applies it
  w.data[10] = bits_float(u);
  a.record(addr, 6, true, 7);
  a.record(8, 0, false, 7);
  EXPECT_EQ(a.flips(), 2u);
  EXPECT_EQ(a.unattributed(), 1u);
  const std::string csv = a.csv();
  EXPECT_NE(csv.find(w.name + ",weights,4,-1,1,1,0,1,7,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("unattributed,other,-1,-1,1,0,1,0,-1,"), std::string::npos) << csv;
  EXPECT_EQ(a.flips_per_layer()[5], 1u);
}

TEST(MitigationConfig, Names) {
  MitigationConfig m;
  ASSERT_TRUE(MitigationConfig::parse("range+rollback", m));
  EXPECT_TRUE(m.range_restriction && m.rollback && !m.gradient_guard);
  EXPECT_EQ(m.name(), "range+rollback");
  EXPECT_FALSE(MitigationConfig::parse("range+range", m));
  EXPECT_FALSE(MitigationConfig::parse("ecc", m));
  EXPECT_FALSE(MitigationConfig::parse("range+", m));
  ASSERT_TRUE(MitigationConfig::parse("none", m));
  EXPECT_FALSE(m.any());
}

TEST(FaultConfig, EveryTargetTimingPersistenceAndRateHasOneName) {
  test::expect_complete_table(kFaultTargets,
                              {FaultTarget::None, FaultTarget::Inputs, FaultTarget::Weights,
                               FaultTarget::Gradients, FaultTarget::State});
  test::expect_complete_table(kFaultTimings, {FaultTiming::PerRead, FaultTiming::PerResidency});
  test::expect_complete_table(kFaultPersistences,
                              {FaultPersistence::Persistent, FaultPersistence::Transient});
  test::expect_complete_table(kFaultRates, {FaultRate::PerBit, FaultRate::PerValue});
}

}  // namespace
}  // namespace sttvp::sw
