// Everything that fixes a training run, independent of where it runs: with the same config (and
// data) a run is bit-identical on any executor, native or simulated, with any number of workers.
//
// The values used by the tools live in configs/training/*.json (with their sources) and are read
// by TrainerConfigParser; the defaults below are only a consistent starting point for tests.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sw/data/Dataset.h"
#include "sw/nn/Gemm.h"
#include "sw/nn/Loss.h"
#include "sw/nn/Network.h"
#include "sw/train/Optimizer.h"

namespace sttvp::sw {

enum class NetKind : std::uint8_t { LeNet5, Mlp };

enum class ScheduleKind : std::uint8_t { Constant, Step, Cosine };

// Learning rate of step s as a pure function of s (so it is the same on every executor).
struct LearningRateSchedule {
  ScheduleKind kind = ScheduleKind::Constant;
  // Step: alpha x factor^floor(epoch / every_epochs), epoch = s / steps per epoch.
  double factor = 0.5;
  unsigned every_epochs = 1;
  // Cosine: alpha x (f + (1 - f) (1 + cos(pi s / S)) / 2) with S = epochs x steps per epoch and
  // f = final_fraction; alpha x f from step S on.
  double final_fraction = 0.0;
};

// How image bytes become network inputs (implemented once, by sw/Dataset): a pixel byte p becomes
// min + (max - min) p / 255, and `padding` pixels of value min surround every image.
struct InputScaling {
  float min = -1.0f;
  float max = 1.0f;
  std::size_t padding = 2;
};

// Data augmentation of training images, drawn per sample from (seed, step, position in the
// minibatch), so independent of shares and workers. Pixels that come from outside the image take
// the value of its top-left pixel (the background).
//   shift only:  a whole-pixel shift in x and y, each uniform in [-shift, shift] (an exact copy);
//   otherwise:   an affine map about the centre, rotation uniform in +-rotate_degrees, scale
//                uniform in [1 - scale, 1 + scale], shift uniform in [-shift, shift] (continuous),
//                sampled bilinearly.
struct Augmentation {
  unsigned shift = 0;
  float rotate_degrees = 0;
  float scale = 0;
  bool affine() const { return rotate_degrees > 0 || scale > 0; }
  bool active() const { return shift > 0 || affine(); }
};

struct TrainerConfig {
  NetKind net = NetKind::LeNet5;
  MlpShape mlp;  // used when net == Mlp
  InputScaling input;
  LossKind loss = LossKind::Mse;
  float target_high = 0.8f;  // MSE targets (tanh outputs)
  float target_low = -0.8f;
  OptimizerConfig optimizer;
  LearningRateSchedule schedule;
  unsigned epochs = 10;
  std::size_t minibatch = 16;
  // Shares of each minibatch, each processed by one worker into its own gradient buffer, then
  // summed in share order. The result depends on this number, never on the executor's workers.
  unsigned shares = 1;
  std::uint64_t seed = 1;  // weights; and the epoch orders when shuffling
  // Visit the training set in a fresh seeded order every epoch; false: file order (tiny-dnn).
  bool shuffle = true;
  bool evaluate_test = true;  // test accuracy at the end of every epoch
  Augmentation augment;
  GemmTiling tiling;

  // Throws std::invalid_argument naming the offending field.
  void validate() const;
  // The optimizer's learning rate for step `step` (steps numbered from 0 across epochs).
  float learning_rate(std::uint64_t step, std::uint64_t steps_per_epoch) const;
  // Loader options that give this config's inputs (28 x 28 digits, 10 classes); max_samples 0
  // keeps every sample.
  DatasetOptions dataset_options(std::size_t max_samples) const;
};

}  // namespace sttvp::sw
